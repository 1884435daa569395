/**
 * Credential formats. Both carry a fixed prefix so that secret scanners (GitHub push protection,
 * trufflehog, gitleaks) can recognise a leaked one:
 *
 * - Session token: `bws_` + 43 base64url characters = 32 random bytes (256 bits).
 * - API key: `bwk_` + 43 base62 characters (256 bits of randomness) + 6 base62 characters holding
 *   the CRC-32 (IEEE) of everything before them, zero-padded on the left. 53 characters in all:
 *   `/^bwk_[0-9A-Za-z]{49}$/`. The checksum lets a scanner (and the guard, before any store call)
 *   tell a real key from a random string of the same shape; it is not a secret and proves nothing.
 *
 * The store only ever sees `credentialId(token)`: the SHA-256 of the whole token, base64url.
 */

export const SESSION_TOKEN_PREFIX = 'bws_'
export const API_KEY_PREFIX = 'bwk_'

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const API_KEY_RANDOM_CHARS = 43
const CHECKSUM_CHARS = 6
const SESSION_TOKEN = /^bws_[A-Za-z0-9_-]{43}$/
const API_KEY = /^bwk_[0-9A-Za-z]{49}$/

/**
 * A new session token with 256 bits from the platform's CSPRNG.
 *
 * @example
 * newSessionToken() // 'bws_3q2-…' (47 characters)
 */
export function newSessionToken(): string {
  return SESSION_TOKEN_PREFIX + base64url(crypto.getRandomValues(new Uint8Array(32)))
}

/** Whether `token` has the session token shape (says nothing about it being live). */
export function isSessionTokenFormat(token: string): boolean {
  return SESSION_TOKEN.test(token)
}

/**
 * A new API key: prefix, 256 random bits in base62, CRC-32 checksum.
 *
 * @example
 * newApiKey() // 'bwk_7Gq…' (53 characters)
 */
export function newApiKey(): string {
  let random = ''
  while (random.length < API_KEY_RANDOM_CHARS) {
    for (const byte of crypto.getRandomValues(new Uint8Array(64))) {
      // 248 = 4 × 62: rejecting the rest keeps every character equally likely.
      if (byte < 248 && random.length < API_KEY_RANDOM_CHARS) random += BASE62[byte % 62]
    }
  }
  const body = API_KEY_PREFIX + random
  return body + checksum(body)
}

/**
 * Whether `key` is a well-formed API key with a valid checksum: a cheap local check that turns
 * away typos and random strings before any store round trip.
 *
 * @example
 * isApiKeyFormat(newApiKey()) // true
 * isApiKeyFormat('bwk_' + 'a'.repeat(49)) // false: the checksum does not match
 */
export function isApiKeyFormat(key: string): boolean {
  if (!API_KEY.test(key)) return false
  const cut = key.length - CHECKSUM_CHARS
  return checksum(key.slice(0, cut)) === key.slice(cut)
}

/**
 * The id under which a credential is stored: SHA-256 of the whole token, base64url (43 chars).
 * One-way, so a leaked store dump holds no usable credential.
 *
 * @example
 * await credentialId('bws_…') // 'n4bQgYhMfWWaL-qgxVrQFaO_TxsrC4Is0V1sFbDwCgg'
 */
export async function credentialId(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token))
  return base64url(new Uint8Array(digest))
}

function checksum(text: string): string {
  let value = crc32(new TextEncoder().encode(text))
  let out = ''
  for (let i = 0; i < CHECKSUM_CHARS; i++) {
    out = BASE62[value % 62] + out
    value = Math.floor(value / 62)
  }
  return out
}

let crcTable: Uint32Array | undefined

/** CRC-32 (IEEE 802.3), the checksum GitHub's token format uses. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === undefined) {
    crcTable = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      crcTable[n] = c >>> 0
    }
  }
  let crc = 0xffffffff
  for (const byte of bytes) crc = (crcTable[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
