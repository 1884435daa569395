import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type } from 'arktype'
import * as v from 'valibot'
import { z } from 'zod'
import type { RouteOptions } from '../core/route.js'
import { createGuard } from '../guard.js'
import { httpApiEvent, readResult, restApiEvent } from '../testing/lambda-events.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }
const JSON_HEADERS = { 'content-type': 'application/json' }

function route(
  options: Partial<RouteOptions> = {},
  config: Parameters<typeof createGuard>[0] = {},
) {
  let received: unknown
  let calls = 0
  const handler = createGuard({ logger: silent, ...config }).http(
    { auth: 'public', ...options } as RouteOptions,
    (req) => {
      calls++
      received = { body: req.body, query: req.query, params: req.params }
      return { ok: true }
    },
  )
  return { handler, received: () => received, calls: () => calls }
}

async function post(
  handler: (e: unknown) => Promise<unknown>,
  body: string,
  headers: Record<string, string> = JSON_HEADERS,
) {
  return readResult(await handler(httpApiEvent({ method: 'POST', headers, body })))
}

describe('body content type', () => {
  it('refuses a body without a JSON content type (415)', async () => {
    const { handler, calls } = route()
    for (const contentType of [
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      const headers: Record<string, string> =
        contentType === undefined ? {} : { 'content-type': contentType }
      const result = await post(handler, '{"a":1}', headers)
      assert.equal(result.status, 415, String(contentType))
      assert.equal(result.json().code, 'ERR_UNSUPPORTED_MEDIA_TYPE')
    }
    assert.equal(calls(), 0)
  })

  it('accepts JSON with a charset and +json media types', async () => {
    const { handler } = route()
    assert.equal(
      (await post(handler, '{}', { 'content-type': 'application/json; charset=UTF-8' })).status,
      200,
    )
    assert.equal(
      (await post(handler, '{}', { 'content-type': 'application/merge-patch+json' })).status,
      200,
    )
  })

  it('reads the first charset parameter, quoted or not, in any case and spacing', async () => {
    const { handler } = route()
    const statuses: Record<string, number> = {}
    for (const contentType of [
      'Application/JSON ; Charset="UTF-8" ',
      'application/json;foo=bar; charset=utf8',
      'application/json; charset = latin1',
      'application/json; boundary=x; charset=utf-16',
      'application/json; charset=utf-8; charset=latin1',
      'application/json; charset=latin1; charset=utf-8',
      'application/json; charset=',
      'application/json charset=latin1',
    ]) {
      statuses[contentType] = (await post(handler, '{}', { 'content-type': contentType })).status
    }
    assert.deepEqual(statuses, {
      'Application/JSON ; Charset="UTF-8" ': 200,
      'application/json;foo=bar; charset=utf8': 200,
      // Not a charset parameter as written, so no charset was named.
      'application/json; charset = latin1': 200,
      'application/json; boundary=x; charset=utf-16': 415,
      'application/json; charset=utf-8; charset=latin1': 200,
      'application/json; charset=latin1; charset=utf-8': 415,
      'application/json; charset=': 415,
      // No parameters at all: the media type itself is not JSON.
      'application/json charset=latin1': 415,
    })
  })

  it('reads form bodies on routes that accept them, repeated fields as lists', async () => {
    const { handler, received } = route({ accept: ['json', 'form'] })
    const result = await post(handler, 'name=Ann+Lee&tag=a&tag=b', {
      'content-type': 'application/x-www-form-urlencoded',
    })
    assert.equal(result.status, 200)
    assert.deepEqual(
      { ...(received() as { body: object }).body },
      { name: 'Ann Lee', tag: ['a', 'b'] },
    )
  })

  it('answers malformed JSON with 400', async () => {
    const { handler } = route()
    const result = await post(handler, '{"a":')
    assert.equal(result.status, 400)
    assert.equal(result.json().code, 'ERR_MALFORMED_BODY')
  })
})

describe('body size', () => {
  it('refuses more than 100 KiB by default (413), measured after base64 decoding', async () => {
    const { handler, calls } = route()
    const big = JSON.stringify({ a: 'x'.repeat(1000) }).repeat(1)
    const justOver = JSON.stringify(Array.from({ length: 120 }, () => 'y'.repeat(900)))
    assert.equal((await post(handler, big)).status, 200)
    const result = await post(handler, justOver)
    assert.equal(result.status, 413)
    assert.equal(result.json().code, 'ERR_BODY_TOO_LARGE')
    const encoded = readResult(
      await handler(
        httpApiEvent({
          method: 'POST',
          headers: JSON_HEADERS,
          body: Buffer.from(justOver).toString('base64'),
          isBase64Encoded: true,
        }),
      ),
    )
    assert.equal(encoded.status, 413)
    assert.equal(calls(), 1)
  })

  it('follows a per-route limit', async () => {
    const { handler } = route({ limits: { maxBodyBytes: 10 } })
    assert.equal((await post(handler, '{"a":"12345"}')).status, 413)
    assert.equal((await post(handler, '{"a":1}')).status, 200)
  })
})

describe('prototype keys, depth and string length', () => {
  for (const body of [
    '{"__proto__":{"admin":true}}',
    '{"user":{"constructor":{"prototype":{"admin":true}}}}',
    '[{"a":{"prototype":1}}]',
  ]) {
    it(`refuses ${body} (400)`, async () => {
      const { handler, calls } = route()
      const result = await post(handler, body)
      assert.equal(result.status, 400)
      assert.equal(result.json().code, 'ERR_PROTOTYPE_KEY')
      assert.equal(calls(), 0)
      assert.equal(({} as Record<string, unknown>).admin, undefined)
    })
  }

  it('refuses nesting deeper than 32 levels by default', async () => {
    const { handler } = route()
    assert.equal((await post(handler, `${'['.repeat(32)}${']'.repeat(32)}`)).status, 200)
    const result = await post(handler, `${'['.repeat(33)}${']'.repeat(33)}`)
    assert.equal(result.status, 400)
    assert.equal(result.json().code, 'ERR_BODY_TOO_DEEP')
    assert.equal((await post(handler, `${'['.repeat(50_000)}${']'.repeat(50_000)}`)).status, 400)
  })

  it('refuses strings longer than 4096 characters anywhere, naming the field but not the value', async () => {
    const { handler } = route()
    const secret = `s3cr3t-${'z'.repeat(4100)}`
    const result = await post(handler, JSON.stringify({ profile: { bio: [secret] } }))
    assert.equal(result.status, 400)
    assert.equal(result.json().code, 'ERR_STRING_TOO_LONG')
    assert.equal(result.json().field, 'body.profile.bio[0]')
    assert.doesNotMatch(result.body, /s3cr3t/)
    const longKey = await post(handler, JSON.stringify({ ['k'.repeat(5000)]: 1 }))
    assert.equal(longKey.status, 400)
  })

  it('applies the string limit to the query and path parameters, and per route', async () => {
    const { handler } = route({ limits: { maxStringLength: 8 } })
    const query = readResult(await handler(restApiEvent({ query: { q: ['123456789'] } })))
    assert.equal(query.status, 400)
    assert.equal(query.json().field, 'query.q[0]')
    const params = readResult(await handler(restApiEvent({ pathParameters: { id: '123456789' } })))
    assert.equal(params.json().field, 'params.id')
    assert.equal(
      readResult(await handler(restApiEvent({ query: { q: ['12345678'] } }))).status,
      200,
    )
  })
})

describe('Standard Schema validation', () => {
  const schemas = {
    zod: z.object({ amount: z.number().int().positive(), to: z.string().min(3).max(34) }),
    valibot: v.object({
      amount: v.pipe(v.number(), v.integer(), v.minValue(1)),
      to: v.pipe(v.string(), v.minLength(3), v.maxLength(34)),
    }),
    arktype: type({ amount: 'number.integer > 0', to: '3 <= string <= 34' }),
  }
  for (const [vendor, schema] of Object.entries(schemas)) {
    it(`${vendor}: passes valid bodies on, typed, and names the failing field`, async () => {
      const { handler, received } = route({ body: schema })
      const ok = await post(handler, JSON.stringify({ amount: 5, to: 'DE89370400440532013000' }))
      assert.equal(ok.status, 200)
      assert.deepEqual((received() as { body: unknown }).body, {
        amount: 5,
        to: 'DE89370400440532013000',
      })

      const bad = await post(
        handler,
        JSON.stringify({ amount: 'hunter2-password', to: 'DE89370400440532013000' }),
      )
      assert.equal(bad.status, 400)
      const json = bad.json() as { code: string; issues: Array<{ field: string; message: string }> }
      assert.equal(json.code, 'ERR_VALIDATION')
      assert.equal(json.issues[0]?.field, 'body.amount')
      assert.doesNotMatch(bad.body, /hunter2/)
    })
  }

  it('answers 400, not 500, when a schema library reports an odd issue path', async () => {
    // Hand-written Standard Schema: libraries differ, and a null segment once crashed the lookup
    // of the rejected value that keeps it out of the message.
    const odd = {
      '~standard': {
        version: 1,
        vendor: 'odd',
        validate: () => ({ issues: [{ message: 'bad', path: [null, { key: 'x' }] }] }),
      },
    }
    const { handler, calls } = route({ body: odd as never })
    const res = await post(handler, JSON.stringify({ x: 'value' }))
    assert.equal(res.status, 400)
    assert.equal((res.json() as { code: string }).code, 'ERR_VALIDATION')
    assert.equal(calls(), 0)
  })

  it('validates query and path parameters, replacing them with the schema output', async () => {
    const { handler, received } = route({
      query: z.object({ page: z.coerce.number().int().min(1) }),
      params: z.object({ id: z.string().uuid() }),
    })
    const ok = readResult(
      await handler(
        restApiEvent({
          query: { page: ['3'] },
          pathParameters: { id: '0b9d4e8c-3f55-4c4b-9a65-0c1b6a6a2b11' },
        }),
      ),
    )
    assert.equal(ok.status, 200)
    assert.deepEqual((received() as { query: unknown }).query, { page: 3 })
    const bad = readResult(
      await handler(restApiEvent({ query: { page: ['0'] }, pathParameters: { id: 'x' } })),
    )
    assert.equal(bad.status, 400)
    assert.equal((bad.json().issues as Array<{ field: string }>)[0]?.field, 'query.page')
  })

  it('rejects a missing body when the schema requires one', async () => {
    const { handler } = route({ body: schemas.zod })
    const result = readResult(await handler(httpApiEvent({ method: 'POST' })))
    assert.equal(result.status, 400)
    assert.equal(result.json().code, 'ERR_VALIDATION')
  })
})
