import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { type JWTPayload, SignJWT } from 'jose'

/** A signing key pair for tests, with its public JWK as an issuer would publish it. */
export interface TestKey {
  readonly kid: string
  readonly alg: string
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly publicJwk: Record<string, unknown>
  readonly publicPem: string
}

/** A fresh key pair: RSA 2048 for RS/PS algorithms, the matching curve for ES/EdDSA. */
export function makeKey(kid: string, alg = 'RS256'): TestKey {
  const pair = alg.startsWith('ES')
    ? generateKeyPairSync('ec', {
        namedCurve: { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }[alg] as string,
      })
    : alg === 'EdDSA' || alg === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicJwk = { ...pair.publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' }
  return {
    kid,
    alg,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    publicJwk,
    publicPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  }
}

export const ISSUER = 'https://id.example.test/'
export const AUDIENCE = 'bulwark-api'

/** Seconds since the epoch, as JWT times are written. */
export function epochSeconds(ms = Date.now()): number {
  return Math.floor(ms / 1000)
}

/** A token signed by `key` with sensible claims, any of which `claims` overrides (undefined drops it). */
export async function signToken(
  key: TestKey,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  const now = epochSeconds()
  const payload: JWTPayload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    iat: now,
    exp: now + 600,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    scope: 'notes:read notes:write',
    ...claims,
  }
  for (const name of Object.keys(payload)) if (payload[name] === undefined) delete payload[name]
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header } as never)
    .sign(key.privateKey)
}

/** A token signed with an HMAC secret. */
export async function signHmacToken(
  secret: Uint8Array,
  claims: JWTPayload = {},
  alg = 'HS256',
): Promise<string> {
  const now = epochSeconds()
  return new SignJWT({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    iat: now,
    exp: now + 600,
    ...claims,
  })
    .setProtectedHeader({ alg })
    .sign(secret)
}

/** Base64url of a JSON value or a string, for hand-made tokens. */
export function b64url(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  )
}

/** The private key as PEM (so tests can show a private key is refused as a verification key). */
export function privatePem(key: TestKey): string {
  return key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
}

/**
 * Signs any header and payload bytes with node:crypto directly, for tokens that jose refuses to
 * produce (unknown `crit` parameters, non-object payloads).
 */
export function signRaw(key: TestKey, header: Record<string, unknown>, payload: string): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`
  const signature = createSign('sha256').update(signingInput).sign(key.privateKey)
  return `${signingInput}.${signature.toString('base64url')}`
}

/**
 * The same key pair under another kid (and optionally another algorithm of its family): RSA key
 * generation is the slowest thing in these tests, and most cases need a new name, not a new key.
 */
export function withKid(key: TestKey, kid: string, alg = key.alg): TestKey {
  return { ...key, kid, alg, publicJwk: { ...key.publicJwk, kid, alg } }
}
