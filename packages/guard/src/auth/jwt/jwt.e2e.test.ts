// JWTs end to end: createGuard({ jwt: jwtAuth(…) }) and guard.http on real Lambda event fixtures, keys served
// by a real JWKS server (node:http). A valid token reaches the handler as ctx.user; every attack is
// a 401 with its code (a 503 when the JWKS endpoint is down) and never reaches the handler;
// revocation goes through the store (memory, and Redis when it is running).
import assert from 'node:assert/strict'
import { createHmac, randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { skipUnless } from '../../../../../test-support/services.js'
import { manualClock } from '../../core/clock.js'
import { ConfigError } from '../../core/errors.js'
import { createGuard, type GuardConfig } from '../../guard.js'
import { memoryStore } from '../../stores/memory.js'
import { redisStore } from '../../stores/redis/index.js'
import type { Store } from '../../stores/types.js'
import { EVENT_SHAPES, httpApiEvent, readResult } from '../../testing/lambda-events.js'
import type { JwtConfig } from './config.js'
import { jwtAuth } from './jwt-auth.js'
import { type JwksServer, startJwksServer } from './testing/jwks-server.js'
import {
  AUDIENCE,
  b64url,
  epochSeconds,
  ISSUER,
  makeKey,
  signRaw,
  signToken,
  withKid,
} from './testing/tokens.js'

const key = makeKey('k-2025')
const stranger = makeKey('stranger')
const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

let server: JwksServer
before(async () => {
  server = await startJwksServer({ keys: [key.publicJwk] })
})
after(() => server.stop())

function setup(config: Partial<GuardConfig> = {}, jwt: Partial<JwtConfig> = {}) {
  const lines: Record<string, unknown>[] = []
  const clock = manualClock(Date.now())
  const guard = createGuard({
    store: memoryStore(),
    clock,
    log: { write: (line: string) => void lines.push(JSON.parse(line)) },
    metrics: false,
    jwt: jwtAuth({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['RS256'],
      jwks: { url: server.url, timeout: '1s', cooldown: '10m' },
      ...jwt,
    }),
    ...config,
  })
  let calls = 0
  const handler = guard.http({ auth: {} }, (_req, ctx) => {
    calls++
    return { user: ctx.user }
  })
  // auth.denied audit events (see src/log/audit-events.ts), one per refused request.
  const failures = () => lines.filter((line) => line.audit === true && line.type === 'auth.denied')
  return { guard, clock, handler, failures, calls: () => calls }
}

describe('JWT authentication through guard.http', () => {
  it('a valid token works on every Lambda event shape; the handler sees ctx.user', async () => {
    const { handler } = setup()
    const iat = epochSeconds() - 30
    const token = await signToken(key, { sub: 'alice', iat, auth_time: iat - 60, jti: 'j-1' })
    for (const [shape, event] of Object.entries(EVENT_SHAPES)) {
      const result = readResult(await handler(event({ headers: bearer(token) })))
      assert.equal(result.status, 200, shape)
      assert.deepEqual((result.json().user as Record<string, unknown>).userId, 'alice')
      const user = result.json().user as Record<string, unknown>
      assert.deepEqual(
        { ...user, data: undefined },
        {
          kind: 'jwt',
          userId: 'alice',
          permissions: ['notes:read', 'notes:write'],
          authenticatedAt: (iat - 60) * 1000,
          sessionId: 'j-1',
          data: undefined,
        },
        shape,
      )
      assert.equal((user.data as Record<string, unknown>).iss, ISSUER)
      assert.deepEqual(result.headers['cache-control'], ['no-store'])
    }
  })

  it('permissions come from the token: 403 without them; step-up reads auth_time', async () => {
    const { guard } = setup({}, { permissionsClaim: 'permissions' })
    const write = guard.http({ auth: { permissions: ['notes:write'] } }, () => ({ ok: true }))
    const destroy = guard.http({ auth: { stepUp: '5m' } }, () => ({ ok: true }))
    const reader = await signToken(key, { permissions: ['notes:read'] })
    const writer = await signToken(key, { permissions: ['notes:read', 'notes:write'] })
    assert.equal(readResult(await write(httpApiEvent({ headers: bearer(writer) }))).status, 200)
    const forbidden = readResult(await write(httpApiEvent({ headers: bearer(reader) })))
    assert.equal(forbidden.status, 403)
    assert.equal(forbidden.json().code, 'ERR_FORBIDDEN')

    const now = epochSeconds()
    const stale = await signToken(key, { iat: now - 60, auth_time: now - 900 })
    const fresh = await signToken(key, { iat: now - 60, auth_time: now - 60 })
    const refused = readResult(await destroy(httpApiEvent({ headers: bearer(stale) })))
    assert.equal(refused.status, 401)
    assert.equal(refused.json().code, 'ERR_STEP_UP_REQUIRED')
    assert.equal(readResult(await destroy(httpApiEvent({ headers: bearer(fresh) }))).status, 200)
  })

  it('every attack is a 401 with its code, logged, and never reaches the handler', async () => {
    const { handler, failures, calls } = setup({}, { maxTokenLength: 2048 })
    const now = epochSeconds()
    const valid = await signToken(key)
    const [header, payload, signature] = valid.split('.') as [string, string, string]
    const hsHeader = b64url({ alg: 'HS256', typ: 'JWT', kid: 'k-2025' })
    const hsSignature = createHmac('sha256', key.publicPem)
      .update(`${hsHeader}.${payload}`)
      .digest('base64url')
    const claims = JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 'u', iat: now, exp: now + 60 })
    const attacks: [string, string, string][] = [
      ['alg none', `${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`, 'ERR_AUTH_TOKEN_INVALID'],
      [
        'HS256 signed with the RSA public key',
        `${hsHeader}.${payload}.${hsSignature}`,
        'ERR_AUTH_TOKEN_INVALID',
      ],
      ['stripped signature', `${header}.${payload}.`, 'ERR_AUTH_TOKEN_INVALID'],
      [
        'another key under the real kid',
        await signToken(withKid(stranger, 'k-2025')),
        'ERR_AUTH_TOKEN_INVALID',
      ],
      [
        'expired',
        await signToken(key, { iat: now - 7200, exp: now - 3600 }),
        'ERR_AUTH_TOKEN_EXPIRED',
      ],
      ['not yet valid', await signToken(key, { nbf: now + 3600 }), 'ERR_AUTH_TOKEN_NOT_YET_VALID'],
      [
        'wrong issuer',
        await signToken(key, { iss: 'https://evil.example/' }),
        'ERR_AUTH_TOKEN_CLAIM',
      ],
      ['wrong audience', await signToken(key, { aud: 'someone-else' }), 'ERR_AUTH_TOKEN_CLAIM'],
      ['no exp', await signToken(key, { exp: undefined }), 'ERR_AUTH_TOKEN_CLAIM'],
      ['unknown kid', await signToken(withKid(stranger, 'k-2026')), 'ERR_AUTH_TOKEN_KEY_UNKNOWN'],
      [
        'kid with path characters',
        await signToken(withKid(stranger, '../../../etc/passwd')),
        'ERR_AUTH_TOKEN_KEY_UNKNOWN',
      ],
      [
        'kid with SQL characters',
        await signToken(key, {}, { kid: "' OR 1=1;--" }),
        'ERR_AUTH_TOKEN_INVALID',
      ],
      [
        'oversized token',
        await signToken(key, { pad: 'x'.repeat(3000) }),
        'ERR_AUTH_TOKEN_TOO_LARGE',
      ],
      ['bad base64url length', `${header}.${payload}.${signature}A`, 'ERR_AUTH_TOKEN_INVALID'],
      [
        'header not JSON',
        `${b64url('not json')}.${payload}.${signature}`,
        'ERR_AUTH_TOKEN_INVALID',
      ],
      [
        'crit header',
        signRaw(key, { alg: 'RS256', kid: 'k-2025', crit: ['exp'], exp: now }, claims),
        'ERR_AUTH_TOKEN_INVALID',
      ],
      // Refused by the Authorization header parser before the verifier sees them.
      [
        'standard base64 characters',
        `${header}.${payload}.${signature.slice(0, -2)}+/`,
        'ERR_AUTH_INVALID',
      ],
      [
        'a header over 8 KiB',
        await signToken(key, { pad: 'x'.repeat(9000) }),
        'ERR_AUTH_MALFORMED',
      ],
    ]
    for (const [name, token, code] of attacks) {
      const before = failures().length
      const result = readResult(await handler(httpApiEvent({ headers: bearer(token) })))
      assert.equal(result.status, 401, name)
      assert.equal(result.json().code, code, name)
      assert.match(String(result.headers['www-authenticate']), /^Bearer/i, name)
      assert.equal(failures().length, before + 1, `${name}: one auth.denied event`)
      assert.equal(failures().at(-1)?.reason, code, name)
    }
    assert.equal(calls(), 0)
    // …and the same guard still lets the valid token in.
    assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(valid) }))).status, 200)
  })

  it('tokens expire by the guard clock, with the configured tolerance', async () => {
    const { handler, clock } = setup({}, { clockTolerance: '10s' })
    const token = await signToken(key, { exp: epochSeconds(clock.now()) + 60 })
    assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(token) }))).status, 200)
    clock.advance(69_000)
    assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(token) }))).status, 200)
    clock.advance(2000)
    const expired = readResult(await handler(httpApiEvent({ headers: bearer(token) })))
    assert.equal(expired.json().code, 'ERR_AUTH_TOKEN_EXPIRED')
  })

  it('the per-user rate limit counts JWT callers in the same store call', async () => {
    const { handler } = setup({ rateLimit: { user: '2/min' } })
    const token = await signToken(key, { sub: 'busy' })
    const other = await signToken(key, { sub: 'calm' })
    for (let i = 0; i < 2; i++) {
      assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(token) }))).status, 200)
    }
    const limited = readResult(await handler(httpApiEvent({ headers: bearer(token) })))
    assert.equal(limited.status, 429)
    assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(other) }))).status, 200)
  })

  it('checks the jwt option when the guard is created', () => {
    const base = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['RS256'], jwks: server.url }
    const create = (jwt: unknown) => () => createGuard({ jwt: jwtAuth(jwt as JwtConfig) })
    assert.throws(
      create({ ...base, audiance: 'x' }),
      /`audiance` is not an option of jwt; did you mean `audience`\?/,
    )
    assert.throws(create({ ...base, algorithms: ['none'] }), ConfigError)
    assert.throws(create({ ...base, algorithms: ['RS256', 'HS256'] }), /cannot mix HMAC/)
    assert.throws(create({ ...base, jwks: 'http://id.example.test/jwks' }), /https/)
    assert.throws(create({ ...base, issuer: undefined }), /jwt\.issuer is required/)
    assert.throws(
      () => createGuard({ jwt: jwtAuth(base as JwtConfig), jwks: 'x' } as never),
      /`jwks` is not an option of createGuard/,
    )
    // A plain configuration object (what `jwt` took before it moved to its own subpath).
    assert.throws(
      () => createGuard({ jwt: base as never }),
      /jwt takes jwtAuth\(\{ issuer, audience, algorithms, jwks \}\) from '@bulwark\/guard\/jwt'/,
    )
  })
})

describe('the JWKS endpoint and its keys, through the guard', () => {
  it('an unreachable endpoint is a 503 with its code and Retry-After, and the guard recovers', async () => {
    const flaky = await startJwksServer({ keys: [key.publicJwk] })
    try {
      const { handler, calls } = setup(
        {},
        { jwks: { url: flaky.url, timeout: '300ms', cooldown: 1, cacheMaxAge: 1 } },
      )
      const token = await signToken(key)
      for (const mode of ['hang', 'error', 'garbage'] as const) {
        flaky.setMode(mode)
        const result = readResult(await handler(httpApiEvent({ headers: bearer(token) })))
        assert.equal(result.status, 503, mode)
        assert.equal(result.json().code, 'ERR_AUTH_JWKS_UNAVAILABLE', mode)
        assert.deepEqual(result.headers['retry-after'], ['5'], mode)
      }
      assert.equal(calls(), 0)
      flaky.setMode('ok')
      await new Promise((resolve) => setTimeout(resolve, 5))
      assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(token) }))).status, 200)
    } finally {
      await flaky.stop()
    }
    const { handler } = setup({}, { jwks: { url: flaky.url, timeout: '300ms' } })
    const down = readResult(await handler(httpApiEvent({ headers: bearer(await signToken(key)) })))
    assert.equal(down.status, 503)
    assert.equal(down.json().code, 'ERR_AUTH_JWKS_UNAVAILABLE')
  })

  it('a key published on rotation is accepted after the cooldown', async () => {
    const rotating = await startJwksServer({ keys: [key.publicJwk] })
    try {
      const { handler } = setup({}, { jwks: { url: rotating.url, cooldown: '100ms' } })
      const next = withKid(stranger, 'k-2026')
      const newToken = await signToken(next)
      assert.equal(
        readResult(await handler(httpApiEvent({ headers: bearer(await signToken(key)) }))).status,
        200,
      )
      assert.equal(
        readResult(await handler(httpApiEvent({ headers: bearer(newToken) }))).json().code,
        'ERR_AUTH_TOKEN_KEY_UNKNOWN',
      )
      rotating.setKeys({ keys: [key.publicJwk, next.publicJwk] })
      await new Promise((resolve) => setTimeout(resolve, 150))
      assert.equal(
        readResult(await handler(httpApiEvent({ headers: bearer(newToken) }))).status,
        200,
      )
    } finally {
      await rotating.stop()
    }
  })
})

/** Revocation scenarios, run against each store. */
function revocationSuite(name: string, makeStore: () => Store, skip: string | false) {
  describe(`JWT revocation through the ${name} store`, { skip }, () => {
    it('guard.jwt.revoke(ctx.user) refuses that token from the very next request, and only it', async () => {
      const { guard, handler } = setup({ store: makeStore() })
      const logout = guard.http({ auth: {} }, async (_req, ctx) => {
        if (ctx.user !== undefined) await guard.jwt.revoke(ctx.user)
        return { ok: true }
      })
      const token = await signToken(key, { jti: `j-${randomUUID()}` })
      const sibling = await signToken(key, { jti: `j-${randomUUID()}` })
      assert.equal(readResult(await logout(httpApiEvent({ headers: bearer(token) }))).status, 200)
      const refused = readResult(await handler(httpApiEvent({ headers: bearer(token) })))
      assert.equal(refused.status, 401)
      assert.equal(refused.json().code, 'ERR_AUTH_REVOKED')
      assert.equal(
        readResult(await handler(httpApiEvent({ headers: bearer(sibling) }))).status,
        200,
      )
    })

    it('revokeAllBefore refuses the tokens a user already has, not the ones issued after', async () => {
      const { guard, handler, clock } = setup({ store: makeStore() })
      const user = `u-${randomUUID()}`
      const issued = epochSeconds(clock.now()) - 10
      const old = await signToken(key, { sub: user, iat: issued, jti: undefined })
      const otherUser = await signToken(key, { iat: issued })
      assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(old) }))).status, 200)
      await guard.jwt.revokeAllBefore(user)
      assert.equal(
        readResult(await handler(httpApiEvent({ headers: bearer(old) }))).json().code,
        'ERR_AUTH_REVOKED',
      )
      assert.equal(
        readResult(await handler(httpApiEvent({ headers: bearer(otherUser) }))).status,
        200,
      )
      clock.advance(2000)
      const fresh = await signToken(key, { sub: user, iat: epochSeconds(clock.now()) })
      assert.equal(readResult(await handler(httpApiEvent({ headers: bearer(fresh) }))).status, 200)
    })

    it('explains what cannot be revoked', async () => {
      const { guard } = setup({ store: makeStore() })
      await assert.rejects(
        guard.jwt.revoke({ kind: 'session', userId: 'u', permissions: [], authenticatedAt: 0 }),
        /only a JWT with a jti can be revoked/,
      )
      await assert.rejects(guard.jwt.revoke({ jti: 'x', expiresAt: Number.NaN }), /expiresAt/)
      const without = createGuard({ store: makeStore() })
      await assert.rejects(without.jwt.revoke({ jti: 'x', expiresAt: Date.now() }), ConfigError)
    })
  })
}

revocationSuite('memory', () => memoryStore(), false)

const skipRedis = await skipUnless('redis')
const redis = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
const prefix = `test:jwt-e2e:${randomUUID()}:`
if (!skipRedis) await redis.connect()
after(async () => {
  if (skipRedis) return
  const keys = await redis.keys(`${prefix}*`)
  if (keys.length > 0) await redis.del(...keys)
  redis.disconnect()
})
revocationSuite('Redis', () => redisStore(redis, { prefix }), skipRedis)
