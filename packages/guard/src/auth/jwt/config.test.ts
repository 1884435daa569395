import assert from 'node:assert/strict'
import { generateKeyPairSync } from 'node:crypto'
import { describe, it } from 'node:test'
import { ConfigError } from '../../core/errors.js'
import { type JwtConfig, resolveJwtConfig } from './config.js'
import { AUDIENCE, ISSUER, makeKey, privatePem } from './testing/tokens.js'

const rsa = makeKey('k1')
const base = {
  issuer: ISSUER,
  audience: AUDIENCE,
  algorithms: ['RS256'],
  jwks: 'https://id.example.test/.well-known/jwks.json',
} as const

function refused(config: unknown, message: RegExp) {
  assert.throws(
    () => resolveJwtConfig(config),
    (error: unknown) => error instanceof ConfigError && message.test(error.message),
  )
}

describe('jwt configuration', () => {
  it('fills in bounded defaults', () => {
    const resolved = resolveJwtConfig(base)
    assert.equal(resolved.clockToleranceMs, 30_000)
    assert.equal(resolved.maxTokenAgeMs, 86_400_000)
    assert.equal(resolved.maxTokenLength, 8192)
    assert.equal(resolved.permissionsClaim, 'scope')
    assert.equal(resolved.userIdClaim, 'sub')
    assert.deepEqual(resolved.requiredClaims, [])
    assert.deepEqual(resolved.issuer, [ISSUER])
    assert.equal(resolved.keySource.kind, 'remote')
    if (resolved.keySource.kind === 'remote') {
      assert.equal(resolved.keySource.timeoutMs, 3000)
      assert.equal(resolved.keySource.cooldownMs, 30_000)
      assert.equal(resolved.keySource.cacheMaxAgeMs, 600_000)
    }
  })

  it('names an unknown option and the one that was meant', () => {
    refused(
      { ...base, audiance: 'x' },
      /`audiance` is not an option of jwt; did you mean `audience`\?/,
    )
    refused({ ...base, clockTolerence: '10s' }, /did you mean `clockTolerance`/)
    refused(
      { ...base, jwks: { url: base.jwks, timout: '1s' } },
      /`timout` is not an option of jwt\.jwks; did you mean `timeout`\?/,
    )
  })

  it('requires issuer, audience and pinned algorithms', () => {
    refused(undefined, /jwt must be an object/)
    refused({ ...base, issuer: undefined }, /jwt\.issuer is required/)
    refused({ ...base, issuer: [] }, /jwt\.issuer is required/)
    refused({ ...base, audience: '' }, /jwt\.audience is required/)
    refused({ ...base, audience: ['api', 3] }, /jwt\.audience is required/)
    refused({ ...base, algorithms: undefined }, /jwt\.algorithms is required/)
    refused({ ...base, algorithms: [] }, /jwt\.algorithms is required/)
    refused({ ...base, algorithms: 'RS256' }, /jwt\.algorithms is required/)
  })

  it("makes 'none' impossible and refuses unknown algorithms", () => {
    refused({ ...base, algorithms: ['RS256', 'none'] }, /cannot contain 'none'/)
    refused({ ...base, algorithms: ['NONE'] }, /cannot contain 'none'/)
    refused({ ...base, algorithms: ['RS1'] }, /"RS1" is not a supported algorithm/)
  })

  it('refuses mixing HMAC with public-key algorithms (algorithm confusion)', () => {
    refused({ ...base, algorithms: ['RS256', 'HS256'] }, /cannot mix HMAC/)
  })

  it('takes exactly one key source, fitting the algorithms', () => {
    refused({ ...base, jwks: undefined }, /needs one of jwks .*keys .*secret/)
    refused(
      { ...base, keys: rsa.publicPem },
      /only one of jwks, keys and secret, got jwks and keys/,
    )
    refused({ ...base, jwks: undefined, secret: 'x'.repeat(64) }, /jwt\.secret is for HS256/)
    refused(
      { ...base, jwks: undefined, algorithms: ['HS256'], keys: rsa.publicPem },
      /jwt\.keys cannot verify HS algorithms/,
    )
  })

  it('enforces a minimum HMAC secret length per algorithm (RFC 7518)', () => {
    const hs = { ...base, jwks: undefined, algorithms: ['HS256'] }
    refused({ ...hs, secret: 'x'.repeat(31) }, /at least 32 bytes .* got 31/)
    refused({ ...hs, algorithms: ['HS256', 'HS512'], secret: 'x'.repeat(63) }, /at least 64 bytes/)
    refused({ ...hs, secret: 42 }, /jwt\.secret must be a string or a Uint8Array/)
    const resolved = resolveJwtConfig({ ...hs, secret: new Uint8Array(32) })
    assert.equal(resolved.keySource.kind, 'secret')
  })

  it('fetches JWKS only over https (http only for loopback tests)', () => {
    refused({ ...base, jwks: 'http://id.example.test/jwks.json' }, /must be an https:\/\/ URL/)
    refused({ ...base, jwks: 'ftp://id.example.test/jwks.json' }, /must be an https:\/\/ URL/)
    refused({ ...base, jwks: 'not a url' }, /jwt\.jwks must be a URL/)
    refused({ ...base, jwks: { timeout: '1s' } }, /jwt\.jwks must be a URL/)
    for (const url of ['http://127.0.0.1:9/j', 'http://localhost/j', 'http://[::1]:8080/j']) {
      assert.equal(resolveJwtConfig({ ...base, jwks: url }).keySource.kind, 'remote')
    }
  })

  it('bounds the durations and the token length', () => {
    refused({ ...base, clockTolerance: '10m' }, /jwt\.clockTolerance must be at most 300s/)
    refused({ ...base, clockTolerance: 'soon' }, /jwt\.clockTolerance must be a duration/)
    assert.equal(resolveJwtConfig({ ...base, clockTolerance: 0 }).clockToleranceMs, 0)
    assert.equal(resolveJwtConfig({ ...base, clockTolerance: '5s' }).clockToleranceMs, 5000)
    refused({ ...base, maxTokenAge: '90d' }, /jwt\.maxTokenAge must be at most/)
    refused(
      { ...base, jwks: { url: base.jwks, timeout: '30s' } },
      /jwt\.jwks\.timeout must be at most 10s/,
    )
    refused(
      { ...base, jwks: { url: base.jwks, cooldown: 0 } },
      /jwt\.jwks\.cooldown must be a duration/,
    )
    refused({ ...base, maxTokenLength: 100 }, /between 256 and 65536/)
    refused({ ...base, maxTokenLength: 100_000 }, /between 256 and 65536/)
    refused({ ...base, maxTokenLength: 1.5 }, /positive integer/)
  })

  it('checks claim options', () => {
    refused({ ...base, permissionsClaim: '' }, /jwt\.permissionsClaim must be a claim name/)
    refused({ ...base, userIdClaim: 7 }, /jwt\.userIdClaim must be a claim name/)
    refused({ ...base, requiredClaims: [''] }, /jwt\.requiredClaims/)
    assert.deepEqual(resolveJwtConfig({ ...base, requiredClaims: [] }).requiredClaims, [])
    assert.deepEqual(
      resolveJwtConfig({ ...base, requiredClaims: ['tenant', 'tenant'] }).requiredClaims,
      ['tenant'],
    )
  })
})

describe('jwt.keys (local public keys)', () => {
  const local = (keys: unknown) => ({ ...base, jwks: undefined, keys }) as unknown as JwtConfig

  it('accepts PEM, KeyObject, JWK, arrays and JWKS objects', () => {
    for (const keys of [
      rsa.publicPem,
      rsa.publicKey,
      rsa.publicJwk,
      [rsa.publicPem, rsa.publicJwk],
      { keys: [rsa.publicJwk] },
    ]) {
      const source = resolveJwtConfig(local(keys)).keySource
      assert.equal(source.kind, 'local')
    }
  })

  it('refuses private and secret keys: a verifier holds only public keys', () => {
    refused(local(privatePem(rsa)), /jwt\.keys is a private key/)
    refused(local(rsa.privateKey), /jwt\.keys is a private key/)
    refused(local({ ...rsa.privateKey.export({ format: 'jwk' }) }), /private or secret JWK/)
    refused(local({ kty: 'oct', k: 'c2VjcmV0' }), /private or secret JWK/)
  })

  it('refuses keys that cannot verify the pinned algorithms', () => {
    const ec = makeKey('ec', 'ES256')
    refused(
      local(ec.publicPem),
      /jwt\.keys \(EC P-256\) cannot verify any of jwt\.algorithms \(RS256\)/,
    )
    refused(local([rsa.publicPem, ec.publicJwk]), /jwt\.keys\[1\] \(EC P-256\) cannot verify/)
    refused(local({ ...rsa.publicJwk, alg: 'PS256' }), /cannot verify any of jwt\.algorithms/)
    refused(local({ ...rsa.publicJwk, use: 'enc' }), /only 'sig' keys verify tokens/)
    refused(local({ ...rsa.publicJwk, key_ops: ['encrypt'] }), /key_ops without 'verify'/)
  })

  it('refuses RSA keys under 2048 bits, unreadable keys and empty lists', () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
    refused(local(weak.publicKey), /shorter than 2048 bits/)
    refused(
      local('-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----'),
      /not a readable PEM/,
    )
    refused(local('ssh-rsa AAAA'), /must be a PEM public key or certificate/)
    refused(local({ kty: 'RSA', e: 'AQAB' }), /not a readable public JWK/)
    refused(local({ kty: 'XYZ' }), /not a readable public JWK/)
    refused(local([]), /at least one key/)
    refused(local({ keys: [] }), /at least one key/)
    refused(local(42), /must be a PEM public key, a public KeyObject or a public JWK/)
    refused(local({ ...rsa.publicJwk, kid: 3 }), /jwt\.keys\.kid must be a string/)
  })

  it('asks for a KeyObject instead of a CryptoKey (construction stays synchronous)', async () => {
    const cryptoKey = await crypto.subtle.importKey(
      'jwk',
      rsa.publicKey.export({ format: 'jwk' }),
      { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      true,
      ['verify'],
    )
    refused(local(cryptoKey), /KeyObject\.from\(cryptoKey\)/)
  })
})
