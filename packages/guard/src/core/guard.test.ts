// The core guard (`@bulwark/guard/core`) as its users meet it: real Lambda events in, responses
// and JSON lines out. It has no store, so every non-public route is refused and what needs one is
// a ConfigError naming the full guard.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { registerSecret } from '../log/redact/secret-registry.js'
import { httpApiEvent, readResult, restApiEvent } from '../testing/lambda-events.js'
import { ConfigError } from './errors.js'
import { createGuard } from './guard.js'
import { json } from './response.js'
import type { RouteOptions } from './route.js'

const APP = 'https://app.example.com'
const HTTP_API_REQUEST_ID = 'JKJaXmPLvHcESHA='
const HTTP_API_IP = '192.0.2.20'
const silentLogger = { error() {}, warn() {}, info() {}, debug() {} }

/** A guard whose lines are kept, parsed, for the test to read. */
function capturingGuard(config: Parameters<typeof createGuard>[0] = {}) {
  const lines: Record<string, unknown>[] = []
  const guard = createGuard({
    ...config,
    log: { level: 'debug', write: (line: string) => void lines.push(JSON.parse(line)) },
  })
  return { guard, lines, audits: (type: string) => lines.filter((l) => l.type === type) }
}

describe('a public route', () => {
  for (const [shape, event] of [
    ['REST API (v1)', restApiEvent],
    ['HTTP API (v2)', httpApiEvent],
  ] as const) {
    it(`answers 200 with the security headers over ${shape}`, async () => {
      const { guard } = capturingGuard()
      const handler = guard.http({ auth: 'public' }, (req) => json(200, { path: req.path }))
      const result = readResult(await handler(event({ path: '/notes' })))
      assert.equal(result.status, 200)
      assert.deepEqual(result.json(), { path: '/notes' })
      assert.equal(
        result.headers['strict-transport-security']?.[0],
        'max-age=31536000; includeSubDomains',
      )
      assert.equal(result.headers['x-content-type-options']?.[0], 'nosniff')
      assert.equal(result.headers['x-frame-options']?.[0], 'DENY')
      assert.equal(result.headers['referrer-policy']?.[0], 'no-referrer')
      assert.equal(
        result.headers['content-security-policy']?.[0],
        "default-src 'none'; frame-ancestors 'none'",
      )
      assert.ok(result.headers['x-request-id']?.[0])
    })

    it(`sends CORS headers to an allowed origin only, over ${shape}`, async () => {
      const { guard, audits } = capturingGuard({ cors: { origins: [APP] } })
      const handler = guard.http({ auth: 'public' }, () => ({ ok: true }))

      const allowed = readResult(await handler(event({ headers: { Origin: APP } })))
      assert.equal(allowed.status, 200)
      assert.equal(allowed.headers['access-control-allow-origin']?.[0], APP)
      assert.match(allowed.headers['access-control-expose-headers']?.[0] ?? '', /x-request-id/)
      assert.equal(allowed.headers.vary?.[0], 'Origin')

      const refused = readResult(
        await handler(event({ headers: { Origin: 'https://evil.example' } })),
      )
      // The answer itself is sent (CORS is the browser's to enforce), without any CORS header.
      assert.equal(refused.status, 200)
      assert.deepEqual(
        Object.keys(refused.headers).filter((name) => name.startsWith('access-control-')),
        [],
      )
      assert.equal(audits('security.cors.rejected').length, 1)
      assert.equal(audits('security.cors.rejected')[0]?.origin, 'https://evil.example')
    })

    it(`answers a preflight 204 for an allowed origin and 403 for a refused one, over ${shape}`, async () => {
      const { guard, audits } = capturingGuard({ cors: { origins: [APP] } })
      let called = false
      const handler = guard.http({ auth: 'public' }, () => {
        called = true
      })
      const preflight = (origin: string) =>
        event({
          method: 'OPTIONS',
          headers: {
            Origin: origin,
            'Access-Control-Request-Method': 'POST',
            'Access-Control-Request-Headers': 'content-type',
          },
        })

      const allowed = readResult(await handler(preflight(APP)))
      assert.equal(allowed.status, 204)
      assert.equal(allowed.headers['access-control-allow-origin']?.[0], APP)
      assert.match(allowed.headers['access-control-allow-methods']?.[0] ?? '', /POST/)
      assert.match(allowed.headers['access-control-allow-headers']?.[0] ?? '', /content-type/)

      const refused = readResult(await handler(preflight('https://evil.example')))
      assert.equal(refused.status, 403)
      assert.equal(refused.json().code, 'ERR_CORS_ORIGIN_DENIED')
      assert.deepEqual(
        Object.keys(refused.headers).filter((name) => name.startsWith('access-control-')),
        [],
      )
      assert.equal(audits('security.cors.rejected')[0]?.preflight, true)
      assert.equal(called, false)
    })
  }

  it('serves a Fetch runtime the same way', async () => {
    const { guard } = capturingGuard({ cors: { origins: [APP] } })
    const handler = guard.fetch({ auth: 'public' }, () => json(200, { ok: true }))
    const res = await handler(new Request('https://api.example.com/', { headers: { origin: APP } }))
    assert.equal(res.status, 200)
    assert.deepEqual(await res.json(), { ok: true })
    assert.equal(res.headers.get('access-control-allow-origin'), APP)
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  })
})

describe('a route that needs a caller', () => {
  const requirements: [string, RouteOptions['auth']][] = [
    ['auth: {}', {}],
    ["auth: { permissions: ['notes:read'] }", { permissions: ['notes:read'] }],
  ]
  for (const [label, auth] of requirements) {
    it(`answers 401 ERR_AUTH_REQUIRED with ${label}, credential or not, and never runs the handler`, async () => {
      const { guard, audits } = capturingGuard()
      let called = false
      const handler = guard.http({ auth, name: 'notes.read' }, () => {
        called = true
        return { secret: 'data' }
      })
      for (const event of [
        httpApiEvent(),
        // There is no authenticator to accept any credential, so one changes nothing.
        httpApiEvent({ headers: { authorization: 'Bearer some-token-value' } }),
        restApiEvent({ headers: { Authorization: 'Bearer some-token-value' } }),
      ]) {
        const result = readResult(await handler(event))
        assert.equal(result.status, 401)
        assert.equal(result.json().code, 'ERR_AUTH_REQUIRED')
        assert.equal(result.headers['www-authenticate']?.[0], 'Bearer')
        assert.equal(result.headers['cache-control']?.[0], 'no-store')
      }
      assert.equal(called, false)
      const denied = audits('auth.denied')
      assert.equal(denied.length, 3)
      assert.equal(denied[0]?.reason, 'ERR_AUTH_REQUIRED')
      assert.equal(denied[0]?.status, 401)
      assert.equal(denied[0]?.route, 'notes.read')
      assert.equal(denied[0]?.requestId, HTTP_API_REQUEST_ID)
      assert.equal(denied[0]?.ip, HTTP_API_IP)
      assert.equal(denied[0]?.audit, true)
    })
  }

  it('refuses a preflight-looking OPTIONS for a protected route without CORS', async () => {
    const { guard } = capturingGuard()
    const handler = guard.http({ auth: {} }, () => ({}))
    const result = readResult(
      await handler(
        httpApiEvent({
          method: 'OPTIONS',
          headers: { origin: APP, 'access-control-request-method': 'DELETE' },
        }),
      ),
    )
    assert.equal(result.status, 403)
  })
})

describe('construction', () => {
  const fullGuardOnly = [
    'store',
    'sessions',
    'jwt',
    'apiKeys',
    'rateLimit',
    'login',
    'alerts',
    'metrics',
    'redact',
    'clock',
  ]
  for (const key of fullGuardOnly) {
    it(`refuses \`${key}\`, naming @bulwark/guard`, () => {
      assert.throws(
        () => createGuard({ [key]: {} } as never),
        (error: unknown) =>
          error instanceof ConfigError &&
          error.message.includes(`\`${key}\``) &&
          error.message.includes("'@bulwark/guard'"),
      )
    })
  }

  it('names the nearest valid key for a typo', () => {
    assert.throws(
      () => createGuard({ corz: { origins: [APP] } } as never),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === '`corz` is not an option of createGuard; did you mean `cors`?',
    )
  })

  it('checks its logging options when it is created, though it builds the logger on first use', () => {
    const refused: Array<[unknown, RegExp]> = [
      [{ log: { level: 'loud' } }, /log\.level must be one of/],
      [{ log: { write: 'stdout' } }, /log\.write must be a function/],
      [{ log: { levle: 'warn' } }, /did you mean `level`/],
      [{ logger: { info() {} } }, /logger must have error, warn, info and debug/],
      [{ log: {}, logger: silentLogger }, /either `log`/],
    ]
    for (const [config, message] of refused) {
      assert.throws(() => createGuard(config as never), message)
    }
  })

  it('refuses a route rate limit, naming the full guard', () => {
    const guard = createGuard({ logger: silentLogger })
    assert.throws(
      () => guard.http({ auth: 'public', rateLimit: { ip: '10/min' } }, () => ({})),
      (error: unknown) =>
        error instanceof ConfigError &&
        /rate limits need a store/.test(error.message) &&
        error.message.includes("'@bulwark/guard'"),
    )
  })

  it('refuses a route without `auth`', () => {
    const guard = createGuard({ logger: silentLogger })
    assert.throws(
      () => guard.http({} as RouteOptions, () => ({})),
      (error: unknown) =>
        error instanceof ConfigError && /every route must declare `auth`/.test(error.message),
    )
    assert.throws(() => guard.fetch({ name: 'x' } as never, () => ({})), ConfigError)
  })

  it('accepts every option it has', () => {
    createGuard({
      cors: { origins: [APP] },
      securityHeaders: { 'x-frame-options': 'SAMEORIGIN' },
      limits: { maxBodyBytes: 1024 },
      trustedProxies: 1,
      log: { level: 'warn', write: () => {} },
    })
    createGuard({ logger: silentLogger })
  })
})

describe('unhandled errors', () => {
  it('answer a generic 500 and log the message and stack, not the request', async () => {
    const { guard, lines } = capturingGuard()
    const handler = guard.http({ auth: 'public', name: 'notes.create' }, () => {
      throw new Error('connection to notes-db-7 refused')
    })
    const result = readResult(
      await handler(
        httpApiEvent({
          method: 'POST',
          path: '/notes',
          query: { email: ['bob@example.com'] },
          headers: { 'content-type': 'application/json', 'x-customer': 'customer-header-77' },
          body: JSON.stringify({ title: 'body-title-42' }),
        }),
      ),
    )
    assert.equal(result.status, 500)
    assert.deepEqual(result.json(), {
      error: 'internal error',
      code: 'ERR_INTERNAL',
      requestId: HTTP_API_REQUEST_ID,
    })
    assert.doesNotMatch(result.body, /notes-db-7|refused|at /)

    const errors = lines.filter((line) => line.level === 'error')
    assert.equal(errors.length, 1)
    const record = errors[0] as Record<string, unknown> & { error: Record<string, string> }
    assert.equal(record.message, 'request failed')
    assert.equal(record.status, 500)
    assert.equal(record.method, 'POST')
    assert.equal(record.path, '/notes')
    assert.equal(record.route, 'notes.create')
    assert.equal(record.requestId, HTTP_API_REQUEST_ID)
    assert.equal(record.error.message, 'connection to notes-db-7 refused')
    assert.match(record.error.stack, /guard\.test\.ts/)
    const text = JSON.stringify(record)
    assert.doesNotMatch(text, /bob@example\.com|customer-header-77|body-title-42/)
  })
})

describe('ctx.log', () => {
  it('redacts values under sensitive keys and keeps the rest', async () => {
    const { guard, lines } = capturingGuard()
    const handler = guard.http({ auth: 'public', name: 'profile' }, (_req, ctx) => {
      ctx.log.info('profile updated', {
        user: 'bob',
        password: 'hunter2-hunter2',
        authorization: 'Bearer abc.def.ghi',
        nested: { apiKey: 'key-123456789', region: 'eu-west-1' },
        count: 3,
      })
    })
    assert.equal(readResult(await handler(httpApiEvent())).status, 204)
    const line = lines.find((l) => l.message === 'profile updated')
    assert.ok(line)
    assert.equal(line.level, 'info')
    assert.equal(line.requestId, HTTP_API_REQUEST_ID)
    assert.equal(line.route, 'profile')
    assert.equal(line.user, 'bob')
    assert.equal(line.password, '[REDACTED]')
    assert.equal(line.authorization, '[REDACTED]')
    assert.deepEqual(line.nested, { apiKey: '[REDACTED]', region: 'eu-west-1' })
    assert.equal(line.count, 3)
    assert.doesNotMatch(JSON.stringify(lines), /hunter2|abc\.def\.ghi|key-123456789/)
  })

  it('removes a registered secret from messages and fields', async () => {
    const secret = 'pg-Secret-9f2c41d7'
    registerSecret(secret)
    const { guard, lines } = capturingGuard()
    const handler = guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.log.warn(`retrying with postgres://app:${secret}@db/notes`, { dsn: `x${secret}y` })
    })
    await handler(httpApiEvent())
    const line = lines.find((l) => l.level === 'warn')
    assert.equal(line?.message, 'retrying with postgres://app:[REDACTED]@db/notes')
    assert.equal(line?.dsn, 'x[REDACTED]y')
    assert.doesNotMatch(JSON.stringify(lines), /Secret-9f2c41d7/)
  })

  it("removes the request's own credentials from lines, audit lines and the error record", async () => {
    // A handler on a public route that checks a token itself may write it into prose.
    const { guard, lines } = capturingGuard()
    const handler = guard.http({ auth: 'public' }, (req, ctx) => {
      const token = req.headers.authorization
      const { password } = req.body as { password: string }
      ctx.log.warn(`token ${token} rejected; tried password ${password}`)
      ctx.audit('data.updated', { collection: `sessions of ${token}`, recordId: 's_1' })
      throw new Error(`cannot verify ${token}`)
    })
    const result = readResult(
      await handler(
        httpApiEvent({
          method: 'POST',
          headers: { authorization: 'Bearer tok-3f9a7c1e', 'content-type': 'application/json' },
          body: JSON.stringify({ password: 'hunter2-again' }),
        }),
      ),
    )
    assert.equal(result.status, 500)
    assert.equal(lines.length, 3)
    assert.equal(lines[0]?.message, 'token [REDACTED] rejected; tried password [REDACTED]')
    assert.equal(lines[1]?.collection, 'sessions of [REDACTED]')
    const error = lines[2] as { error: { message: string; stack: string } }
    assert.equal(error.error.message, 'cannot verify [REDACTED]')
    assert.doesNotMatch(JSON.stringify(lines), /tok-3f9a7c1e|hunter2-again/)
  })

  it('never writes bytes, which may be a key', async () => {
    const { guard, lines } = capturingGuard()
    const handler = guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.log.info('derived', {
        material: Buffer.from('raw-signing-material'),
        view: new Uint8Array([7, 7, 7]),
      })
    })
    await handler(httpApiEvent())
    const line = lines.find((l) => l.message === 'derived')
    assert.equal(line?.material, '[Buffer 20 bytes]')
    assert.equal(line?.view, '[Uint8Array 3 bytes]')
  })

  it('writes lines with circular objects, BigInt and throwing getters', async () => {
    const { guard, lines } = capturingGuard()
    const circular: Record<string, unknown> = { name: 'loop' }
    circular.self = circular
    const hostile = {
      get boom(): never {
        throw new Error('getter exploded')
      },
    }
    const handler = guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.log.info('odd values', { circular, big: 12345678901234567890n, hostile, ok: 1 })
      return { done: true }
    })
    const result = readResult(await handler(httpApiEvent()))
    assert.equal(result.status, 200)
    const line = lines.find((l) => l.message === 'odd values')
    assert.ok(line, 'the line is written')
    assert.deepEqual(line.circular, { name: 'loop', self: '[Circular]' })
    assert.equal(line.big, '12345678901234567890')
    assert.equal(line.hostile, '[Unreadable]')
    assert.equal(line.ok, 1)
  })

  it('keeps a `__proto__` key as data and pollutes nothing', async () => {
    const { guard, lines } = capturingGuard()
    const handler = guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.log.info('parsed', JSON.parse('{"__proto__": {"polluted": "yes", "token": "t0k3n-abc"}}'))
    })
    await handler(httpApiEvent())
    const line = lines.find((l) => l.message === 'parsed')
    assert.ok(line)
    assert.deepEqual(Object.getOwnPropertyDescriptor(line, '__proto__')?.value, {
      polluted: 'yes',
      token: '[REDACTED]',
    })
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })
})

describe('ctx.audit and ctx.limit', () => {
  it('ctx.audit writes an audit line with the request id and client address', async () => {
    const { guard, audits } = capturingGuard()
    const handler = guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.audit('data.deleted', { collection: 'notes', recordId: 'n_4' })
    })
    await handler(httpApiEvent())
    const [line, ...more] = audits('data.deleted')
    assert.equal(more.length, 0)
    assert.equal(line?.audit, true)
    assert.equal(line?.requestId, HTTP_API_REQUEST_ID)
    assert.equal(line?.ip, HTTP_API_IP)
    assert.equal(line?.actor, null)
    assert.equal(line?.collection, 'notes')
    assert.equal(line?.recordId, 'n_4')
  })

  it('ctx.limit answers 500 and logs why: there is no store to count in', async () => {
    const { guard, lines } = capturingGuard()
    let after = false
    const handler = guard.http({ auth: 'public' }, async (_req, ctx) => {
      await ctx.limit('db.search', '50/min')
      after = true
    })
    const result = readResult(await handler(httpApiEvent()))
    assert.equal(result.status, 500)
    assert.equal(result.json().error, 'internal error')
    assert.equal(after, false)
    const error = lines.find((l) => l.message === 'request failed') as
      | { error: { message: string } }
      | undefined
    assert.match(error?.error.message ?? '', /ctx\.limit needs a store.*'@bulwark\/guard'/)
  })
})

describe('input limits and schemas', () => {
  const post = (body: string) =>
    httpApiEvent({ method: 'POST', headers: { 'content-type': 'application/json' }, body })

  it('answers 413 for a body over the limit', async () => {
    const { guard, audits } = capturingGuard({ limits: { maxBodyBytes: 64 } })
    let called = false
    const handler = guard.http({ auth: 'public' }, () => {
      called = true
    })
    const result = readResult(await handler(post(JSON.stringify({ text: 'x'.repeat(100) }))))
    assert.equal(result.status, 413)
    assert.equal(result.json().code, 'ERR_BODY_TOO_LARGE')
    assert.equal(called, false)
    assert.equal(audits('security.input.rejected')[0]?.code, 'ERR_BODY_TOO_LARGE')
  })

  it('answers 400 for a prototype key, naming the field', async () => {
    const { guard, audits } = capturingGuard()
    const handler = guard.http({ auth: 'public' }, () => ({}))
    const result = readResult(await handler(post('{"profile":{"__proto__":{"isAdmin":true}}}')))
    assert.equal(result.status, 400)
    assert.equal(result.json().code, 'ERR_PROTOTYPE_KEY')
    assert.equal(result.json().field, 'body.profile')
    assert.equal(audits('security.input.rejected')[0]?.field, 'body.profile')
  })

  it('answers 400 for a string over the limit, without echoing it', async () => {
    const { guard } = capturingGuard()
    const handler = guard.http({ auth: 'public', limits: { maxStringLength: 8 } }, () => ({}))
    const result = readResult(await handler(post(JSON.stringify({ name: 'much-too-long-name' }))))
    assert.equal(result.status, 400)
    assert.equal(result.json().code, 'ERR_STRING_TOO_LONG')
    assert.equal(result.json().field, 'body.name')
    assert.doesNotMatch(result.body, /much-too-long-name/)
  })

  it('validates the body against a schema, naming the field path', async () => {
    const { guard } = capturingGuard()
    const Transfer = z.object({
      amount: z.number().positive(),
      to: z.object({ iban: z.string().min(15) }),
    })
    const handler = guard.http({ auth: 'public', body: Transfer }, (req) =>
      json(201, { amount: req.body.amount, iban: req.body.to.iban }),
    )
    const invalid = readResult(
      await handler(post(JSON.stringify({ amount: 10, to: { iban: 'DE89' } }))),
    )
    assert.equal(invalid.status, 400)
    assert.equal(invalid.json().code, 'ERR_VALIDATION')
    const issues = invalid.json().issues as { field: string }[]
    assert.deepEqual(
      issues.map((issue) => issue.field),
      ['body.to.iban'],
    )
    const valid = readResult(
      await handler(post(JSON.stringify({ amount: 10, to: { iban: 'DE89370400440532013000' } }))),
    )
    assert.equal(valid.status, 201)
    assert.deepEqual(valid.json(), { amount: 10, iban: 'DE89370400440532013000' })
  })
})

describe('a logger of your own', () => {
  it('receives the lines redacted, audit lines included', async () => {
    const calls: { level: string; message: string; fields: Record<string, unknown> }[] = []
    const record =
      (level: string) =>
      (message: string, fields: Readonly<Record<string, unknown>> = {}) =>
        void calls.push({ level, message, fields: { ...fields } })
    const guard = createGuard({
      logger: {
        error: record('error'),
        warn: record('warn'),
        info: record('info'),
        debug: record('debug'),
      },
    })
    const open = guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.log.info('signed up', {
        email: 'bob@example.com',
        password: 'correct horse',
        token: 'tk-1',
      })
    })
    await open(httpApiEvent())
    const signedUp = calls.find((c) => c.message === 'signed up')
    assert.equal(signedUp?.level, 'info')
    assert.equal(signedUp?.fields.email, 'bob@example.com')
    assert.equal(signedUp?.fields.password, '[REDACTED]')
    assert.equal(signedUp?.fields.token, '[REDACTED]')
    assert.equal(signedUp?.fields.requestId, HTTP_API_REQUEST_ID)

    const closed = guard.http({ auth: {} }, () => ({}))
    await closed(httpApiEvent())
    const audit = calls.find((c) => c.message === 'audit' && c.fields.type === 'auth.denied')
    assert.equal(audit?.level, 'info')
    assert.equal(audit?.fields.reason, 'ERR_AUTH_REQUIRED')
    assert.doesNotMatch(JSON.stringify(calls), /correct horse|tk-1/)
  })
})
