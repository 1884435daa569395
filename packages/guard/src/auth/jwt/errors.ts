import { errors } from 'jose'
import { GuardError } from '../../core/errors.js'

/** Stable codes of every way a JWT can be refused. Callers and alerts switch on these. */
export const JwtErrorCode = {
  /** Not a well-formed signed JWT, a forged or stripped signature, a refused algorithm or header. */
  invalid: 'ERR_AUTH_TOKEN_INVALID',
  /** Longer than `maxTokenLength`: refused before any decoding. */
  tooLarge: 'ERR_AUTH_TOKEN_TOO_LARGE',
  /** `exp` is past (beyond the clock tolerance), or `iat` is older than `maxTokenAge`. */
  expired: 'ERR_AUTH_TOKEN_EXPIRED',
  /** `nbf` or `iat` is in the future (beyond the clock tolerance). */
  notYetValid: 'ERR_AUTH_TOKEN_NOT_YET_VALID',
  /** Wrong issuer or audience, a required claim missing, a claim of the wrong type. */
  claim: 'ERR_AUTH_TOKEN_CLAIM',
  /** No configured or published key has the token's `kid`. */
  keyUnknown: 'ERR_AUTH_TOKEN_KEY_UNKNOWN',
  /** The issuer's JWKS endpoint did not answer in time or answered nonsense: 503, fail closed. */
  jwksUnavailable: 'ERR_AUTH_JWKS_UNAVAILABLE',
} as const

export type JwtErrorCode = (typeof JwtErrorCode)[keyof typeof JwtErrorCode]

// RFC 6750 §3: a 401 for a bearer token says why in WWW-Authenticate.
const INVALID_TOKEN_HEADERS = { 'www-authenticate': 'Bearer error="invalid_token"' }

/**
 * A 401 for a refused token. The message is safe to show: it never echoes the token or a claim.
 *
 * @example
 * throw tokenError(JwtErrorCode.expired, 'token has expired')
 */
export function tokenError(code: JwtErrorCode, message: string, cause?: unknown): GuardError {
  return new GuardError(code, 401, message, {
    headers: INVALID_TOKEN_HEADERS,
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * The 503 for an unreachable or broken JWKS endpoint. Not a 401: the token may be perfectly good, and
 * a 401 would tell clients to throw it away and log in again (a login storm during an outage); 503
 * tells them to retry, and the request is still refused (fail closed), as when the store is down.
 */
export function jwksUnavailable(cause: unknown): GuardError {
  return new GuardError(
    JwtErrorCode.jwksUnavailable,
    503,
    'the token signing keys could not be fetched',
    { cause, headers: { 'retry-after': '5' } },
  )
}

/** Marks a failure of the remote JWKS fetch so that it is not mistaken for a bad token. */
export class JwksFetchFailed extends Error {
  override readonly name = 'JwksFetchFailed'
}

/**
 * Translates whatever verification threw into the guard's vocabulary: a 401 with a stable code for
 * anything about the token, a 503 when the keys could not be fetched, and never anything else.
 *
 * @example
 * try { await jwtVerify(token, key, options) } catch (error) { throw toGuardError(error) }
 */
export function toGuardError(error: unknown): GuardError {
  if (error instanceof GuardError) return error
  if (error instanceof JwksFetchFailed) return jwksUnavailable(error.cause ?? error)
  if (error instanceof errors.JWTExpired) {
    return tokenError(
      JwtErrorCode.expired,
      error.claim === 'iat' ? 'token is older than the maximum token age' : 'token has expired',
      error,
    )
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if ((error.claim === 'nbf' || error.claim === 'iat') && error.reason === 'check_failed') {
      return tokenError(JwtErrorCode.notYetValid, 'token is not valid yet', error)
    }
    return tokenError(JwtErrorCode.claim, claimMessage(error.claim, error.reason), error)
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return tokenError(JwtErrorCode.keyUnknown, 'no known key matches the token', error)
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return tokenError(JwtErrorCode.invalid, 'token signature is invalid', error)
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return tokenError(JwtErrorCode.invalid, 'token algorithm is not allowed', error)
  }
  // Everything else that verification can throw (JWSInvalid, JWTInvalid, JOSENotSupported, a
  // TypeError from a key that does not fit the algorithm) is about the token the caller sent.
  return tokenError(JwtErrorCode.invalid, 'token is invalid', error)
}

function claimMessage(claim: string, reason: string): string {
  if (reason === 'missing') return `token is missing the required "${claim}" claim`
  if (claim === 'iss') return 'token issuer is not accepted'
  if (claim === 'aud') return 'token audience is not accepted'
  return `token "${claim}" claim is invalid`
}
