import type { KeyObject } from 'node:crypto'
import type { JWK } from 'jose'
import { parseDuration } from '../../core/duration.js'
import { ConfigError } from '../../core/errors.js'
import { assertKnownKeys, describe, positiveInteger } from '../../core/options.js'
import { type LocalKey, readLocalKeys } from './local-keys.js'

/** The signature algorithms a verifier can be pinned to. `none` is not one of them, by design. */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
  'HS256',
  'HS384',
  'HS512',
] as const

export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number]

/** A remote JWKS endpoint with its fetch bounds. */
export interface RemoteJwksOptions {
  /** `https://…/.well-known/jwks.json` (plain `http://` only for loopback addresses). */
  url: string
  /** Longest wait for the endpoint before the request is refused with 503. Default `'3s'`, max `'10s'`. */
  timeout?: string | number
  /** After a fetch, how long an unknown `kid` is refused without fetching again. Default `'30s'`. */
  cooldown?: string | number
  /** How long fetched keys are used before they are fetched again. Default `'10m'`, max `'24h'`. */
  cacheMaxAge?: string | number
}

/** One local verification key: a PEM public key or certificate, a public `KeyObject`, or a public JWK. */
export type JwtLocalKey = string | KeyObject | JWK

/**
 * The `jwt` section of the guard's configuration. Exactly one of `jwks`, `keys` and `secret`.
 *
 * @example
 * const jwt: JwtConfig = {
 *   issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc',
 *   audience: '3n4b5urk1ft4fl3mg5e62d9ado',
 *   algorithms: ['RS256'],
 *   jwks: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_abc/.well-known/jwks.json',
 *   permissionsClaim: 'cognito:groups',
 * }
 */
export interface JwtConfig {
  /** Accepted `iss` values. Required. */
  issuer: string | readonly string[]
  /** Accepted `aud` values (the token must name at least one). Required. */
  audience: string | readonly string[]
  /** Accepted `alg` values. Required: a token never chooses how it is checked. */
  algorithms: readonly JwtAlgorithm[]
  /** The issuer's JWKS endpoint, for RS/PS/ES/EdDSA algorithms. */
  jwks?: string | RemoteJwksOptions
  /** Local public keys: one key, an array of keys, or a JWKS object `{ keys: [...] }`. */
  keys?: JwtLocalKey | readonly JwtLocalKey[] | { keys: readonly JWK[] }
  /** The shared secret for HS algorithms, at least as long as the hash (32 bytes for HS256). */
  secret?: string | Uint8Array
  /** Allowed clock skew for `exp`, `nbf` and `iat`. Default `'30s'`, at most `'5m'`. */
  clockTolerance?: string | number
  /** Tokens issued (`iat`) longer ago than this are refused. Default `'24h'`, at most `'30d'`. */
  maxTokenAge?: string | number
  /** Longer tokens are refused before decoding. Default 8192 characters, at most 65536. */
  maxTokenLength?: number
  /** Where permission ids are: a space-separated string (`scope`) or an array. Default `'scope'`. */
  permissionsClaim?: string
  /** The claim naming the user. Default `'sub'`. */
  userIdClaim?: string
  /** Claims that must be present, beyond `iss`, `aud`, `exp`, `iat` and the user id claim. */
  requiredClaims?: readonly string[]
}

/** Where verification keys come from, resolved at construction. */
export type KeySource =
  | {
      readonly kind: 'remote'
      readonly url: URL
      readonly timeoutMs: number
      readonly cooldownMs: number
      readonly cacheMaxAgeMs: number
    }
  | { readonly kind: 'local'; readonly keys: readonly LocalKey[] }
  | { readonly kind: 'secret'; readonly secret: Uint8Array }

/** A checked `jwt` configuration with every default filled in and every duration in milliseconds. */
export interface ResolvedJwtConfig {
  readonly issuer: readonly string[]
  readonly audience: readonly string[]
  readonly algorithms: readonly JwtAlgorithm[]
  readonly keySource: KeySource
  readonly clockToleranceMs: number
  readonly maxTokenAgeMs: number
  readonly maxTokenLength: number
  readonly permissionsClaim: string
  readonly userIdClaim: string
  readonly requiredClaims: readonly string[]
}

const JWT_OPTIONS = [
  'issuer',
  'audience',
  'algorithms',
  'jwks',
  'keys',
  'secret',
  'clockTolerance',
  'maxTokenAge',
  'maxTokenLength',
  'permissionsClaim',
  'userIdClaim',
  'requiredClaims',
]
const JWKS_OPTIONS = ['url', 'timeout', 'cooldown', 'cacheMaxAge']

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * Checks a `jwt` configuration and fills in its defaults; anything unknown, missing or unsafe is a
 * ConfigError naming the option, so that a misconfigured verifier fails at deploy.
 *
 * @example
 * resolveJwtConfig({ issuer: 'https://id.example.com/', audience: 'api', algorithms: ['RS256'],
 *   jwks: 'https://id.example.com/.well-known/jwks.json' })
 */
export function resolveJwtConfig(config: unknown): ResolvedJwtConfig {
  if (config === undefined) throw new ConfigError('jwt must be an object')
  assertKnownKeys('jwt', config, JWT_OPTIONS)
  const c = config as Record<string, unknown>
  const algorithms = readAlgorithms(c.algorithms)
  return {
    issuer: readStrings('jwt.issuer', c.issuer),
    audience: readStrings('jwt.audience', c.audience),
    algorithms,
    keySource: readKeySource(c, algorithms),
    clockToleranceMs: boundedDuration('jwt.clockTolerance', c.clockTolerance, 30 * SECOND, {
      max: 5 * MINUTE,
      zero: true,
    }),
    maxTokenAgeMs: boundedDuration('jwt.maxTokenAge', c.maxTokenAge, DAY, { max: 30 * DAY }),
    maxTokenLength: readMaxTokenLength(c.maxTokenLength),
    permissionsClaim: readClaimName('jwt.permissionsClaim', c.permissionsClaim, 'scope'),
    userIdClaim: readClaimName('jwt.userIdClaim', c.userIdClaim, 'sub'),
    requiredClaims:
      c.requiredClaims === undefined ||
      (Array.isArray(c.requiredClaims) && c.requiredClaims.length === 0)
        ? []
        : readStrings('jwt.requiredClaims', c.requiredClaims),
  }
}

function readAlgorithms(value: unknown): JwtAlgorithm[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(
      `jwt.algorithms is required: the list of accepted algorithms, such as ['RS256'], got ${describe(value)}`,
    )
  }
  const algorithms = new Set<JwtAlgorithm>()
  for (const alg of value) {
    if (typeof alg === 'string' && alg.toLowerCase() === 'none') {
      throw new ConfigError(
        "jwt.algorithms cannot contain 'none': unsigned tokens are never accepted",
      )
    }
    if (!(JWT_ALGORITHMS as readonly unknown[]).includes(alg)) {
      throw new ConfigError(
        `jwt.algorithms: ${describe(alg)} is not a supported algorithm (${JWT_ALGORITHMS.join(', ')})`,
      )
    }
    algorithms.add(alg as JwtAlgorithm)
  }
  const hmac = [...algorithms].filter(isHmac)
  if (hmac.length > 0 && hmac.length < algorithms.size) {
    // Accepting both lets a token signed with HMAC over the public key pass as "signed".
    throw new ConfigError('jwt.algorithms cannot mix HMAC (HS*) with public-key algorithms')
  }
  return [...algorithms]
}

/** Whether an algorithm is a shared-secret one. */
export function isHmac(alg: string): boolean {
  return alg.startsWith('HS')
}

function readKeySource(c: Record<string, unknown>, algorithms: readonly JwtAlgorithm[]): KeySource {
  const given = (['jwks', 'keys', 'secret'] as const).filter((name) => c[name] !== undefined)
  if (given.length !== 1) {
    throw new ConfigError(
      given.length === 0
        ? 'jwt needs one of jwks (a JWKS URL), keys (local public keys) or secret (HMAC)'
        : `jwt takes only one of jwks, keys and secret, got ${given.join(' and ')}`,
    )
  }
  const hmac = algorithms.some(isHmac)
  if (given[0] === 'secret') {
    if (!hmac) throw new ConfigError('jwt.secret is for HS256/HS384/HS512; jwt.algorithms has none')
    return { kind: 'secret', secret: readSecret(c.secret, algorithms) }
  }
  if (hmac) throw new ConfigError(`jwt.${given[0]} cannot verify HS algorithms: use jwt.secret`)
  if (given[0] === 'keys')
    return { kind: 'local', keys: readLocalKeys('jwt.keys', c.keys, algorithms) }
  return readRemoteJwks(c.jwks)
}

function readSecret(value: unknown, algorithms: readonly JwtAlgorithm[]): Uint8Array {
  const secret =
    typeof value === 'string'
      ? new TextEncoder().encode(value)
      : value instanceof Uint8Array
        ? new Uint8Array(value)
        : undefined
  if (secret === undefined) {
    throw new ConfigError(`jwt.secret must be a string or a Uint8Array, got ${describe(value)}`)
  }
  // RFC 7518 §3.2: the key must be at least as long as the hash output.
  const minBytes = Math.max(...algorithms.map((alg) => Number(alg.slice(2)) / 8))
  if (secret.length < minBytes) {
    throw new ConfigError(
      `jwt.secret must be at least ${minBytes} bytes for ${algorithms.join('/')}, got ${secret.length}: ` +
        'generate one with crypto.randomBytes(64).toString("base64url")',
    )
  }
  return secret
}

function readRemoteJwks(value: unknown): KeySource {
  const options = (typeof value === 'string' ? { url: value } : value) as Record<string, unknown>
  assertKnownKeys('jwt.jwks', options, JWKS_OPTIONS)
  let url: URL
  try {
    if (typeof options.url !== 'string') throw new TypeError('not a string')
    url = new URL(options.url)
  } catch {
    throw new ConfigError(`jwt.jwks must be a URL, got ${describe(options.url)}`)
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw new ConfigError(`jwt.jwks must be an https:// URL, got ${describe(options.url)}`)
  }
  return {
    kind: 'remote',
    url,
    timeoutMs: boundedDuration('jwt.jwks.timeout', options.timeout, 3 * SECOND, {
      max: 10 * SECOND,
    }),
    cooldownMs: boundedDuration('jwt.jwks.cooldown', options.cooldown, 30 * SECOND, {
      max: 10 * MINUTE,
    }),
    cacheMaxAgeMs: boundedDuration('jwt.jwks.cacheMaxAge', options.cacheMaxAge, 10 * MINUTE, {
      max: DAY,
    }),
  }
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname)
}

function boundedDuration(
  where: string,
  value: unknown,
  fallback: number,
  bounds: { max: number; zero?: boolean },
): number {
  if (value === undefined) return fallback
  if (bounds.zero === true && (value === 0 || value === '0s' || value === '0')) return 0
  const ms = parseDuration(where, value)
  if (ms > bounds.max) {
    throw new ConfigError(`${where} must be at most ${bounds.max / 1000}s, got ${describe(value)}`)
  }
  return ms
}

function readMaxTokenLength(value: unknown): number {
  if (value === undefined) return 8192
  const length = positiveInteger('jwt.maxTokenLength', value)
  if (length < 256 || length > 65_536) {
    throw new ConfigError(`jwt.maxTokenLength must be between 256 and 65536, got ${length}`)
  }
  return length
}

function readClaimName(where: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback
  if (typeof value !== 'string' || value === '') {
    throw new ConfigError(`${where} must be a claim name, got ${describe(value)}`)
  }
  return value
}

function readStrings(where: string, value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : value
  if (
    !Array.isArray(list) ||
    list.length === 0 ||
    list.some((item) => typeof item !== 'string' || item === '')
  ) {
    throw new ConfigError(
      `${where} is required: a non-empty string or array of strings, got ${describe(value)}`,
    )
  }
  return [...new Set(list as string[])]
}
