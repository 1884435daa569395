import { GuardError } from '../core/errors.js'
import { CryptoErrorCode } from './errors.js'

/** scrypt cost parameters: N = 2^ln, block size r, parallelism p. */
export interface ScryptParams {
  readonly ln: number
  readonly r: number
  readonly p: number
}

/** The length of every stored hash. */
export const SCRYPT_HASH_BYTES = 32

/** A parsed `$scrypt$ln=…,r=…,p=…$salt$hash` string. */
export interface ScryptHash {
  readonly params: ScryptParams
  readonly salt: Buffer
  readonly hash: Buffer
}

// 128·N·r bytes of memory per hash: 256 MiB is twice the OWASP setting. A stored hash asking for
// more (a tampered row) is refused rather than allowed to exhaust the function's memory.
export const MAX_SCRYPT_MEMORY = 256 * 1024 * 1024

const FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

/**
 * Memory in bytes that scrypt needs for these parameters.
 *
 * @example
 * scryptMemory({ ln: 17, r: 8, p: 1 }) // 134217728 (128 MiB)
 */
export function scryptMemory(params: ScryptParams): number {
  return 128 * 2 ** params.ln * params.r
}

/**
 * Whether parameters are within what this module will compute: ln 1–24, r 1–32, p 1–16, and at
 * most MAX_SCRYPT_MEMORY.
 */
export function scryptParamsProblem(params: ScryptParams): string | undefined {
  const { ln, r, p } = params
  if (!Number.isInteger(ln) || ln < 1 || ln > 24)
    return `ln must be an integer from 1 to 24, got ${ln}`
  if (!Number.isInteger(r) || r < 1 || r > 32) return `r must be an integer from 1 to 32, got ${r}`
  if (!Number.isInteger(p) || p < 1 || p > 16) return `p must be an integer from 1 to 16, got ${p}`
  if (scryptMemory(params) > MAX_SCRYPT_MEMORY) {
    return `128·2^ln·r must be at most ${MAX_SCRYPT_MEMORY} bytes, got ${scryptMemory(params)}`
  }
  return undefined
}

/**
 * The self-describing string stored for a password: algorithm, parameters, salt and hash, in the
 * PHC string format (base64 without padding), so that parameters can change without a migration.
 *
 * @example
 * encodeScryptHash({ params: { ln: 17, r: 8, p: 1 }, salt, hash })
 * // '$scrypt$ln=17,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$…'
 */
export function encodeScryptHash({ params, salt, hash }: ScryptHash): string {
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${b64(salt)}$${b64(hash)}`
}

/**
 * Reads a stored password hash strictly: canonical numbers and base64, bounded parameters, a salt
 * of 16–64 bytes and a 32-byte hash. Anything else is a GuardError `ERR_PASSWORD_HASH_INVALID` (500: a
 * corrupt row is the server's problem), never another exception.
 *
 * @example
 * parseScryptHash('$scrypt$ln=17,r=8,p=1$…$…').params // { ln: 17, r: 8, p: 1 }
 */
export function parseScryptHash(encoded: unknown): ScryptHash {
  const match = typeof encoded === 'string' && encoded.length <= 300 ? FORMAT.exec(encoded) : null
  if (match === null) throw invalid('it is not a $scrypt$ln=…,r=…,p=…$salt$hash string')
  const [, ln, r, p, salt, hash] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ]
  if ([ln, r, p].some((n) => n.length > 1 && n.startsWith('0'))) {
    throw invalid('its parameters have leading zeros')
  }
  const params = { ln: Number(ln), r: Number(r), p: Number(p) }
  const problem = scryptParamsProblem(params)
  if (problem !== undefined) throw invalid(problem)
  const saltBytes = readBase64('salt', salt)
  if (saltBytes.length < 16 || saltBytes.length > 64)
    throw invalid('its salt must be 16 to 64 bytes')
  const hashBytes = readBase64('hash', hash)
  // A shorter hash would still match (scrypt's output is a PBKDF2 stream): a truncated row must
  // not quietly weaken the check, so the length is fixed.
  if (hashBytes.length !== SCRYPT_HASH_BYTES)
    throw invalid(`its hash must be ${SCRYPT_HASH_BYTES} bytes`)
  return { params, salt: saltBytes, hash: hashBytes }
}

function readBase64(what: string, text: string): Buffer {
  const bytes = Buffer.from(text, 'base64')
  // Node's decoder forgives stray bits; re-encoding catches a string no encoder would produce.
  if (b64(bytes) !== text) throw invalid(`its ${what} is not canonical base64`)
  return bytes
}

function b64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '')
}

function invalid(reason: string): GuardError {
  return new GuardError(
    CryptoErrorCode.passwordHashInvalid,
    500,
    `stored password hash is invalid: ${reason}`,
  )
}
