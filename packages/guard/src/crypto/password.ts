import { ConfigError, GuardError } from '../core/errors.js'
import { CryptoErrorCode } from './errors.js'
import {
  encodeScryptHash,
  parseScryptHash,
  SCRYPT_HASH_BYTES,
  type ScryptParams,
  scryptMemory,
  scryptParamsProblem,
} from './scrypt-hash-format.js'

/**
 * OWASP Password Storage Cheat Sheet: scrypt with N = 2^17, r = 8, p = 1 (128 MiB, roughly a
 * quarter of a second of one core). On AWS Lambda give the function at least 512 MB of memory.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = Object.freeze({ ln: 17, r: 8, p: 1 })

/**
 * The longest password hashed, in UTF-8 bytes. scrypt's cost does not depend on the length, but
 * its first PBKDF2 pass does, and nobody types more than this: refusing longer input stops a
 * megabyte "password" from being the cheapest way to burn CPU.
 */
export const MAX_PASSWORD_BYTES = 1024

const SALT_BYTES = 16

/**
 * node:crypto, loaded on the first hash rather than at import: a static import of it made a cold
 * start ~7 ms slower, for a handler that may never see a password.
 */
const nodeCrypto = () => process.getBuiltinModule('node:crypto')

/** Options of `hashPassword`, `needsRehash` and (for unknown users) `verifyPassword`. */
export interface PasswordHashOptions {
  /** scrypt cost; defaults to DEFAULT_SCRYPT_PARAMS. Lower values are for tests only. */
  readonly params?: ScryptParams
}

/**
 * Hashes a password with scrypt and a random salt into a self-describing string to store.
 * Runs on libuv's thread pool, so the event loop keeps serving other requests.
 * The password is NFKC-normalised first (NIST SP 800-63B), so the same password typed on two
 * keyboards that compose characters differently still matches.
 *
 * @example
 * const stored = await hashPassword('correct horse battery staple')
 * // '$scrypt$ln=17,r=8,p=1$…$…'
 */
export async function hashPassword(
  password: string,
  options: PasswordHashOptions = {},
): Promise<string> {
  const params = checkedParams(options.params)
  if (typeof password !== 'string' || password === '') {
    throw new GuardError(
      CryptoErrorCode.passwordInvalid,
      400,
      'password must be a non-empty string',
    )
  }
  const bytes = passwordBytes(password)
  if (bytes === undefined) {
    throw new GuardError(
      CryptoErrorCode.passwordTooLong,
      400,
      `password must be at most ${MAX_PASSWORD_BYTES} bytes`,
    )
  }
  const salt = nodeCrypto().randomBytes(SALT_BYTES)
  const hash = await derive(bytes, salt, params, SCRYPT_HASH_BYTES)
  return encodeScryptHash({ params, salt, hash })
}

/**
 * Checks a password against a stored hash in constant time. A password that is not a string, is
 * empty or too long is simply wrong. With no stored hash (an unknown user), it still spends the
 * time of a hash at `options.params` (the cost you hash with; default the OWASP cost) and answers
 * false, so response times do not reveal which users exist. A stored hash that cannot be read
 * throws `ERR_PASSWORD_HASH_INVALID`.
 *
 * @example
 * if (!(await verifyPassword(user?.passwordHash, body.password))) throw invalidCredentials()
 */
export async function verifyPassword(
  stored: string | undefined | null,
  password: unknown,
  options: PasswordHashOptions = {},
): Promise<boolean> {
  if (stored === undefined || stored === null) {
    const dummy = unknownUserHash(checkedParams(options.params))
    await verifyPassword(dummy, typeof password === 'string' ? password : '-')
    return false
  }
  const { params, salt, hash } = parseScryptHash(stored)
  if (typeof password !== 'string' || password === '') return false
  const bytes = passwordBytes(password)
  if (bytes === undefined) return false
  const candidate = await derive(bytes, salt, params, SCRYPT_HASH_BYTES)
  return nodeCrypto().timingSafeEqual(candidate, hash)
}

/**
 * Whether a stored hash was made with other parameters than the current ones (or a shorter
 * salt): after a successful login, hash the password again and store the new string.
 *
 * @example
 * if (await verifyPassword(stored, password) && needsRehash(stored)) {
 *   await users.update(id, { passwordHash: await hashPassword(password) })
 * }
 */
export function needsRehash(stored: string, options: PasswordHashOptions = {}): boolean {
  const target = checkedParams(options.params)
  const { params, salt } = parseScryptHash(stored)
  return (
    params.ln !== target.ln ||
    params.r !== target.r ||
    params.p !== target.p ||
    salt.length < SALT_BYTES
  )
}

function checkedParams(params: ScryptParams | undefined): ScryptParams {
  if (params === undefined) return DEFAULT_SCRYPT_PARAMS
  const problem =
    typeof params === 'object' && params !== null
      ? scryptParamsProblem(params)
      : 'params must be an object'
  if (problem !== undefined) throw new ConfigError(`scrypt ${problem}`)
  return params
}

function passwordBytes(password: string): Buffer | undefined {
  // Measured before normalising too: NFKC can expand a string, and normalising a huge one is work.
  if (password.length > MAX_PASSWORD_BYTES) return undefined
  const bytes = Buffer.from(password.normalize('NFKC'), 'utf8')
  return bytes.length > MAX_PASSWORD_BYTES ? undefined : bytes
}

function derive(
  password: Buffer,
  salt: Buffer,
  params: ScryptParams,
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    nodeCrypto().scrypt(
      password,
      salt,
      length,
      // maxmem is 32 MiB by default; the OWASP cost needs 128 MiB.
      { N: 2 ** params.ln, r: params.r, p: params.p, maxmem: 2 * scryptMemory(params) },
      (error, key) => (error === null ? resolve(key) : reject(error)),
    )
  })
}

// Checked against when there is no user: the caller's cost, and a hash no password is known to match.
function unknownUserHash(params: ScryptParams): string {
  return encodeScryptHash({
    params,
    salt: Buffer.from('bulwark-no-such-user-salt'),
    hash: Buffer.from('bulwark: there is no such user!!'),
  })
}
