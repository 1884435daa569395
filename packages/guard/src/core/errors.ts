/**
 * The one error class of the guard. Callers switch on `code`, never on messages.
 * `expose` says whether the message may reach the client: true for 4xx, false for 5xx,
 * whose message stays in the log while the client sees only "internal error".
 *
 * @example
 * throw new GuardError('ERR_NOT_FOUND', 404, 'no such transfer')
 */
export class GuardError extends Error {
  override readonly name = 'GuardError'
  readonly code: string
  readonly status: number
  readonly expose: boolean
  /** Extra, client-safe detail (for example the field path of a validation error). */
  readonly details: Readonly<Record<string, unknown>> | undefined
  /** Response headers this error needs (for example `WWW-Authenticate` or `Retry-After`). */
  readonly headers: Readonly<Record<string, string>> | undefined

  constructor(
    code: string,
    status: number,
    message: string,
    options: {
      cause?: unknown
      details?: Record<string, unknown>
      headers?: Record<string, string>
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.code = code
    this.status = status
    this.expose = status < 500
    this.details = options.details
    this.headers = options.headers
  }
}

/** Stable error codes raised by the pipeline itself. */
export const ErrorCode = {
  internal: 'ERR_INTERNAL',
  notFound: 'ERR_NOT_FOUND',
  methodNotAllowed: 'ERR_METHOD_NOT_ALLOWED',
  authRequired: 'ERR_AUTH_REQUIRED',
  forbidden: 'ERR_FORBIDDEN',
  corsOriginDenied: 'ERR_CORS_ORIGIN_DENIED',
  bodyTooLarge: 'ERR_BODY_TOO_LARGE',
  unsupportedMediaType: 'ERR_UNSUPPORTED_MEDIA_TYPE',
  malformedBody: 'ERR_MALFORMED_BODY',
  prototypeKey: 'ERR_PROTOTYPE_KEY',
  tooDeep: 'ERR_BODY_TOO_DEEP',
  stringTooLong: 'ERR_STRING_TOO_LONG',
  validation: 'ERR_VALIDATION',
  config: 'ERR_CONFIG',
  authMalformed: 'ERR_AUTH_MALFORMED',
  authInvalid: 'ERR_AUTH_INVALID',
  authExpired: 'ERR_AUTH_EXPIRED',
  authRevoked: 'ERR_AUTH_REVOKED',
  credentialLocation: 'ERR_CREDENTIAL_LOCATION',
  apiKeyNotAccepted: 'ERR_API_KEY_NOT_ACCEPTED',
  apiKeyReadOnly: 'ERR_API_KEY_READ_ONLY',
  sessionRequired: 'ERR_SESSION_REQUIRED',
  stepUpRequired: 'ERR_STEP_UP_REQUIRED',
  rateLimited: 'ERR_RATE_LIMITED',
  loginFailed: 'ERR_LOGIN_FAILED',
  loginLocked: 'ERR_LOGIN_LOCKED',
  storeUnavailable: 'ERR_STORE_UNAVAILABLE',
} as const

/** Thrown at construction when an option is unknown or invalid: a misconfiguration fails at deploy. */
export class ConfigError extends GuardError {
  constructor(message: string) {
    super(ErrorCode.config, 500, message)
  }
}
