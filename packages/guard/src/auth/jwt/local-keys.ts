import type { KeyObject } from 'node:crypto'
import { ConfigError } from '../../core/errors.js'
import { describe } from '../../core/options.js'

/** A configured public key, imported once at construction, with what it may verify. */
export interface LocalKey {
  readonly kid: string | undefined
  /** The JWK's `alg`, when it pins one. */
  readonly alg: string | undefined
  readonly kty: string
  readonly crv: string | undefined
  readonly key: KeyObject
}

/**
 * node:crypto, loaded when local keys are configured rather than at import: a static import of it
 * made a cold start ~7 ms slower, and a verifier with only a JWKS URL never needs it (jose verifies
 * with Web Crypto).
 */
const nodeCrypto = () => process.getBuiltinModule('node:crypto')

const CURVE_OF: Readonly<Record<string, string>> = {
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
  EdDSA: 'Ed25519',
  Ed25519: 'Ed25519',
}

/**
 * Whether a key can verify a signature made with `alg`: the right key type and curve, and the JWK's
 * own `alg` when it has one (so an RS256 key is never tried for PS256).
 *
 * @example
 * keyFitsAlgorithm(rsaKey, 'RS256') // true
 */
export function keyFitsAlgorithm(key: LocalKey, alg: string): boolean {
  if (key.alg !== undefined && key.alg !== alg) return false
  if (alg.startsWith('RS') || alg.startsWith('PS')) return key.kty === 'RSA'
  const curve = CURVE_OF[alg]
  if (curve === undefined) return false
  return key.kty === (alg.startsWith('ES') ? 'EC' : 'OKP') && key.crv === curve
}

/**
 * The keys to try for a token header: those with its `kid`, else those without a kid (a PEM key has
 * none); all fitting keys when the token names no kid.
 *
 * @example
 * matchLocalKeys(keys, 'RS256', 'key-2024') // [KeyObject]
 */
export function matchLocalKeys(
  keys: readonly LocalKey[],
  alg: string,
  kid: string | undefined,
): KeyObject[] {
  const usable = keys.filter((key) => keyFitsAlgorithm(key, alg))
  if (kid === undefined) return usable.map((key) => key.key)
  const exact = usable.filter((key) => key.kid === kid)
  return (exact.length > 0 ? exact : usable.filter((key) => key.kid === undefined)).map(
    (key) => key.key,
  )
}

/**
 * Reads `jwt.keys`: a PEM public key or certificate, a public KeyObject, a public JWK, an array of
 * those, or a JWKS object. Private and symmetric keys are refused: a verifier needs only the public
 * half, and a private key deployed next to the verifier is a private key one leak away from forgery.
 *
 * @example
 * readLocalKeys('jwt.keys', readFileSync('issuer.pem', 'utf8'), ['RS256'])
 */
export function readLocalKeys(
  where: string,
  value: unknown,
  algorithms: readonly string[],
): LocalKey[] {
  const entries = Array.isArray(value)
    ? value
    : isJwks(value)
      ? (value as { keys: unknown[] }).keys
      : [value]
  if (entries.length === 0) throw new ConfigError(`${where} must contain at least one key`)
  return entries.map((entry, index) => {
    const at = entries.length === 1 ? where : `${where}[${index}]`
    const key = readLocalKey(at, entry)
    if (!algorithms.some((alg) => keyFitsAlgorithm(key, alg))) {
      throw new ConfigError(
        `${at} (${key.kty}${key.crv === undefined ? '' : ` ${key.crv}`}) cannot verify any of jwt.algorithms (${algorithms.join(', ')})`,
      )
    }
    return key
  })
}

function isJwks(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof nodeCrypto().KeyObject) &&
    Array.isArray((value as { keys?: unknown }).keys) &&
    (value as { kty?: unknown }).kty === undefined
  )
}

function readLocalKey(where: string, value: unknown): LocalKey {
  if (typeof value === 'string') return fromKeyObject(where, importPem(where, value), undefined)
  if (value instanceof nodeCrypto().KeyObject) return fromKeyObject(where, value, undefined)
  if (typeof value === 'object' && value !== null && typeof CryptoKey !== 'undefined') {
    if (value instanceof CryptoKey) {
      throw new ConfigError(`${where}: pass a KeyObject (KeyObject.from(cryptoKey)) or a JWK`)
    }
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kty?: unknown }).kty === 'string'
  ) {
    return fromJwk(where, value as Record<string, unknown>)
  }
  throw new ConfigError(
    `${where} must be a PEM public key, a public KeyObject or a public JWK, got ${describe(value)}`,
  )
}

function importPem(where: string, pem: string): KeyObject {
  if (/PRIVATE KEY-----/.test(pem)) {
    throw new ConfigError(`${where} is a private key: configure only the public key`)
  }
  if (!pem.includes('-----BEGIN ')) {
    throw new ConfigError(`${where} must be a PEM public key or certificate (-----BEGIN …)`)
  }
  try {
    return nodeCrypto().createPublicKey(pem)
  } catch (cause) {
    throw new ConfigError(`${where} is not a readable PEM public key: ${(cause as Error).message}`)
  }
}

function fromJwk(where: string, jwk: Record<string, unknown>): LocalKey {
  if (jwk.d !== undefined || jwk.kty === 'oct') {
    throw new ConfigError(`${where} is a private or secret JWK: configure only the public key`)
  }
  if (jwk.use !== undefined && jwk.use !== 'sig') {
    throw new ConfigError(`${where} has use ${describe(jwk.use)}: only 'sig' keys verify tokens`)
  }
  if (Array.isArray(jwk.key_ops) && !jwk.key_ops.includes('verify')) {
    throw new ConfigError(`${where} has key_ops without 'verify'`)
  }
  if (jwk.kid !== undefined && typeof jwk.kid !== 'string') {
    throw new ConfigError(`${where}.kid must be a string, got ${describe(jwk.kid)}`)
  }
  if (jwk.alg !== undefined && typeof jwk.alg !== 'string') {
    throw new ConfigError(`${where}.alg must be a string, got ${describe(jwk.alg)}`)
  }
  let key: KeyObject
  try {
    key = nodeCrypto().createPublicKey({ key: jwk as never, format: 'jwk' })
  } catch (cause) {
    throw new ConfigError(`${where} is not a readable public JWK: ${(cause as Error).message}`)
  }
  return fromKeyObject(where, key, jwk)
}

function fromKeyObject(
  where: string,
  key: KeyObject,
  jwk: Record<string, unknown> | undefined,
): LocalKey {
  if (key.type !== 'public') {
    throw new ConfigError(`${where} is a ${key.type} key: configure only the public key`)
  }
  const exported = key.export({ format: 'jwk' }) as { kty?: string; crv?: string }
  if (exported.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
    throw new ConfigError(`${where} is an RSA key shorter than 2048 bits`)
  }
  return {
    kid: jwk?.kid as string | undefined,
    alg: jwk?.alg as string | undefined,
    kty: exported.kty ?? 'unknown',
    crv: exported.crv,
    key,
  }
}
