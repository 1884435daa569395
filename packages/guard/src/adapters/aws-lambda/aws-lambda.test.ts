import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { GuardRequest } from '../../core/request.js'
import { json, response } from '../../core/response.js'
import { createGuard } from '../../guard.js'
import {
  albEvent,
  EVENT_SHAPES,
  functionUrlEvent,
  httpApiEvent,
  lambdaContext,
  readResult,
  restApiEvent,
} from '../../testing/lambda-events.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }

/** A public route that echoes what the pipeline normalized. */
function echoRoute(config: Parameters<typeof createGuard>[0] = {}) {
  const seen: GuardRequest[] = []
  const handler = createGuard({ logger: silent, ...config }).http({ auth: 'public' }, (req) => {
    seen.push(req)
    return json(200, {
      method: req.method,
      path: req.path,
      params: req.params,
      query: req.query,
      queryAll: req.queryAll,
      body: req.body,
      ip: req.ip,
      requestId: req.requestId,
      userAgent: req.userAgent,
      cookie: req.headers.cookie,
      custom: req.headers['x-custom'],
    })
  })
  return { handler, seen }
}

describe('every Lambda HTTP event shape', () => {
  for (const [shape, build] of Object.entries(EVENT_SHAPES)) {
    it(`${shape}: normalizes method, path, headers, query and JSON body`, async () => {
      const { handler } = echoRoute()
      const event = build({
        method: 'POST',
        path: '/notes',
        headers: { 'Content-Type': 'application/json', 'X-Custom': 'yes' },
        query: { tag: ['a b'], page: ['2'] },
        body: JSON.stringify({ title: 'hello' }),
      })
      const result = readResult(await handler(event, lambdaContext()))
      assert.equal(result.status, 200)
      const echoed = result.json()
      assert.equal(echoed.method, 'POST')
      assert.equal(echoed.path, '/notes')
      assert.equal(echoed.custom, 'yes')
      assert.deepEqual(echoed.query, { tag: 'a b', page: '2' })
      assert.deepEqual(echoed.body, { title: 'hello' })
      assert.equal(echoed.userAgent, 'Mozilla/5.0 (X11; Linux x86_64) test')
      assert.equal(result.headers['x-content-type-options']?.[0], 'nosniff')
    })

    it(`${shape}: decodes a base64 body`, async () => {
      const { handler } = echoRoute()
      const event = build({
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify({ n: 'ü€' })).toString('base64'),
        isBase64Encoded: true,
      })
      assert.deepEqual(readResult(await handler(event)).json().body, { n: 'ü€' })
    })

    it(`${shape}: answers binary bodies base64-encoded`, async () => {
      const bytes = new Uint8Array([0, 1, 2, 255])
      const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () =>
        response(200, bytes, { 'content-type': 'application/octet-stream' }),
      )
      const raw = (await handler(build({}))) as { body: string; isBase64Encoded: boolean }
      assert.equal(raw.isBase64Encoded, true)
      assert.deepEqual([...Buffer.from(raw.body, 'base64')], [0, 1, 2, 255])
    })
  }
})

describe('REST API (v1)', () => {
  it('keeps every value of repeated query parameters and headers', async () => {
    const { handler } = echoRoute()
    const event = restApiEvent({ query: { id: ['1', '2'] }, headers: { 'X-Custom': 'a, b' } })
    const echoed = readResult(await handler(event)).json()
    assert.deepEqual(echoed.queryAll, { id: ['1', '2'] })
    assert.equal(echoed.custom, 'a, b')
  })

  it('answers with multiValueHeaders when the event had them, plain headers otherwise', async () => {
    const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () =>
      json(200, {}, { 'set-cookie': ['a=1; Secure', 'b=2; Secure'] }),
    )
    const multi = (await handler(restApiEvent({}))) as unknown as Record<string, unknown>
    assert.equal(multi.headers, undefined)
    assert.deepEqual((multi.multiValueHeaders as Record<string, string[]>)['set-cookie'], [
      'a=1; Secure',
      'b=2; Secure',
    ])
    const single = (await handler(restApiEvent({}, { multiValue: false }))) as unknown as Record<
      string,
      unknown
    >
    assert.equal(single.multiValueHeaders, undefined)
    assert.equal(
      (single.headers as Record<string, string>)['content-type'],
      'application/json; charset=utf-8',
    )
  })

  it('takes path parameters, the source IP and the request id from the request context', async () => {
    const { handler } = echoRoute()
    const event = restApiEvent({ pathParameters: { id: '42' }, sourceIp: '203.0.113.7' })
    const echoed = readResult(await handler(event, lambdaContext())).json()
    assert.deepEqual(echoed.params, { id: '42' })
    assert.equal(echoed.ip, '203.0.113.7')
    assert.equal(echoed.requestId, 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef')
  })
})

describe('HTTP API (v2) and Function URLs', () => {
  it('reads repeated parameters from rawQueryString and cookies from their own array', async () => {
    const { handler } = echoRoute()
    const event = httpApiEvent({ query: { id: ['1', '2'] }, cookies: ['a=1', 'b=2'] })
    const echoed = readResult(await handler(event)).json()
    assert.deepEqual(echoed.queryAll, { id: ['1', '2'] })
    assert.equal(echoed.cookie, 'a=1; b=2')
    assert.equal(echoed.ip, '192.0.2.20')
    assert.equal(echoed.requestId, 'JKJaXmPLvHcESHA=')
  })

  it('puts Set-Cookie values into cookies, not headers', async () => {
    const handler = createGuard({ logger: silent }).http({ auth: 'public' }, () =>
      json(200, {}, { 'set-cookie': ['a=1; Secure', 'b=2; Secure'] }),
    )
    const result = (await handler(functionUrlEvent({}))) as unknown as Record<string, unknown>
    assert.deepEqual(result.cookies, ['a=1; Secure', 'b=2; Secure'])
    assert.equal((result.headers as Record<string, string>)['set-cookie'], undefined)
  })
})

describe('ALB', () => {
  it('answers with a statusDescription and percent-decodes the query', async () => {
    const { handler } = echoRoute()
    const result = (await handler(albEvent({ query: { q: ['a&b=c d'] } }))) as unknown as Record<
      string,
      unknown
    >
    assert.equal(result.statusDescription, '200 OK')
    assert.deepEqual(readResult(result).json().query, { q: 'a&b=c d' })
  })

  it('answers with multiValueHeaders when the target group sends them', async () => {
    const { handler } = echoRoute()
    const result = (await handler(albEvent({}, { multiValue: true }))) as unknown as Record<
      string,
      unknown
    >
    assert.equal(result.headers, undefined)
    assert.ok(result.multiValueHeaders)
    assert.equal(result.statusDescription, '200 OK')
  })

  it('takes the client address from the entry the load balancer appended', async () => {
    const { handler } = echoRoute()
    const event = albEvent({ headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.4' } })
    assert.equal(readResult(await handler(event)).json().ip, '198.51.100.4')
  })
})

describe('client address', () => {
  it('ignores X-Forwarded-For unless proxies are trusted', async () => {
    const spoofed = { 'X-Forwarded-For': '6.6.6.6' }
    const { handler } = echoRoute()
    assert.equal(
      readResult(await handler(httpApiEvent({ headers: spoofed }))).json().ip,
      '192.0.2.20',
    )
    assert.equal(
      readResult(await handler(restApiEvent({ headers: spoofed }))).json().ip,
      '192.0.2.10',
    )
  })

  it('reads one hop into X-Forwarded-For per trusted proxy', async () => {
    const { handler } = echoRoute({ trustedProxies: 1 })
    // CloudFront in front of API Gateway: the client, then CloudFront's edge as the peer.
    const event = httpApiEvent({
      headers: { 'x-forwarded-for': '6.6.6.6, 198.51.100.9' },
      sourceIp: '130.176.0.1',
    })
    assert.equal(readResult(await handler(event)).json().ip, '198.51.100.9')
  })
})

describe('events of no known shape', () => {
  it('answers 400 without calling the handler', async () => {
    const { handler, seen } = echoRoute()
    for (const event of [
      null,
      undefined,
      42,
      'GET /',
      [],
      {},
      { Records: [] },
      { httpMethod: 'GET' },
    ]) {
      const result = readResult(await handler(event))
      assert.equal(result.status, 400)
      assert.equal(result.json().code, 'ERR_UNSUPPORTED_EVENT')
    }
    assert.equal(seen.length, 0)
  })
})
