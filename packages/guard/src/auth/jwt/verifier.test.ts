import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, GuardError } from '../../core/errors.js'
import { JwtErrorCode } from './errors.js'
import { isJwtRevocationStore, memoryJwtRevocations } from './revocation.js'
import {
  AUDIENCE,
  epochSeconds,
  ISSUER,
  makeKey,
  signHmacToken,
  signToken,
  withKid,
} from './testing/tokens.js'
import { createJwtVerifier } from './verifier.js'

async function refusedWith(attempt: Promise<unknown>, code: string, status = 401) {
  await assert.rejects(
    attempt,
    (error: unknown) =>
      error instanceof GuardError && error.code === code && error.status === status,
  )
}

const rsa = makeKey('rsa-1')
const rsa2 = makeKey('rsa-2')
const common = { issuer: ISSUER, audience: AUDIENCE } as const

describe('createJwtVerifier with local keys', () => {
  it('builds the principal: user, permissions, jti, auth time and claims', async () => {
    const verifier = createJwtVerifier({ ...common, algorithms: ['RS256'], keys: rsa.publicJwk })
    const iat = epochSeconds() - 60
    const token = await signToken(rsa, {
      sub: 'alice',
      iat,
      auth_time: iat - 300,
      jti: 'j-1',
      tenant: 't9',
    })
    const principal = await verifier.verify(token)
    assert.deepEqual(
      { ...principal, data: undefined },
      {
        kind: 'jwt',
        userId: 'alice',
        permissions: ['notes:read', 'notes:write'],
        authenticatedAt: (iat - 300) * 1000,
        sessionId: 'j-1',
        data: undefined,
      },
    )
    assert.equal(principal.data.tenant, 't9')
    assert.ok(Object.isFrozen(principal.data) && Object.isFrozen(principal.permissions))
  })

  it('takes iat as the authentication time without auth_time, and never a later auth_time', async () => {
    const verifier = createJwtVerifier({ ...common, algorithms: ['RS256'], keys: rsa.publicPem })
    const iat = epochSeconds() - 30
    assert.equal((await verifier.verify(await signToken(rsa, { iat }))).authenticatedAt, iat * 1000)
    const odd = await signToken(rsa, { iat, auth_time: iat + 20 })
    assert.equal((await verifier.verify(odd)).authenticatedAt, iat * 1000)
    await refusedWith(
      verifier.verify(await signToken(rsa, { auth_time: 'yesterday' })),
      JwtErrorCode.claim,
    )
  })

  it('omits sessionId without a jti, and refuses a jti that is not a string', async () => {
    const verifier = createJwtVerifier({ ...common, algorithms: ['RS256'], keys: rsa.publicKey })
    const principal = await verifier.verify(await signToken(rsa, { jti: undefined }))
    assert.equal('sessionId' in principal, false)
    await refusedWith(
      verifier.verify(await signToken(rsa, { jti: 42 as never })),
      JwtErrorCode.claim,
    )
  })

  it('picks the key by kid from a JWKS object, and a kid-less PEM key for any kid', async () => {
    const byKid = createJwtVerifier({
      ...common,
      algorithms: ['RS256'],
      keys: { keys: [rsa.publicJwk, rsa2.publicJwk] },
    })
    assert.equal((await byKid.verify(await signToken(rsa2, { sub: 'b' }))).userId, 'b')
    await refusedWith(byKid.verify(await signToken(withKid(rsa, 'rsa-3'))), JwtErrorCode.keyUnknown)
    // A token naming rsa-1 but signed by rsa-2 is checked against rsa-1 only.
    const swapped = await signToken(rsa2, {}, { kid: 'rsa-1' })
    await refusedWith(byKid.verify(swapped), JwtErrorCode.invalid)

    const pem = createJwtVerifier({ ...common, algorithms: ['RS256'], keys: [rsa2.publicPem] })
    assert.equal((await pem.verify(await signToken(rsa2, { sub: 'c' }))).userId, 'c')
    await refusedWith(pem.verify(await signToken(rsa)), JwtErrorCode.invalid)
  })

  it('verifies ES256, EdDSA and PS256 with the keys that fit each', async () => {
    const ec = makeKey('ec', 'ES256')
    const ed = makeKey('ed', 'EdDSA')
    const ps = withKid(rsa2, 'ps', 'PS256')
    const verifier = createJwtVerifier({
      ...common,
      algorithms: ['ES256', 'EdDSA', 'PS256'],
      keys: [ec.publicJwk, ed.publicPem, ps.publicJwk],
    })
    for (const key of [ec, ed, ps]) {
      assert.equal((await verifier.verify(await signToken(key, { sub: key.kid }))).userId, key.kid)
    }
    // ES256 is pinned; ES384 is not, whatever key signed it.
    await refusedWith(
      verifier.verify(await signToken(makeKey('ec', 'ES384'))),
      JwtErrorCode.invalid,
    )
  })

  it('reads permissions from scope, an array claim or cognito:groups', async () => {
    const verify = async (permissionsClaim: string, claims: Record<string, unknown>) =>
      createJwtVerifier({ ...common, algorithms: ['RS256'], keys: rsa.publicJwk, permissionsClaim })
        .verify(await signToken(rsa, claims))
        .then((p) => p.permissions)
    assert.deepEqual(await verify('scope', { scope: '  a  b c ' }), ['a', 'b', 'c'])
    assert.deepEqual(await verify('permissions', { permissions: ['x:y', 'z'] }), ['x:y', 'z'])
    assert.deepEqual(await verify('cognito:groups', { 'cognito:groups': ['admins'] }), ['admins'])
    assert.deepEqual(await verify('permissions', {}), [])
    await refusedWith(verify('permissions', { permissions: ['a', 1] }), JwtErrorCode.claim)
    await refusedWith(verify('scope', { scope: { admin: true } }), JwtErrorCode.claim)
  })

  it('reads the user id from the configured claim and demands required claims', async () => {
    const verifier = createJwtVerifier({
      ...common,
      algorithms: ['RS256'],
      keys: rsa.publicJwk,
      userIdClaim: 'uid',
      requiredClaims: ['tenant'],
    })
    assert.equal(
      (await verifier.verify(await signToken(rsa, { uid: 'u7', tenant: 't' }))).userId,
      'u7',
    )
    await refusedWith(verifier.verify(await signToken(rsa, { tenant: 't' })), JwtErrorCode.claim)
    await refusedWith(verifier.verify(await signToken(rsa, { uid: 'u7' })), JwtErrorCode.claim)
    await refusedWith(
      verifier.verify(await signToken(rsa, { uid: '', tenant: 't' })),
      JwtErrorCode.claim,
    )
    await refusedWith(
      verifier.verify(await signToken(rsa, { uid: ['u'], tenant: 't' })),
      JwtErrorCode.claim,
    )
  })

  it('accepts any of several issuers and audiences', async () => {
    const verifier = createJwtVerifier({
      issuer: [ISSUER, 'https://other.example/'],
      audience: ['a1', AUDIENCE],
      algorithms: ['RS256'],
      keys: rsa.publicJwk,
    })
    await verifier.verify(await signToken(rsa, { iss: 'https://other.example/', aud: ['x', 'a1'] }))
    await refusedWith(verifier.verify(await signToken(rsa, { aud: ['x'] })), JwtErrorCode.claim)
  })

  it('judges time by its clock, with the configured tolerance', async () => {
    let now = Date.now()
    const verifier = createJwtVerifier(
      { ...common, algorithms: ['RS256'], keys: rsa.publicJwk, clockTolerance: '5s' },
      { now: () => now },
    )
    const token = await signToken(rsa, { exp: epochSeconds(now) + 60 })
    await verifier.verify(token)
    now += 64_000
    await verifier.verify(token)
    now += 2000
    await refusedWith(verifier.verify(token), JwtErrorCode.expired)
  })
})

describe('createJwtVerifier with an HMAC secret', () => {
  const secret = new TextEncoder().encode('a-very-long-shared-secret-of-at-least-32-bytes!')

  it('verifies tokens signed with the secret and nothing else', async () => {
    const verifier = createJwtVerifier({ ...common, algorithms: ['HS256'], secret })
    assert.equal((await verifier.verify(await signHmacToken(secret, { sub: 'h' }))).userId, 'h')
    const other = new TextEncoder().encode('another-very-long-shared-secret-of-32-bytes!!')
    await refusedWith(verifier.verify(await signHmacToken(other)), JwtErrorCode.invalid)
    await refusedWith(
      verifier.verify(await signHmacToken(secret, {}, 'HS512')),
      JwtErrorCode.invalid,
    )
    await refusedWith(verifier.verify(await signToken(rsa)), JwtErrorCode.invalid)
  })
})

describe('JWT revocation through the store', () => {
  it('refuses a revoked jti on the very next request, and only that token', async () => {
    const revocations = memoryJwtRevocations()
    const verifier = createJwtVerifier(
      { ...common, algorithms: ['RS256'], keys: rsa.publicJwk },
      { revocations },
    )
    const first = await signToken(rsa, { jti: 'one' })
    const second = await signToken(rsa, { jti: 'two' })
    const principal = await verifier.verify(first)
    await verifier.revoke(principal)
    await refusedWith(verifier.verify(first), JwtErrorCode.revoked)
    await verifier.verify(second)
    await verifier.revoke({ jti: 'two', expiresAt: Date.now() + 60_000 })
    await refusedWith(verifier.verify(second), JwtErrorCode.revoked)
  })

  it('refuses every token of a user issued before a moment, and not the ones after it', async () => {
    let now = Date.now()
    const revocations = memoryJwtRevocations({ now: () => now })
    const verifier = createJwtVerifier(
      { ...common, algorithms: ['RS256'], keys: rsa.publicJwk, clockTolerance: 0 },
      { revocations, now: () => now },
    )
    const old = await signToken(rsa, { sub: 'alice', iat: epochSeconds(now) - 10 })
    const bobs = await signToken(rsa, { sub: 'bob', iat: epochSeconds(now) - 10 })
    await verifier.revokeAllBefore('alice')
    await refusedWith(verifier.verify(old), JwtErrorCode.revoked)
    await verifier.verify(bobs)
    now += 2000
    const fresh = await signToken(rsa, {
      sub: 'alice',
      iat: epochSeconds(now),
      exp: epochSeconds(now) + 60,
    })
    assert.equal((await verifier.verify(fresh)).userId, 'alice')
  })

  it('forgets revocations once the tokens would have expired anyway', async () => {
    let now = 1_000_000_000_000
    const revocations = memoryJwtRevocations({ now: () => now })
    await revocations.revokeJwt('j', now + 1000)
    await revocations.revokeJwtsIssuedBefore('u', now, now + 1000)
    assert.equal(revocations.size, 2)
    assert.equal(await revocations.isJwtRevoked('j', 'x', now - 5), true)
    now += 120_000
    assert.equal(await revocations.isJwtRevoked('j', 'u', now - 200_000), false)
    assert.equal(revocations.size, 0)
  })

  it('keeps the later of two marks for a user', async () => {
    const revocations = memoryJwtRevocations()
    const now = Date.now()
    await revocations.revokeJwtsIssuedBefore('u', now, now + 10_000)
    await revocations.revokeJwtsIssuedBefore('u', now - 5000, now + 1000)
    assert.equal(await revocations.isJwtRevoked(undefined, 'u', now - 1), true)
  })

  it('fails closed with 503 when the store throws', async () => {
    const broken = {
      isJwtRevoked: async () => {
        throw new Error('ECONNREFUSED')
      },
      revokeJwt: async () => {},
      revokeJwtsIssuedBefore: async () => {},
    }
    const verifier = createJwtVerifier(
      { ...common, algorithms: ['RS256'], keys: rsa.publicJwk },
      { revocations: broken },
    )
    await refusedWith(verifier.verify(await signToken(rsa)), 'ERR_STORE_UNAVAILABLE', 503)
  })

  it('explains what cannot be revoked', async () => {
    const without = createJwtVerifier({ ...common, algorithms: ['RS256'], keys: rsa.publicJwk })
    const principal = await without.verify(await signToken(rsa))
    await assert.rejects(without.revoke(principal), ConfigError)
    await assert.rejects(without.revokeAllBefore('u'), ConfigError)
    const withStore = createJwtVerifier(
      { ...common, algorithms: ['RS256'], keys: rsa.publicJwk },
      { revocations: memoryJwtRevocations() },
    )
    const noJti = await withStore.verify(await signToken(rsa, { jti: undefined }))
    await refusedWith(withStore.revoke(noJti), 'ERR_JWT_NOT_REVOCABLE', 400)
    await refusedWith(
      withStore.revoke({ jti: 'x', expiresAt: Number.NaN }),
      'ERR_JWT_NOT_REVOCABLE',
      400,
    )
  })

  it('leaves revocation to the caller in verifyStateless (the store checks it in its own call)', async () => {
    let asked = 0
    const counting = memoryJwtRevocations()
    const verifier = createJwtVerifier(
      { ...common, algorithms: ['RS256'], keys: rsa.publicJwk },
      {
        revocations: {
          ...counting,
          isJwtRevoked: (...args) => {
            asked++
            return counting.isJwtRevoked(...args)
          },
        },
      },
    )
    const iat = epochSeconds() - 5
    const token = await signToken(rsa, { jti: 'gone', iat, auth_time: iat - 60 })
    await verifier.revoke({ jti: 'gone', expiresAt: Date.now() + 60_000 })
    const verified = await verifier.verifyStateless(token)
    assert.deepEqual(
      { ...verified, data: undefined },
      {
        userId: 'user-1',
        permissions: ['notes:read', 'notes:write'],
        issuedAt: iat * 1000,
        authenticatedAt: (iat - 60) * 1000,
        jti: 'gone',
        data: undefined,
      },
    )
    assert.equal(asked, 0)
    await refusedWith(verifier.verify(token), JwtErrorCode.revoked)
    assert.equal(asked, 1)
  })

  it('recognises a store that can hold revocations', () => {
    assert.equal(isJwtRevocationStore(memoryJwtRevocations()), true)
    assert.equal(isJwtRevocationStore({ isJwtRevoked() {} }), false)
    assert.equal(isJwtRevocationStore(undefined), false)
  })
})
