// End to end through guard.http on real Lambda event fixtures: sessions, API keys, permissions,
// step-up, misplaced credentials, rate limits (IP, IPv6 block, user, route, ctx.limit) and the
// headers they send, with a manual clock.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { manualClock } from '../core/clock.js'
import { ConfigError } from '../core/errors.js'
import { createGuard, type GuardConfig } from '../guard.js'
import { memoryStore } from '../stores/memory.js'
import { EVENT_SHAPES, httpApiEvent, readResult } from '../testing/lambda-events.js'

function setup(config: Partial<GuardConfig> = {}) {
  const lines: Record<string, unknown>[] = []
  const clock = manualClock()
  const guard = createGuard({
    store: memoryStore(),
    clock,
    log: { write: (line: string) => void lines.push(JSON.parse(line)) },
    metrics: false,
    ...config,
  })
  // Audit events of the catalogue (see src/log/audit-events.ts).
  const events = (type: string) => lines.filter((line) => line.audit === true && line.type === type)
  return { guard, clock, lines, events }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

describe('authentication end to end', () => {
  it('a session works on every event shape; the handler sees ctx.user; invocations are counted', async () => {
    const { guard } = setup()
    const handler = guard.http({ auth: { permissions: ['notes:read'] } }, (_req, ctx) => ({
      user: ctx.user?.userId,
      kind: ctx.user?.kind,
      data: ctx.user?.data,
    }))
    const { token, id } = await guard.sessions.create({
      userId: 'u1',
      permissions: ['notes:read'],
      data: { plan: 'gold' },
      device: 'Firefox on Linux',
    })
    for (const [shape, event] of Object.entries(EVENT_SHAPES)) {
      const result = readResult(await handler(event({ headers: bearer(token) })))
      assert.equal(result.status, 200, shape)
      assert.deepEqual(result.json(), { user: 'u1', kind: 'session', data: { plan: 'gold' } })
      const refused = readResult(await handler(event({})))
      assert.equal(refused.status, 401, shape)
      assert.equal(refused.json().code, 'ERR_AUTH_REQUIRED')
    }
    const [listed] = await guard.sessions.list('u1')
    assert.equal(listed?.id, id)
    assert.equal(listed?.invocations, Object.keys(EVENT_SHAPES).length)
    assert.equal(listed?.device, 'Firefox on Linux')
  })

  it('malformed headers are 401, never 500', async () => {
    const { guard } = setup()
    const handler = guard.http({ auth: {} }, () => ({}))
    const cases: [string, string][] = [
      ['Basic dXNlcjpwYXNz', 'ERR_AUTH_MALFORMED'],
      ['Bearer', 'ERR_AUTH_MALFORMED'],
      ['Bearer a b', 'ERR_AUTH_MALFORMED'],
      ['Bearer bws_short', 'ERR_AUTH_MALFORMED'],
      [`Bearer bwk_${'a'.repeat(49)}`, 'ERR_AUTH_MALFORMED'],
      [`Bearer ${'x'.repeat(9000)}`, 'ERR_AUTH_MALFORMED'],
      ['Bearer bws_0000000000000000000000000000000000000000000', 'ERR_AUTH_INVALID'],
      ['Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1MSJ9.', 'ERR_AUTH_INVALID'],
      ['Bearer opaque-thing', 'ERR_AUTH_INVALID'],
    ]
    for (const [header, code] of cases) {
      const result = readResult(await handler(httpApiEvent({ headers: { authorization: header } })))
      assert.equal(result.status, 401, header.slice(0, 40))
      assert.equal(result.json().code, code, header.slice(0, 40))
    }
  })

  it('refuses a credential in the query string, a cookie or the body, with a security event', async () => {
    const { guard, events } = setup()
    const handler = guard.http({ auth: {} }, () => ({}))
    const { token } = await guard.sessions.create({ userId: 'u1' })
    const attempts = [
      { query: { access_token: [token] }, where: 'query' },
      { query: { q: [token] }, where: 'query' },
      { headers: { cookie: `theme=dark; sid=${token}` }, where: 'cookie' },
      { headers: { cookie: 'token=abc' }, where: 'cookie' },
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: token }),
        where: 'body',
      },
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `access_token=${token}`,
        where: 'body',
      },
    ]
    for (const { where, ...input } of attempts) {
      // Even beside a valid Authorization header: the token has leaked and must not be rewarded.
      const result = readResult(
        await handler(httpApiEvent({ ...input, headers: { ...bearer(token), ...input.headers } })),
      )
      assert.equal(result.status, 401, where)
      assert.equal(result.json().code, 'ERR_CREDENTIAL_LOCATION')
      assert.equal(result.json().where, where)
    }
    assert.equal(
      events('auth.denied').filter((e) => e.reason === 'ERR_CREDENTIAL_LOCATION').length,
      attempts.length,
    )
    const fine = readResult(
      await handler(httpApiEvent({ headers: { ...bearer(token), cookie: 'theme=dark' } })),
    )
    assert.equal(fine.status, 200)
  })

  it('revoke and revokeAll are visible on the very next request', async () => {
    const { guard } = setup()
    const handler = guard.http({ auth: {} }, () => ({}))
    const a = await guard.sessions.create({ userId: 'u1' })
    const b = await guard.sessions.create({ userId: 'u1' })
    const c = await guard.sessions.create({ userId: 'u1' })
    const status = async (token: string) =>
      readResult(await handler(httpApiEvent({ headers: bearer(token) })))
    assert.equal((await status(a.token)).status, 200)
    assert.equal(await guard.sessions.revoke(a.token), true)
    assert.equal((await status(a.token)).json().code, 'ERR_AUTH_INVALID')
    assert.equal(await guard.sessions.revokeById('someone-else', b.id), false)
    assert.equal((await status(b.token)).status, 200)
    assert.equal(await guard.sessions.revokeById('u1', b.id), true)
    assert.equal((await status(b.token)).status, 401)
    assert.equal(await guard.sessions.revokeAll('u1'), 1)
    assert.equal((await status(c.token)).status, 401)
  })

  it('idle and absolute timeouts follow the clock', async () => {
    const { guard, clock } = setup({ sessions: { idleTimeout: '15m', absoluteTimeout: '1h' } })
    const handler = guard.http({ auth: {} }, () => ({}))
    const call = async (token: string) =>
      readResult(await handler(httpApiEvent({ headers: bearer(token) })))
    const idle = await guard.sessions.create({ userId: 'u1' })
    clock.advance(14 * 60_000)
    assert.equal((await call(idle.token)).status, 200)
    clock.advance(15 * 60_000)
    assert.equal((await call(idle.token)).json().code, 'ERR_AUTH_EXPIRED')
    const busy = await guard.sessions.create({ userId: 'u2' })
    for (let i = 0; i < 5; i++) {
      clock.advance(10 * 60_000)
      assert.equal((await call(busy.token)).status, 200)
    }
    clock.advance(10 * 60_000)
    assert.equal((await call(busy.token)).json().code, 'ERR_AUTH_EXPIRED')
  })
})

describe('authorization end to end', () => {
  it('permissions are all-of, anyOf is one-of: 403 ERR_FORBIDDEN', async () => {
    const { guard, events } = setup()
    const allOf = guard.http({ auth: { permissions: ['a', 'b'] } }, () => ({}))
    const oneOf = guard.http({ auth: { anyOf: ['x', 'b'] } }, () => ({}))
    const { token: ab } = await guard.sessions.create({ userId: 'u1', permissions: ['a', 'b'] })
    const { token: a } = await guard.sessions.create({ userId: 'u2', permissions: ['a'] })
    const call = async (h: typeof allOf, token: string) =>
      readResult(await h(httpApiEvent({ headers: bearer(token) })))
    assert.equal((await call(allOf, ab)).status, 200)
    assert.equal((await call(allOf, a)).status, 403)
    assert.equal((await call(allOf, a)).json().code, 'ERR_FORBIDDEN')
    assert.equal((await call(oneOf, ab)).status, 200)
    assert.equal((await call(oneOf, a)).status, 403)
    const forbidden = events('auth.denied').filter((e) => e.status === 403)
    assert.deepEqual(
      forbidden.map((e) => [e.reason, e.actor]),
      [
        ['ERR_FORBIDDEN', 'u2'],
        ['ERR_FORBIDDEN', 'u2'],
        ['ERR_FORBIDDEN', 'u2'],
      ],
    )
  })

  it('step-up: 401 ERR_STEP_UP_REQUIRED until the session reauthenticates', async () => {
    const { guard, clock } = setup()
    const destroy = guard.http({ auth: { stepUp: '5m' } }, () => ({ deleted: true }))
    const { token } = await guard.sessions.create({ userId: 'u1' })
    const call = async () =>
      readResult(await destroy(httpApiEvent({ method: 'DELETE', headers: bearer(token) })))
    assert.equal((await call()).status, 200)
    clock.advance(6 * 60_000)
    const refused = await call()
    assert.equal(refused.status, 401)
    assert.equal(refused.json().code, 'ERR_STEP_UP_REQUIRED')
    assert.equal(
      refused.headers['www-authenticate']?.[0],
      'Bearer error="insufficient_user_authentication", max_age=300',
    )
    assert.equal(await guard.sessions.reauthenticate(token), true)
    assert.equal((await call()).status, 200)
  })

  it('API keys: only where accepted, scopes checked, never mutating alone unless allowed', async () => {
    const { guard } = setup()
    const { key } = await guard.apiKeys.create({ owner: 'u1', scopes: ['reports:read'] })
    const noKeys = guard.http({ auth: {} }, () => ({}))
    const reports = guard.http({ auth: { apiKey: { scopes: ['reports:read'] } } }, () => ({}))
    const writeScope = guard.http({ auth: { apiKey: { scopes: ['reports:write'] } } }, () => ({}))
    const mutate = guard.http(
      { auth: { apiKey: { scopes: ['reports:read'], allowMutation: true } } },
      (_req, ctx) => ({ by: ctx.user?.kind }),
    )
    const withSession = guard.http(
      { auth: { apiKey: { scopes: ['reports:read'], allowMutation: true, requireSession: true } } },
      (_req, ctx) => ({ by: ctx.user?.kind, scopes: ctx.user?.scopes }),
    )
    const call = async (h: typeof noKeys, method: string, headers: Record<string, string>) =>
      readResult(await h(httpApiEvent({ method, headers })))
    assert.equal((await call(noKeys, 'GET', bearer(key))).json().code, 'ERR_API_KEY_NOT_ACCEPTED')
    assert.equal((await call(reports, 'GET', bearer(key))).status, 200)
    assert.equal((await call(reports, 'GET', { 'x-api-key': key })).status, 200)
    assert.equal((await call(writeScope, 'GET', bearer(key))).json().code, 'ERR_FORBIDDEN')
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const refused = await call(reports, method, bearer(key))
      assert.equal(refused.status, 403, method)
      assert.equal(refused.json().code, 'ERR_API_KEY_READ_ONLY')
    }
    assert.deepEqual((await call(mutate, 'POST', bearer(key))).json(), { by: 'apiKey' })
    assert.equal((await call(withSession, 'POST', bearer(key))).json().code, 'ERR_SESSION_REQUIRED')
    const { token } = await guard.sessions.create({ userId: 'u1' })
    const both = await call(withSession, 'POST', { ...bearer(token), 'x-api-key': key })
    assert.deepEqual(both.json(), { by: 'session', scopes: ['reports:read'] })
    assert.equal(
      (await call(reports, 'GET', { 'x-api-key': 'not-a-key' })).json().code,
      'ERR_AUTH_MALFORMED',
    )
  })

  it('API keys expire, revoke, and rotate with a grace period', async () => {
    const { guard, clock } = setup()
    const route = guard.http({ auth: { apiKey: { scopes: [] } } }, () => ({}))
    const call = async (key: string) =>
      readResult(await route(httpApiEvent({ headers: bearer(key) }))).status
    const first = await guard.apiKeys.create({
      owner: 'u1',
      scopes: [],
      expiresIn: '30d',
      name: 'ci',
    })
    const second = await guard.apiKeys.rotate(first.key, { gracePeriod: '1h' })
    assert.equal(await call(first.key), 200)
    assert.equal(await call(second.key), 200)
    clock.advance(3_600_000)
    assert.equal(await call(first.key), 401)
    assert.equal(await call(second.key), 200)
    assert.deepEqual(
      (await guard.apiKeys.list('u1')).map((k) => [k.id, k.name, k.invocations]),
      [[second.id, 'ci', 2]],
    )
    assert.equal(await guard.apiKeys.revoke(second.id), true)
    assert.equal(await call(second.key), 401)
    await assert.rejects(guard.apiKeys.rotate(second.key), /not valid/)
  })
})

describe('rate limits end to end', () => {
  it('per IP: 429 with Retry-After and the IETF RateLimit fields, on public routes too', async () => {
    const { guard, clock, events } = setup({ rateLimit: { ip: '3/min' } })
    const handler = guard.http({ auth: 'public' }, () => ({}))
    const call = async (sourceIp: string) => readResult(await handler(httpApiEvent({ sourceIp })))
    const first = await call('198.51.100.7')
    assert.equal(first.headers['ratelimit-policy']?.[0], '"ip";q=3;w=60')
    assert.equal(first.headers.ratelimit?.[0], '"ip";r=2;t=20')
    await call('198.51.100.7')
    await call('198.51.100.7')
    const limited = await call('198.51.100.7')
    assert.equal(limited.status, 429)
    assert.equal(limited.json().code, 'ERR_RATE_LIMITED')
    assert.equal(limited.headers['retry-after']?.[0], '20')
    assert.equal(limited.headers.ratelimit?.[0], '"ip";r=0;t=60')
    assert.equal((await call('198.51.100.8')).status, 200, 'another IP has its own budget')
    clock.advance(20_000)
    assert.equal((await call('198.51.100.7')).status, 200)
    assert.deepEqual(
      events('security.rate_limited').map((e) => [e.limit, e.retryAfterSeconds, e.ip]),
      [['ip', 20, '198.51.100.7']],
    )
  })

  it('per IP block: an IPv6 /64 and IPv4-mapped addresses share one budget', async () => {
    const { guard } = setup({ rateLimit: { ipBlock: '2/min' } })
    const handler = guard.http({ auth: 'public' }, () => ({}))
    const call = async (sourceIp: string) =>
      readResult(await handler(httpApiEvent({ sourceIp }))).status
    assert.equal(await call('2001:db8:1:2::1'), 200)
    assert.equal(await call('2001:db8:1:2:ffff:ffff:ffff:ffff'), 200)
    assert.equal(await call('2001:db8:1:2::abcd'), 429)
    assert.equal(await call('2001:db8:1:3::1'), 200)
    assert.equal(await call('::ffff:203.0.113.1'), 200)
    assert.equal(await call('203.0.113.200'), 200)
    assert.equal(await call('::ffff:cb00:7163'), 429, '203.0.113.99 in hex notation')
  })

  it('per user, per route and ctx.limit: a flood of bad tokens is throttled too', async () => {
    const { guard } = setup({ rateLimit: { ip: '100/min', user: '3/min' } })
    const read = guard.http({ auth: {} }, () => ({}))
    const transfer = guard.http(
      { auth: {}, rateLimit: { user: '1/min' }, name: 'transfer' },
      () => ({}),
    )
    const search = guard.http({ auth: {} }, async (_req, ctx) => {
      await ctx.limit('db.search', '1/min')
      return {}
    })
    const { token } = await guard.sessions.create({ userId: 'u1' })
    const { token: other } = await guard.sessions.create({ userId: 'u2' })
    const call = async (h: typeof read, t: string) =>
      readResult(await h(httpApiEvent({ headers: bearer(t) })))
    const ok = await call(read, token)
    assert.equal(ok.headers['ratelimit-policy']?.[0], '"ip";q=100;w=60, "user";q=3;w=60')
    assert.equal(ok.headers.ratelimit?.[0], '"ip";r=99;t=1, "user";r=2;t=20')
    assert.equal((await call(transfer, token)).status, 200)
    const route = await call(transfer, token)
    assert.equal(route.status, 429)
    assert.equal(route.json().limit, 'route.user')
    assert.equal((await call(read, token)).status, 200)
    const user = await call(read, token)
    assert.equal(user.status, 429)
    assert.equal(user.json().limit, 'user')
    assert.equal((await call(search, other)).status, 200)
    const db = await call(search, other)
    assert.equal(db.status, 429)
    assert.equal(db.json().limit, 'db.search')
    // Garbage credentials still spend the IP budget.
    const flood = guard.http({ auth: {} }, () => ({}))
    let throttled = 0
    for (let i = 0; i < 120; i++) {
      const r = readResult(await flood(httpApiEvent({ headers: { authorization: 'Bearer junk' } })))
      if (r.status === 429) throttled++
    }
    assert.ok(throttled > 0 && throttled <= 120 - 90, `throttled ${throttled}`)
  })
})

describe('configuration', () => {
  it('rejects unknown keys in every identity section, naming the nearest', () => {
    assert.throws(
      () => createGuard({ sessions: { idelTimeout: '5m' } as never }),
      /did you mean `idleTimeout`/,
    )
    assert.throws(() => createGuard({ rateLimit: { usr: '1/s' } as never }), /did you mean `user`/)
    assert.throws(() => createGuard({ rateLimit: { ip: 'lots' } }), /rateLimit\.ip must be a rate/)
    assert.throws(
      () => createGuard({ login: { pairTreshold: 3 } as never }),
      /did you mean `pairThreshold`/,
    )
    assert.throws(
      () => createGuard({ apiKeys: { rotationGrase: '1h' } as never }),
      /did you mean `rotationGrace`/,
    )
    assert.throws(() => createGuard({ store: {} as never }), ConfigError)
    const guard = createGuard({ store: memoryStore() })
    assert.throws(
      () => guard.http({ auth: {}, rateLimit: { users: '1/s' } as never }, () => ({})),
      /did you mean `user`/,
    )
  })

  it('bad input to sessions and API keys throws and stores nothing', async () => {
    const { guard } = setup()
    await assert.rejects(guard.sessions.create({ userId: '' }), TypeError)
    await assert.rejects(
      guard.sessions.create({ userId: 'u1', permissions: [1] as never }),
      TypeError,
    )
    await assert.rejects(guard.sessions.create({ userId: 'u1', data: [] as never }), TypeError)
    await assert.rejects(guard.sessions.create({ userId: 'u1', idleTimeout: 'soon' }), ConfigError)
    await assert.rejects(guard.apiKeys.create({ owner: 'u1', scopes: 'all' as never }), TypeError)
    await assert.rejects(guard.apiKeys.create({ owner: 'u\n1', scopes: [] }), TypeError)
    assert.deepEqual(await guard.sessions.list('u1'), [])
    assert.deepEqual(await guard.apiKeys.list('u1'), [])
  })

  it('warns once per guard when a memory store runs on Lambda', () => {
    const previous = process.env.AWS_LAMBDA_FUNCTION_NAME
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'fn'
    try {
      const { lines } = setup()
      assert.equal(
        lines.filter((l) => String(l.message).startsWith('memory store on AWS Lambda')).length,
        1,
      )
    } finally {
      if (previous === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME
      else process.env.AWS_LAMBDA_FUNCTION_NAME = previous
    }
    const { lines } = setup()
    assert.equal(lines.length, 0)
  })
})
