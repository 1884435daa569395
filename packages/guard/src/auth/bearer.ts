import {
  API_KEY_PREFIX,
  isApiKeyFormat,
  isSessionTokenFormat,
  SESSION_TOKEN_PREFIX,
} from './tokens.js'

/** What the Authorization header (or `X-API-Key`) holds. */
export type PresentedCredential =
  | { readonly kind: 'none' }
  | { readonly kind: 'malformed'; readonly reason: string }
  | { readonly kind: 'session'; readonly token: string }
  | { readonly kind: 'apiKey'; readonly key: string }
  | { readonly kind: 'jwt'; readonly token: string }
  /** A well-formed bearer token of no format we issue or verify. */
  | { readonly kind: 'unknown'; readonly token: string }

/** Longer than any JWT a sane issuer produces; longer headers are refused before any parsing. */
export const MAX_AUTHORIZATION_LENGTH = 8192

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/

/**
 * Reads the `Authorization` header: `Bearer <token>` only (any other scheme, two headers folded
 * into one, bad characters, an empty token or an oversized header are `malformed`). The token is
 * classified by shape so that each kind goes to its own check; nothing here touches the store.
 *
 * @example
 * parseAuthorization('Bearer bws_…') // { kind: 'session', token: 'bws_…' }
 * parseAuthorization('Basic dXNlcjpwYXNz') // { kind: 'malformed', reason: 'not a Bearer credential' }
 */
export function parseAuthorization(header: string | undefined): PresentedCredential {
  if (header === undefined) return { kind: 'none' }
  if (typeof header !== 'string') return { kind: 'malformed', reason: 'not a string' }
  if (header.length > MAX_AUTHORIZATION_LENGTH) {
    return { kind: 'malformed', reason: 'Authorization header too long' }
  }
  const match = BEARER.exec(header.trim())
  if (match === null) {
    return {
      kind: 'malformed',
      reason: /^Bearer\b/i.test(header.trim())
        ? 'malformed Bearer token'
        : 'not a Bearer credential',
    }
  }
  return classifyToken(match[1] as string)
}

/**
 * Reads the `X-API-Key` header: an API key, or `malformed`.
 *
 * @example
 * parseApiKeyHeader(undefined) // { kind: 'none' }
 */
export function parseApiKeyHeader(header: string | undefined): PresentedCredential {
  if (header === undefined) return { kind: 'none' }
  if (typeof header !== 'string') return { kind: 'malformed', reason: 'not a string' }
  const key = header.trim()
  if (!key.startsWith(API_KEY_PREFIX)) return { kind: 'malformed', reason: 'not an API key' }
  return isApiKeyFormat(key)
    ? { kind: 'apiKey', key }
    : { kind: 'malformed', reason: 'malformed API key' }
}

function classifyToken(token: string): PresentedCredential {
  if (token.startsWith(SESSION_TOKEN_PREFIX)) {
    return isSessionTokenFormat(token)
      ? { kind: 'session', token }
      : { kind: 'malformed', reason: 'malformed session token' }
  }
  if (token.startsWith(API_KEY_PREFIX)) {
    return isApiKeyFormat(token)
      ? { kind: 'apiKey', key: token }
      : { kind: 'malformed', reason: 'malformed API key' }
  }
  if (JWT.test(token)) return { kind: 'jwt', token }
  return { kind: 'unknown', token }
}
