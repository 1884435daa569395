import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from '../core/errors.js'
import { createGuard } from '../guard.js'
import { httpApiEvent, readResult } from '../testing/lambda-events.js'
import { type CorsOptions, compileCors } from './cors.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }

function corsRoute(cors: CorsOptions, auth: 'public' | Record<string, never> = 'public') {
  let calls = 0
  const handler = createGuard({ logger: silent, cors }).http({ auth }, () => {
    calls++
    return { ok: true }
  })
  return { handler, calls: () => calls }
}

const preflight = (
  origin: string,
  method = 'POST',
  requestHeaders = 'content-type, authorization',
) =>
  httpApiEvent({
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': requestHeaders,
    },
  })

describe('CORS: which origins get access', () => {
  const cors: CorsOptions = {
    origins: ['https://app.example.com', 'https://*.preview.example.com', 'http://localhost:5173'],
    credentials: true,
  }
  const cases: Array<[string, boolean]> = [
    ['https://app.example.com', true],
    ['HTTPS://APP.EXAMPLE.COM', true],
    ['http://localhost:5173', true],
    ['https://pr-12.preview.example.com', true],
    ['https://app.example.com.evil.com', false],
    ['https://evilapp.example.com', false],
    ['http://app.example.com', false],
    ['https://app.example.com:8443', false],
    ['https://a.b.preview.example.com', false],
    ['https://preview.example.com', false],
    ['https://evil-preview.example.com', false],
    ['https://x.preview.example.com.evil.com', false],
    ['http://pr-1.preview.example.com', false],
    ['null', false],
    ['http://localhost:5174', false],
  ]
  for (const [origin, allowed] of cases) {
    it(`${origin} is ${allowed ? 'allowed' : 'refused'}`, async () => {
      const { handler } = corsRoute(cors)
      const actual = readResult(await handler(httpApiEvent({ headers: { origin } })))
      assert.equal(actual.status, 200)
      assert.deepEqual(
        actual.headers['access-control-allow-origin'],
        allowed ? [origin] : undefined,
      )
      assert.deepEqual(
        actual.headers['access-control-allow-credentials'],
        allowed ? ['true'] : undefined,
      )
      assert.equal(actual.headers.vary?.[0], 'Origin')

      const pre = readResult(await handler(preflight(origin)))
      assert.equal(pre.status, allowed ? 204 : 403)
      assert.deepEqual(pre.headers['access-control-allow-origin'], allowed ? [origin] : undefined)
    })
  }
})

describe('CORS: origins in the config', () => {
  // A browser's Origin header never carries a default port, a path or a trailing slash; an
  // origin written with one would silently never match, so it is refused or normalized.
  const allowed = (configured: string, sent: string) =>
    compileCors({ origins: [configured] }).allowOrigin(sent) === sent

  it('are compared without case and without a trailing slash', () => {
    assert.ok(allowed('HTTPS://App.Example.com/', 'https://app.example.com'))
    assert.ok(allowed('http://localhost:5173', 'http://localhost:5173'))
    assert.ok(allowed('http://[::1]:8080', 'http://[::1]:8080'))
  })

  for (const origin of [
    'https://app.example.com:443',
    'http://app.example.com:80',
    'https://app.example.com:99999',
    'https://app.example.com/path',
    'https://app.example.com?x=1',
    'https://user@app.example.com',
    'https://app..example.com',
    'https://',
    'null',
    'ftp://app.example.com',
    'app.example.com',
  ]) {
    it(`refuses ${origin}`, () => {
      assert.throws(() => compileCors({ origins: [origin] }), ConfigError)
    })
  }
})

describe('CORS: preflight', () => {
  it('is answered without calling the handler, with methods, headers and Max-Age', async () => {
    const { handler, calls } = corsRoute({
      origins: ['https://app.example.com'],
      methods: ['GET', 'POST'],
      maxAge: '1h',
    })
    const result = readResult(await handler(preflight('https://app.example.com')))
    assert.equal(result.status, 204)
    assert.equal(result.body, '')
    assert.equal(result.headers['access-control-allow-methods']?.[0], 'GET, POST')
    assert.equal(result.headers['access-control-allow-headers']?.[0], 'authorization, content-type')
    assert.equal(result.headers['access-control-max-age']?.[0], '3600')
    assert.equal(result.headers.vary?.[0], 'Origin')
    assert.equal(calls(), 0)
  })

  it('is answered before authentication, so a protected route can be called cross-origin', async () => {
    const { handler } = corsRoute({ origins: ['https://app.example.com'] }, {})
    assert.equal(readResult(await handler(preflight('https://app.example.com'))).status, 204)
    const actual = readResult(
      await handler(httpApiEvent({ headers: { origin: 'https://app.example.com' } })),
    )
    // The 401 itself carries CORS headers, so the page can read why it failed.
    assert.equal(actual.status, 401)
    assert.equal(actual.headers['access-control-allow-origin']?.[0], 'https://app.example.com')
  })

  it('refuses a method or a header outside the allowlist', async () => {
    const { handler, calls } = corsRoute({ origins: ['https://app.example.com'], methods: ['GET'] })
    const method = readResult(await handler(preflight('https://app.example.com', 'DELETE')))
    assert.equal(method.status, 403)
    assert.equal(method.headers['access-control-allow-origin'], undefined)
    const header = readResult(await handler(preflight('https://app.example.com', 'GET', 'x-evil')))
    assert.equal(header.status, 403)
    assert.equal(calls(), 0)
  })

  it('is refused on a guard without CORS', async () => {
    const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () => ({}))
    const result = readResult(await handler(preflight('https://app.example.com')))
    assert.equal(result.status, 403)
    assert.equal(result.headers['access-control-allow-origin'], undefined)
  })
})

describe("CORS: origins '*'", () => {
  it('answers * without credentials and without Vary', async () => {
    const { handler } = corsRoute({ origins: ['*'] })
    const result = readResult(
      await handler(httpApiEvent({ headers: { origin: 'https://x.test' } })),
    )
    assert.equal(result.headers['access-control-allow-origin']?.[0], '*')
    assert.equal(result.headers['access-control-allow-credentials'], undefined)
    assert.equal(result.headers.vary, undefined)
  })

  it('can be turned off for one route', async () => {
    const guard = createGuard({ logger: silent, cors: { origins: ['*'] } })
    const handler = guard.http({ auth: 'public', cors: false }, () => ({}))
    const result = readResult(
      await handler(httpApiEvent({ headers: { origin: 'https://x.test' } })),
    )
    assert.equal(result.headers['access-control-allow-origin'], undefined)
  })
})
