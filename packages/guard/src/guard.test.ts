import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, GuardError } from './core/errors.js'
import { json } from './core/response.js'
import type { RouteOptions } from './core/route.js'
import { createGuard } from './guard.js'
import { httpApiEvent, readResult, restApiEvent } from './testing/lambda-events.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }

function capturingLog() {
  const lines: string[] = []
  return { lines, log: { write: (line: string) => void lines.push(line) } }
}

describe('createGuard checks every option at construction', () => {
  it('runs with no configuration at all', async () => {
    const handler = createGuard().http({ auth: 'public' }, () => ({ ok: true }))
    assert.deepEqual(readResult(await handler(httpApiEvent())).json(), { ok: true })
  })

  it('names an unknown key and the nearest valid one', () => {
    assert.throws(
      () => createGuard({ corss: {} } as never),
      (e: unknown) =>
        e instanceof ConfigError &&
        e.message === '`corss` is not an option of createGuard; did you mean `cors`?',
    )
    assert.throws(
      () => createGuard({ cors: { origins: ['https://a.example'], credential: true } as never }),
      /`credential` is not an option of cors; did you mean `credentials`\?/,
    )
    assert.throws(
      () => createGuard({ limits: { maxStringLenght: 10 } as never }),
      /did you mean `maxStringLength`/,
    )
  })

  it("refuses origins '*' with credentials", () => {
    assert.throws(() => createGuard({ cors: { origins: ['*'], credentials: true } }), ConfigError)
  })

  it('refuses unreadable values', () => {
    assert.throws(() => createGuard({ trustedProxies: -1 }), /trustedProxies/)
    assert.throws(() => createGuard({ limits: { maxBodyBytes: 0 } }), /limits\.maxBodyBytes/)
    assert.throws(() => createGuard({ cors: { origins: ['app.example.com'] } }), /not an origin/)
    assert.throws(() => createGuard({ cors: { origins: ['https://a.example/path'] } }), /no path/)
    assert.throws(() => createGuard({ cors: { origins: ['https://a.*.example.com'] } }), /leftmost/)
    assert.throws(
      () => createGuard({ securityHeaders: { 'x-frame-options': 'a\r\nb' } }),
      ConfigError,
    )
  })
})

describe('routes deny by default', () => {
  it('throws at construction when a route declares no auth', () => {
    const guard = createGuard({ logger: silent })
    assert.throws(
      () => guard.http({} as RouteOptions, () => ({})),
      /every route must declare `auth`/,
    )
    assert.throws(() => guard.http(undefined as never, () => ({})), /route options are required/)
    assert.throws(() => guard.http({ auth: 'open' } as never, () => ({})), /auth must be 'public'/)
    assert.throws(
      () => guard.http({ auth: { permision: ['a'] } } as never, () => ({})),
      /did you mean `permissions`/,
    )
    assert.throws(() => guard.http({ auth: { stepUp: 'soon' } }, () => ({})), /auth\.stepUp/)
    assert.throws(
      () => guard.http({ auth: 'public', body: { parse() {} } } as never, () => ({})),
      /Standard Schema/,
    )
  })

  it('answers 401 on a protected route: ERR_AUTH_REQUIRED without a credential, ERR_AUTH_INVALID for an unknown one', async () => {
    let called = false
    const handler = createGuard({ logger: silent }).http({ auth: {} }, () => {
      called = true
      return {}
    })
    const missing = readResult(await handler(httpApiEvent()))
    assert.equal(missing.status, 401)
    assert.equal(missing.json().code, 'ERR_AUTH_REQUIRED')
    assert.equal(missing.headers['www-authenticate']?.[0], 'Bearer')
    assert.equal(missing.headers['cache-control']?.[0], 'no-store')
    const unknown = readResult(
      await handler(httpApiEvent({ headers: { authorization: 'Bearer x' } })),
    )
    assert.equal(unknown.status, 401)
    assert.equal(unknown.json().code, 'ERR_AUTH_INVALID')
    assert.equal(unknown.headers['www-authenticate']?.[0], 'Bearer error="invalid_token"')
    assert.equal(called, false)
  })
})

describe('errors', () => {
  it('explains a 4xx GuardError with its code and the request id', async () => {
    const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () => {
      throw new GuardError('ERR_NOT_FOUND', 404, 'no such note')
    })
    const result = readResult(await handler(restApiEvent()))
    assert.equal(result.status, 404)
    assert.deepEqual(result.json(), {
      error: 'no such note',
      code: 'ERR_NOT_FOUND',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
    })
  })

  it('answers anything else with a generic 500 and logs the message and stack', async () => {
    const { lines, log } = capturingLog()
    const handler = createGuard({ log, metrics: false }).http(
      { auth: 'public', name: 'boom' },
      () => {
        throw new Error('db password rejected: select * from users')
      },
    )
    const result = readResult(await handler(httpApiEvent()))
    assert.equal(result.status, 500)
    assert.deepEqual(result.json(), {
      error: 'internal error',
      code: 'ERR_INTERNAL',
      requestId: 'JKJaXmPLvHcESHA=',
    })
    assert.doesNotMatch(result.body, /select|password|at /)
    assert.equal(lines.length, 1)
    const record = JSON.parse(lines[0] as string)
    assert.equal(record.level, 'error')
    assert.equal(record.route, 'boom')
    assert.equal(record.requestId, 'JKJaXmPLvHcESHA=')
    assert.match(record.error.message, /db password rejected/)
    assert.match(record.error.stack, /guard\.test\.ts/)
  })

  it('hides the message of a 5xx GuardError too', async () => {
    const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () => {
      throw new GuardError('ERR_UPSTREAM', 502, 'upstream at 10.0.0.5 refused')
    })
    const result = readResult(await handler(httpApiEvent()))
    assert.equal(result.status, 502)
    assert.equal(result.json().error, 'internal error')
    assert.equal(result.json().code, 'ERR_UPSTREAM')
  })

  it('answers 500 when the handler returns something that cannot be serialized', async () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () => circular)
    assert.equal(readResult(await handler(httpApiEvent())).status, 500)
  })
})

describe('responses', () => {
  it('sends the security headers on every response, overridable', async () => {
    const guard = createGuard({
      logger: silent,
      securityHeaders: { 'x-frame-options': 'SAMEORIGIN' },
    })
    const handler = guard.http({ auth: 'public' }, () => json(200, { ok: 1 }))
    const { headers } = readResult(await handler(httpApiEvent()))
    assert.equal(headers['strict-transport-security']?.[0], 'max-age=31536000; includeSubDomains')
    assert.equal(headers['x-content-type-options']?.[0], 'nosniff')
    assert.equal(headers['x-frame-options']?.[0], 'SAMEORIGIN')
    assert.equal(headers['referrer-policy']?.[0], 'no-referrer')
    assert.equal(
      headers['content-security-policy']?.[0],
      "default-src 'none'; frame-ancestors 'none'",
    )
    assert.equal(headers['cache-control'], undefined)
    const dropped = createGuard({ logger: silent }).http(
      { auth: 'public', securityHeaders: { 'strict-transport-security': false } },
      () => ({}),
    )
    assert.equal(
      readResult(await dropped(httpApiEvent())).headers['strict-transport-security'],
      undefined,
    )
  })

  it('answers 204 for a handler that returns nothing, JSON for plain values', async () => {
    const guard = createGuard({ logger: silent })
    const none = guard.http({ auth: 'public' }, () => undefined)
    assert.equal(readResult(await none(httpApiEvent())).status, 204)
    const value = guard.http({ auth: 'public' }, () => [1, 2])
    const result = readResult(await value(httpApiEvent()))
    assert.equal(result.headers['content-type']?.[0], 'application/json; charset=utf-8')
    assert.deepEqual(JSON.parse(result.body), [1, 2])
  })
})
