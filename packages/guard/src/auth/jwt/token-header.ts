import { JwtErrorCode, tokenError } from './errors.js'

/** The two header fields that decide how a token is checked, read before any key is touched. */
export interface TokenHeader {
  readonly alg: string
  readonly kid: string | undefined
}

const BASE64URL = /^[A-Za-z0-9_-]+$/
// Key ids in the wild are base64, base64url, UUIDs, thumbprints and dotted versions. Anything else
// (quotes, spaces, semicolons, backslashes, control characters) is refused before it reaches a key
// lookup, a log line or a JWKS refetch.
const KID = /^[A-Za-z0-9._~+/=:-]{1,256}$/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Checks the shape of a compact JWS and reads its header: size, three base64url parts, a non-empty
 * signature, a JSON header whose `alg` is one of the pinned algorithms, no `crit`, a sane `kid`.
 * Every refusal is a 401 GuardError; this never throws anything else, whatever the input.
 *
 * @example
 * readTokenHeader(token, { maxTokenLength: 8192, algorithms: ['RS256'] }) // { alg: 'RS256', kid: 'k1' }
 */
export function readTokenHeader(
  token: unknown,
  limits: { readonly maxTokenLength: number; readonly algorithms: readonly string[] },
): TokenHeader {
  if (typeof token !== 'string' || token === '') {
    throw tokenError(JwtErrorCode.invalid, 'token is missing')
  }
  if (token.length > limits.maxTokenLength) {
    throw tokenError(
      JwtErrorCode.tooLarge,
      `token is longer than ${limits.maxTokenLength} characters`,
    )
  }
  const parts = token.split('.')
  if (parts.length === 5) {
    throw tokenError(JwtErrorCode.invalid, 'encrypted tokens (JWE) are not accepted')
  }
  if (parts.length !== 3) {
    throw tokenError(JwtErrorCode.invalid, 'token is not a signed JWT (three base64url parts)')
  }
  const [encodedHeader, payload, signature] = parts as [string, string, string]
  if (signature === '') throw tokenError(JwtErrorCode.invalid, 'token has no signature')
  if (!isBase64url(encodedHeader) || !isBase64url(payload) || !isBase64url(signature)) {
    throw tokenError(JwtErrorCode.invalid, 'token is not valid base64url')
  }
  const header = decodeHeader(encodedHeader)
  const { alg, kid, crit } = header
  if (typeof alg !== 'string') throw tokenError(JwtErrorCode.invalid, 'token has no algorithm')
  if (alg.toLowerCase() === 'none') {
    throw tokenError(JwtErrorCode.invalid, 'unsigned tokens are not accepted')
  }
  if (!limits.algorithms.includes(alg)) {
    throw tokenError(JwtErrorCode.invalid, 'token algorithm is not allowed')
  }
  if (crit !== undefined) {
    // RFC 7515 §4.1.11: a verifier must refuse critical extensions it does not implement.
    throw tokenError(JwtErrorCode.invalid, 'token has critical header extensions')
  }
  if (kid !== undefined && (typeof kid !== 'string' || !KID.test(kid))) {
    throw tokenError(JwtErrorCode.invalid, 'token key id is malformed')
  }
  return { alg, kid }
}

function isBase64url(part: string): boolean {
  // A base64 group of one leftover character carries fewer than 8 bits: no encoder produces it.
  return BASE64URL.test(part) && part.length % 4 !== 1
}

function decodeHeader(encoded: string): Record<string, unknown> {
  let header: unknown
  try {
    header = JSON.parse(utf8.decode(Buffer.from(encoded, 'base64url')))
  } catch (cause) {
    throw tokenError(JwtErrorCode.invalid, 'token header is not JSON', cause)
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) {
    throw tokenError(JwtErrorCode.invalid, 'token header is not a JSON object')
  }
  return header as Record<string, unknown>
}
