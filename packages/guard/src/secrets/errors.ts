import { GuardError } from '../core/errors.js'

/** Stable codes of `@bulwark/guard/secrets`. Every message names the secret, never its value. */
export const SecretsErrorCode = {
  /** The provider answered that no such secret (or nothing under that path) exists. */
  notFound: 'ERR_SECRET_NOT_FOUND',
  /**
   * The provider failed (an outage, throttling after the retries, a timeout, access denied) and
   * there is no earlier value young enough to serve instead.
   */
  unavailable: 'ERR_SECRET_UNAVAILABLE',
  /** The secret was asked for as JSON but is not a JSON object. */
  notJson: 'ERR_SECRET_NOT_JSON',
  /** The JSON secret has no such field, or the field is not a string, number or boolean. */
  field: 'ERR_SECRET_FIELD',
  /** The provider cannot do this (a binary secret, a path from a flat provider). */
  unsupported: 'ERR_SECRET_UNSUPPORTED',
  /** The optional peer dependency with the AWS SDK client is not installed. */
  sdkMissing: 'ERR_SECRETS_SDK_MISSING',
} as const

export type SecretsErrorCode = (typeof SecretsErrorCode)[keyof typeof SecretsErrorCode]

/**
 * A secrets error. A provider outage is a 503 with `Retry-After`, since it passes; everything
 * else is a 500, a misconfiguration. Either way the caller sees only the code, never the message.
 *
 * @example
 * throw secretError(SecretsErrorCode.notFound, `${secretLabel(name)} was not found in ssm`)
 */
export function secretError(code: SecretsErrorCode, message: string, cause?: unknown): GuardError {
  if (code === SecretsErrorCode.unavailable) {
    return new GuardError(code, 503, message, { cause, headers: { 'retry-after': '5' } })
  }
  return new GuardError(code, 500, message, cause === undefined ? {} : { cause })
}

/**
 * How a secret is named in messages: quoted, so that an odd name cannot blur the sentence.
 *
 * @example
 * secretLabel('prod/db') // 'secret "prod/db"'
 */
export function secretLabel(name: string): string {
  return `secret ${JSON.stringify(name)}`
}

/**
 * Whether `error` is a secrets error with this code.
 *
 * @example
 * if (hasCode(error, SecretsErrorCode.notFound)) cache.delete(name)
 */
export function hasCode(error: unknown, code: SecretsErrorCode): error is GuardError {
  return error instanceof GuardError && error.code === code
}
