import { ConfigError, GuardError } from '../core/errors.js'
import { assertKnownKeys, describe } from '../core/options.js'
import { CryptoErrorCode } from './errors.js'

/** A 256-bit key: 32 bytes, or a base64 / base64url string of them. */
export type FieldKey = Uint8Array | string

/** Options of `createFieldCipher`. */
export interface FieldCipherOptions {
  /** Every key that may still decrypt, by id (letters, digits, `_` and `-`, up to 32). */
  readonly keys: Readonly<Record<string, FieldKey>>
  /** The id of the key new ciphertexts are written with. */
  readonly current: string
}

/** Options of one encryption or decryption. */
export interface FieldCryptOptions {
  /**
   * Bound to the ciphertext but not stored in it: decryption needs the same value. Use what says
   * where the value lives (`users/42/ssn`), so a ciphertext copied to another row or field fails.
   */
  readonly associatedData?: string | Uint8Array
}

/** Encrypts and decrypts individual fields with AES-256-GCM. */
export interface FieldCipher {
  /** A `v1.<keyId>.<iv>.<ciphertext>` string, encrypted with the current key. */
  encrypt(plaintext: string | Uint8Array, options?: FieldCryptOptions): Promise<string>
  /** The UTF-8 plaintext; a GuardError if the string was changed, the key is unknown or it is malformed. */
  decrypt(ciphertext: string, options?: FieldCryptOptions): Promise<string>
  /** Like `decrypt`, for binary plaintexts. */
  decryptBytes(ciphertext: string, options?: FieldCryptOptions): Promise<Uint8Array>
  /** Whether a ciphertext was written with another key than the current one (re-encrypt it). */
  needsRotation(ciphertext: string): boolean
}

const VERSION = 'v1'
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/
const BASE64URL = /^[A-Za-z0-9_-]+$/
const IV_BYTES = 12
const TAG_BYTES = 16
const encoder = new TextEncoder()
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Field encryption with AES-256-GCM (Web Crypto, so it runs on Lambda and in Fetch runtimes alike):
 * a random 96-bit IV per value, the key id in the ciphertext so that keys can rotate (old keys keep
 * decrypting, new values use `current`), and the version and key id authenticated with the
 * caller's associated data. Keep each key under about 2^32 encryptions (random IVs).
 *
 * @example
 * const cipher = createFieldCipher({ keys: { k2025: process.env.FIELD_KEY_2025! }, current: 'k2025' })
 * const stored = await cipher.encrypt('123-45-6789', { associatedData: `users/${id}/ssn` })
 * const ssn = await cipher.decrypt(stored, { associatedData: `users/${id}/ssn` })
 */
export function createFieldCipher(options: FieldCipherOptions): FieldCipher {
  assertKnownKeys('fieldCipher', options, ['keys', 'current'])
  if (options === undefined) throw new ConfigError('fieldCipher must be an object')
  const { keys, current } = options
  if (typeof keys !== 'object' || keys === null || Object.keys(keys).length === 0) {
    throw new ConfigError('fieldCipher.keys must map key ids to 32-byte keys')
  }
  const rawKeys = new Map<string, Uint8Array<ArrayBuffer>>()
  for (const [id, key] of Object.entries(keys)) {
    if (!KEY_ID.test(id)) {
      throw new ConfigError(
        `fieldCipher.keys: ${describe(id)} is not a key id (A-Z a-z 0-9 _ -, up to 32)`,
      )
    }
    rawKeys.set(id, readKey(`fieldCipher.keys.${id}`, key))
  }
  if (typeof current !== 'string' || !rawKeys.has(current)) {
    throw new ConfigError(
      `fieldCipher.current must be one of the key ids, got ${describe(current)}`,
    )
  }

  const imported = new Map<string, Promise<CryptoKey>>()
  function cryptoKey(id: string): Promise<CryptoKey> {
    let key = imported.get(id)
    if (key === undefined) {
      key = crypto.subtle.importKey(
        'raw',
        rawKeys.get(id) as Uint8Array<ArrayBuffer>,
        'AES-GCM',
        false,
        ['encrypt', 'decrypt'],
      )
      imported.set(id, key)
    }
    return key
  }

  async function decryptBytes(ciphertext: string, opts: FieldCryptOptions = {}) {
    const { keyId, iv, sealed } = parseCiphertext(ciphertext)
    if (!rawKeys.has(keyId)) {
      throw new GuardError(
        CryptoErrorCode.ciphertextKeyUnknown,
        500,
        `ciphertext was written with key ${JSON.stringify(keyId)}, which this cipher was not given`,
      )
    }
    try {
      const plaintext = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(keyId, opts.associatedData) },
        await cryptoKey(keyId),
        sealed,
      )
      return new Uint8Array(plaintext)
    } catch (cause) {
      throw new GuardError(
        CryptoErrorCode.ciphertextTampered,
        500,
        'ciphertext failed authentication: it, its key id or its associated data were changed',
        { cause },
      )
    }
  }

  return {
    async encrypt(plaintext, opts = {}) {
      if (typeof plaintext !== 'string' && !(plaintext instanceof Uint8Array)) {
        throw new TypeError('plaintext must be a string or a Uint8Array')
      }
      const bytes =
        typeof plaintext === 'string' ? encoder.encode(plaintext) : new Uint8Array(plaintext)
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: additionalData(current, opts.associatedData) },
        await cryptoKey(current),
        bytes,
      )
      return `${VERSION}.${current}.${base64url(iv)}.${base64url(new Uint8Array(sealed))}`
    },
    decryptBytes,
    async decrypt(ciphertext, opts) {
      const bytes = await decryptBytes(ciphertext, opts)
      try {
        return utf8.decode(bytes)
      } catch (cause) {
        throw new GuardError(
          CryptoErrorCode.ciphertextMalformed,
          500,
          'plaintext is not UTF-8: use decryptBytes',
          { cause },
        )
      }
    },
    needsRotation(ciphertext) {
      return parseCiphertext(ciphertext).keyId !== current
    },
  }
}

/**
 * Splits `v1.<keyId>.<iv>.<ciphertext+tag>` strictly; anything else is `ERR_CIPHERTEXT_MALFORMED`.
 *
 * @example
 * parseCiphertext('v1.k1.AAAAAAAAAAAAAAAA.…').keyId // 'k1'
 */
export function parseCiphertext(ciphertext: unknown): {
  keyId: string
  iv: Uint8Array<ArrayBuffer>
  sealed: Uint8Array<ArrayBuffer>
} {
  const parts = typeof ciphertext === 'string' ? ciphertext.split('.') : []
  const [version, keyId, iv, sealed] = parts
  if (
    parts.length !== 4 ||
    version !== VERSION ||
    keyId === undefined ||
    !KEY_ID.test(keyId) ||
    iv === undefined ||
    sealed === undefined ||
    !BASE64URL.test(iv) ||
    !BASE64URL.test(sealed)
  ) {
    throw malformed('it is not a v1.<keyId>.<iv>.<ciphertext> string')
  }
  const ivBytes = fromBase64url(iv)
  const sealedBytes = fromBase64url(sealed)
  if (ivBytes.length !== IV_BYTES) throw malformed('its IV is not 96 bits')
  if (sealedBytes.length < TAG_BYTES) throw malformed('it is shorter than an authentication tag')
  return { keyId, iv: ivBytes, sealed: sealedBytes }
}

function additionalData(
  keyId: string,
  associated: string | Uint8Array | undefined,
): Uint8Array<ArrayBuffer> {
  // The header is authenticated too, and the NUL separator cannot occur in it, so no two
  // (key id, associated data) pairs produce the same bytes.
  const header = encoder.encode(`${VERSION}.${keyId}\0`)
  const extra =
    typeof associated === 'string' ? encoder.encode(associated) : (associated ?? new Uint8Array())
  const out = new Uint8Array(header.length + extra.length)
  out.set(header)
  out.set(extra, header.length)
  return out
}

function readKey(where: string, key: unknown): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer> | undefined
  if (key instanceof Uint8Array) bytes = new Uint8Array(key)
  else if (typeof key === 'string' && /^[A-Za-z0-9+/_-]+={0,2}$/.test(key)) {
    bytes = new Uint8Array(
      Buffer.from(key, key.includes('-') || key.includes('_') ? 'base64url' : 'base64'),
    )
  }
  if (bytes === undefined || bytes.length !== 32) {
    throw new ConfigError(
      `${where} must be 32 bytes (a Uint8Array, or base64 of 32 random bytes: ` +
        `crypto.randomBytes(32).toString('base64')), got ${bytes === undefined ? describe(typeof key === 'string' ? '…' : key) : `${bytes.length} bytes`}`,
    )
  }
  return bytes
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(text, 'base64url')
  if (base64url(bytes) !== text) throw malformed('it is not canonical base64url')
  return new Uint8Array(bytes)
}

function malformed(reason: string): GuardError {
  return new GuardError(
    CryptoErrorCode.ciphertextMalformed,
    500,
    `ciphertext is malformed: ${reason}`,
  )
}
