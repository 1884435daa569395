import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GuardError } from '../../core/errors.js'
import { JwtErrorCode } from './errors.js'
import { principalOf } from './principal.js'
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
  it('reads user, permissions, iat, auth time, jti and claims, and makes the principal', async () => {
    const verifier = createJwtVerifier({ ...common, algorithms: ['RS256'], keys: rsa.publicJwk })
    const iat = epochSeconds() - 60
    const token = await signToken(rsa, {
      sub: 'alice',
      iat,
      auth_time: iat - 300,
      jti: 'j-1',
      tenant: 't9',
    })
    const verified = await verifier.verify(token)
    assert.deepEqual(
      { ...verified, data: undefined },
      {
        userId: 'alice',
        permissions: ['notes:read', 'notes:write'],
        issuedAt: iat * 1000,
        authenticatedAt: (iat - 300) * 1000,
        jti: 'j-1',
        data: undefined,
      },
    )
    assert.equal(verified.data.tenant, 't9')
    assert.ok(Object.isFrozen(verified.data) && Object.isFrozen(verified.permissions))
    assert.deepEqual(principalOf(verified), {
      kind: 'jwt',
      userId: 'alice',
      permissions: ['notes:read', 'notes:write'],
      authenticatedAt: (iat - 300) * 1000,
      sessionId: 'j-1',
      data: verified.data,
    })
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
    const principal = principalOf(await verifier.verify(await signToken(rsa, { jti: undefined })))
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
