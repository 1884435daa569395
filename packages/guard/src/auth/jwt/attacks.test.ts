// The JWT attack suite: every forged, malformed or out-of-date token is refused with 401 and a stable
// code, against keys published by a real HTTP server (node:http) the way an identity provider does.
import assert from 'node:assert/strict'
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { GuardError } from '../../core/errors.js'
import { JwtErrorCode } from './errors.js'
import { type JwksServer, startJwksServer } from './testing/jwks-server.js'
import {
  AUDIENCE,
  b64url,
  epochSeconds,
  ISSUER,
  makeKey,
  signRaw,
  signToken,
  type TestKey,
  withKid,
} from './testing/tokens.js'
import { createJwtVerifier, type JwtVerifier } from './verifier.js'

/** Asserts a refusal with this code and status, and that a 401 says `invalid_token` (RFC 6750). */
async function assertRefused(attempt: Promise<unknown>, code: string, status = 401) {
  await assert.rejects(attempt, (error: unknown) => {
    assert.ok(error instanceof GuardError, `expected a GuardError, got ${String(error)}`)
    assert.equal(error.code, code)
    assert.equal(error.status, status)
    if (status === 401) {
      assert.equal(error.headers?.['www-authenticate'], 'Bearer error="invalid_token"')
    }
    return true
  })
}

function split(token: string): [string, string, string] {
  return token.split('.') as [string, string, string]
}

// Three RSA key pairs for the whole file; cases that need another kid rename one (withKid).
const realKey = makeKey('key-a')
const attackerKey = withKid(makeKey('key-a'), 'key-a') // the real kid, another private key
const otherKey = makeKey('other')

describe('JWT attack suite (remote JWKS on a real HTTP server)', () => {
  let server: JwksServer
  let verifier: JwtVerifier
  let keyA: TestKey
  let attacker: TestKey

  before(async () => {
    keyA = realKey
    attacker = attackerKey
    server = await startJwksServer({ keys: [keyA.publicJwk] })
    verifier = createJwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['RS256'],
      jwks: { url: server.url, timeout: '2s', cooldown: '5m' },
    })
  })
  after(() => server.stop())

  it('accepts a valid token (the control: the suite can pass)', async () => {
    const principal = await verifier.verify(await signToken(keyA, { sub: 'alice' }))
    assert.equal(principal.userId, 'alice')
    assert.deepEqual(principal.permissions, ['notes:read', 'notes:write'])
  })

  it('refuses alg none, in any spelling, with or without a signature', async () => {
    const [, payload] = split(await signToken(keyA))
    for (const alg of ['none', 'None', 'NONE', 'nOnE']) {
      const header = b64url({ alg, typ: 'JWT' })
      await assertRefused(verifier.verify(`${header}.${payload}.`), JwtErrorCode.invalid)
      await assertRefused(verifier.verify(`${header}.${payload}.c2ln`), JwtErrorCode.invalid)
    }
  })

  it('refuses HS256 signed with the RSA public key (algorithm confusion)', async () => {
    const hitsBefore = server.hits
    const [, payload] = split(await signToken(keyA))
    for (const secret of [keyA.publicPem, JSON.stringify(keyA.publicJwk)]) {
      const header = b64url({ alg: 'HS256', typ: 'JWT', kid: 'key-a' })
      const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest()
      const forged = `${header}.${payload}.${signature.toString('base64url')}`
      await assertRefused(verifier.verify(forged), JwtErrorCode.invalid)
    }
    assert.equal(server.hits, hitsBefore, 'a refused algorithm never reaches the key lookup')
  })

  it('refuses a stripped or empty signature', async () => {
    const [header, payload] = split(await signToken(keyA))
    await assertRefused(verifier.verify(`${header}.${payload}.`), JwtErrorCode.invalid)
    await assertRefused(verifier.verify(`${header}.${payload}`), JwtErrorCode.invalid)
  })

  it('refuses a signature by another key under the real kid', async () => {
    await assertRefused(verifier.verify(await signToken(attacker)), JwtErrorCode.invalid)
  })

  it('refuses a payload swapped under a valid signature', async () => {
    const [header, , signature] = split(await signToken(keyA, { sub: 'alice' }))
    const [, adminPayload] = split(await signToken(attacker, { sub: 'admin', scope: 'admin' }))
    await assertRefused(
      verifier.verify(`${header}.${adminPayload}.${signature}`),
      JwtErrorCode.invalid,
    )
  })

  it('refuses an expired token beyond the clock tolerance, accepts one within it', async () => {
    const now = epochSeconds()
    await assertRefused(
      verifier.verify(await signToken(keyA, { iat: now - 7200, exp: now - 3600 })),
      JwtErrorCode.expired,
    )
    await assertRefused(
      verifier.verify(await signToken(keyA, { iat: now - 600, exp: now - 45 })),
      JwtErrorCode.expired,
    )
    const principal = await verifier.verify(
      await signToken(keyA, { iat: now - 600, exp: now - 10 }),
    )
    assert.equal(principal.userId, 'user-1')
  })

  it('refuses a token that is not valid yet (nbf or iat in the future)', async () => {
    const now = epochSeconds()
    await assertRefused(
      verifier.verify(await signToken(keyA, { nbf: now + 3600 })),
      JwtErrorCode.notYetValid,
    )
    await assertRefused(
      verifier.verify(await signToken(keyA, { iat: now + 3600, exp: now + 7200 })),
      JwtErrorCode.notYetValid,
    )
  })

  it('refuses a token older than maxTokenAge even if exp says otherwise', async () => {
    const now = epochSeconds()
    await assertRefused(
      verifier.verify(await signToken(keyA, { iat: now - 2 * 86_400, exp: now + 600 })),
      JwtErrorCode.expired,
    )
  })

  it('refuses the wrong issuer, the wrong audience and missing required claims', async () => {
    await assertRefused(
      verifier.verify(await signToken(keyA, { iss: 'https://evil.example/' })),
      JwtErrorCode.claim,
    )
    await assertRefused(
      verifier.verify(await signToken(keyA, { aud: 'other-api' })),
      JwtErrorCode.claim,
    )
    await assertRefused(
      verifier.verify(await signToken(keyA, { aud: ['other-api', 'another'] })),
      JwtErrorCode.claim,
    )
    for (const claim of ['iss', 'aud', 'exp', 'iat', 'sub']) {
      await assertRefused(
        verifier.verify(await signToken(keyA, { [claim]: undefined })),
        JwtErrorCode.claim,
      )
    }
    await assertRefused(
      verifier.verify(await signToken(keyA, { exp: '9999999999' as never })),
      JwtErrorCode.claim,
    )
  })

  it('refuses an unknown kid, and a kid with path characters, as unknown keys', async () => {
    const stranger = withKid(otherKey, 'key-zzz')
    await assertRefused(verifier.verify(await signToken(stranger)), JwtErrorCode.keyUnknown)
    for (const kid of ['../../../../dev/null', '/etc/passwd', 'key-a/../key-a']) {
      const forged = withKid(otherKey, kid)
      await assertRefused(verifier.verify(await signToken(forged)), JwtErrorCode.keyUnknown)
    }
  })

  it('refuses a kid with SQL, quote, space or control characters before any key lookup', async () => {
    const hitsBefore = server.hits
    for (const kid of [
      "' OR '1'='1",
      'k"; DROP TABLE keys;--',
      'key-a\u0000',
      'a b',
      '..\\..\\x',
      '',
    ]) {
      await assertRefused(verifier.verify(await signToken(keyA, {}, { kid })), JwtErrorCode.invalid)
    }
    await assertRefused(
      verifier.verify(await signToken(keyA, {}, { kid: 42 })),
      JwtErrorCode.invalid,
    )
    await assertRefused(
      verifier.verify(await signToken(keyA, {}, { kid: 'k'.repeat(257) })),
      JwtErrorCode.invalid,
    )
    assert.equal(server.hits, hitsBefore)
  })

  it('refuses an oversized token before decoding it', async () => {
    const big = await signToken(keyA, { padding: 'x'.repeat(9000) })
    await assertRefused(verifier.verify(big), JwtErrorCode.tooLarge)
    await assertRefused(verifier.verify('a'.repeat(1_000_000)), JwtErrorCode.tooLarge)
  })

  it('refuses bad base64url and non-JSON parts', async () => {
    const [header, payload, signature] = split(await signToken(keyA))
    const bad = [
      `${header}=.${payload}.${signature}`, // padding
      `${header.slice(0, -1)}+.${payload}.${signature}`, // base64, not base64url
      `${header}.${payload}/.${signature}`,
      `${header}.${payload}.${signature}A`, // an impossible length
      `${header}.${payload}.${signature} `,
      `${b64url('not json')}.${payload}.${signature}`,
      `${b64url([1, 2])}.${payload}.${signature}`,
      `${b64url('null')}.${payload}.${signature}`,
      `${Buffer.from([0xc3, 0x28]).toString('base64url')}.${payload}.${signature}`, // bad UTF-8
      `${header}..${signature}`,
      '...',
      `${header}.${payload}.${signature}.extra`,
      'Bearer x.y.z',
    ]
    for (const token of bad) await assertRefused(verifier.verify(token), JwtErrorCode.invalid)
  })

  it('refuses a correctly signed token whose payload is not a JSON object', async () => {
    for (const payload of ['not json', '[1,2]', '"text"', 'null', '']) {
      const token = signRaw(keyA, { alg: 'RS256', kid: 'key-a' }, payload)
      await assertRefused(verifier.verify(token), JwtErrorCode.invalid)
    }
  })

  it('refuses a crit header, even when the listed parameter is present', async () => {
    const now = epochSeconds()
    const claims = JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'u', iat: now, exp: now + 60 })
    const control = signRaw(keyA, { alg: 'RS256', kid: 'key-a' }, claims)
    assert.equal((await verifier.verify(control)).userId, 'u')
    for (const crit of [['exp'], ['b64'], [], 'exp']) {
      const header = { alg: 'RS256', kid: 'key-a', crit, exp: now + 60, b64: true }
      await assertRefused(verifier.verify(signRaw(keyA, header, claims)), JwtErrorCode.invalid)
    }
  })

  it('ignores keys the token offers itself (jwk, jku, x5u headers)', async () => {
    const evil = await startJwksServer({ keys: [attacker.publicJwk] })
    try {
      const stranger = withKid(otherKey, 'attacker-key')
      const token = await signToken(
        stranger,
        {},
        { jwk: stranger.publicJwk, jku: evil.url, x5u: evil.url },
      )
      await assertRefused(verifier.verify(token), JwtErrorCode.keyUnknown)
      const sameKid = await signToken(attacker, {}, { jwk: attacker.publicJwk, jku: evil.url })
      await assertRefused(verifier.verify(sameKid), JwtErrorCode.invalid)
      assert.equal(evil.hits, 0, 'the attacker’s JWKS URL is never fetched')
    } finally {
      await evil.stop()
    }
  })

  it('refuses an encrypted token (JWE) and anything that is not a string', async () => {
    await assertRefused(verifier.verify('eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d'), JwtErrorCode.invalid)
    for (const value of [undefined, null, 42, {}, ['a.b.c']]) {
      await assertRefused(verifier.verify(value as never), JwtErrorCode.invalid)
    }
  })

  it('fetched the JWKS once for all of the above (cache and cooldown hold)', () => {
    assert.equal(server.hits, 1)
  })
})

describe('JWKS endpoint failures fail closed with 503, within the fetch timeout', () => {
  const key = withKid(realKey, 'k1')

  async function verifierFor(server: JwksServer, timeout = '2s') {
    return createJwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['RS256'],
      jwks: { url: server.url, timeout, cooldown: 1, cacheMaxAge: 1 },
    })
  }

  it('connection refused (the endpoint is down)', async () => {
    const server = await startJwksServer({ keys: [key.publicJwk] })
    await server.stop()
    const verifier = await verifierFor(server)
    await assertRefused(verifier.verify(await signToken(key)), JwtErrorCode.jwksUnavailable, 503)
  })

  for (const mode of ['error', 'garbage', 'redirect', 'hang'] as const) {
    it(`the endpoint answers ${mode === 'hang' ? 'nothing at all' : `with ${mode}`}`, async () => {
      const server = await startJwksServer({ keys: [key.publicJwk] })
      try {
        server.setMode(mode)
        const verifier = await verifierFor(server, '300ms')
        const token = await signToken(key)
        await assertRefused(verifier.verify(token), JwtErrorCode.jwksUnavailable, 503)
        // …and the same verifier recovers as soon as the endpoint does.
        server.setMode('ok')
        await new Promise((resolve) => setTimeout(resolve, 5))
        assert.equal((await verifier.verify(token)).userId, 'user-1')
      } finally {
        await server.stop()
      }
    })
  }

  it('a JWKS that publishes a private key is an endpoint failure, not a bad token', async () => {
    const privateJwk = { ...key.privateKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256' }
    const server = await startJwksServer({ keys: [privateJwk] })
    try {
      const verifier = await verifierFor(server)
      await assertRefused(verifier.verify(await signToken(key)), JwtErrorCode.jwksUnavailable, 503)
    } finally {
      await server.stop()
    }
  })

  it('a published RSA key shorter than 2048 bits verifies nothing', async () => {
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const weakKey = {
      kid: 'weak',
      alg: 'RS256',
      privateKey: weak.privateKey,
      publicKey: weak.publicKey,
      publicJwk: { ...weak.publicKey.export({ format: 'jwk' }), kid: 'weak', alg: 'RS256' },
      publicPem: '',
    }
    const server = await startJwksServer({ keys: [weakKey.publicJwk] })
    try {
      const verifier = await verifierFor(server)
      const now = epochSeconds()
      const claims = { iss: ISSUER, aud: AUDIENCE, sub: 'u', iat: now, exp: now + 60 }
      const token = signRaw(weakKey, { alg: 'RS256', kid: 'weak' }, JSON.stringify(claims))
      await assertRefused(verifier.verify(token), JwtErrorCode.invalid)
    } finally {
      await server.stop()
    }
  })
})

describe('key rotation on the JWKS server', () => {
  it('picks up a new kid after the cooldown, not before', async () => {
    const oldKey = withKid(realKey, '2024-01')
    const newKey = withKid(otherKey, '2024-07')
    const server = await startJwksServer({ keys: [oldKey.publicJwk] })
    try {
      const verifier = createJwtVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['RS256'],
        // Long enough that the refusal below lands inside it on a loaded CI machine too.
        jwks: { url: server.url, cooldown: '1s', cacheMaxAge: '10m' },
      })
      const oldToken = await signToken(oldKey)
      const newToken = await signToken(newKey)
      await verifier.verify(oldToken)
      assert.equal(server.hits, 1)

      // The issuer starts signing with a new key before publishing it: refused, and within the
      // cooldown an unknown kid does not make the guard fetch again (no refetch storm).
      await assertRefused(verifier.verify(newToken), JwtErrorCode.keyUnknown)
      assert.equal(server.hits, 1)

      server.setKeys({ keys: [oldKey.publicJwk, newKey.publicJwk] })
      await new Promise((resolve) => setTimeout(resolve, 1100))
      assert.equal((await verifier.verify(newToken)).userId, 'user-1')
      assert.equal(server.hits, 2)
      assert.equal((await verifier.verify(oldToken)).userId, 'user-1')
      assert.equal(server.hits, 2)
    } finally {
      await server.stop()
    }
  })

  it('stops accepting a retired key once the cache has aged out', async () => {
    const oldKey = withKid(realKey, 'old')
    const newKey = withKid(otherKey, 'new')
    const server = await startJwksServer({ keys: [oldKey.publicJwk, newKey.publicJwk] })
    try {
      const verifier = createJwtVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['RS256'],
        jwks: { url: server.url, cooldown: '100ms', cacheMaxAge: '150ms' },
      })
      const oldToken = await signToken(oldKey)
      await verifier.verify(oldToken)
      server.setKeys({ keys: [newKey.publicJwk] })
      await new Promise((resolve) => setTimeout(resolve, 200))
      await assertRefused(verifier.verify(oldToken), JwtErrorCode.keyUnknown)
      assert.equal((await verifier.verify(await signToken(newKey))).userId, 'user-1')
    } finally {
      await server.stop()
    }
  })

  it('tries every published key for a token without a kid', async () => {
    const first = withKid(realKey, 'first')
    const second = withKid(otherKey, 'second')
    const server = await startJwksServer({ keys: [first.publicJwk, second.publicJwk] })
    try {
      const verifier = createJwtVerifier({
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['RS256'],
        jwks: server.url,
      })
      const token = await signToken(second, {}, { kid: undefined })
      assert.equal(JSON.parse(Buffer.from(split(token)[0], 'base64url').toString()).kid, undefined)
      assert.equal((await verifier.verify(token)).userId, 'user-1')
      await assertRefused(
        verifier.verify(await signToken(attackerKey, {}, { kid: undefined })),
        JwtErrorCode.invalid,
      )
    } finally {
      await server.stop()
    }
  })
})
