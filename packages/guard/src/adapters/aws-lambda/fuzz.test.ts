import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { z } from 'zod'
import { fuzzRuns } from '../../../../../test-support/fuzz.js'
import { json } from '../../core/response.js'
import { createGuard } from '../../guard.js'
import { albEvent, httpApiEvent, restApiEvent } from '../../testing/lambda-events.js'
import { isAlb } from './alb.js'
import { isApiGatewayV2 } from './api-gateway-v2.js'
import { asRecord, readHeaders } from './event-fields.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }
const RUNS = 10_000

const guard = createGuard({ logger: silent, cors: { origins: ['https://app.example.com'] } })
const handlers = [
  guard.http({ auth: 'public' }, (req) => json(200, { q: req.query, b: req.body, h: req.headers })),
  guard.http(
    { auth: 'public', accept: ['json', 'form'], body: z.object({ a: z.string() }).optional() },
    (req) => req.body,
  ),
  guard.http({ auth: { permissions: ['x'] } }, () => ({})),
]

// Values that exercise the readers: wrong types, nulls, huge and odd strings, nested junk.
const junk = fc.oneof(
  fc.anything(),
  fc.string(),
  fc.constantFrom(null, undefined, '', '%', '%E0%A4%A', '__proto__', 'GET', '2.0', true),
  fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), fc.anything())),
)

function mutate(base: Record<string, unknown>) {
  return fc
    .dictionary(
      fc.constantFrom(...Object.keys(base), 'multiValueHeaders', 'cookies', 'version'),
      junk,
    )
    .map((overrides) => ({ ...base, ...overrides }))
}

const requestContexts = fc.oneof(
  junk,
  fc.record({ http: junk, requestId: junk, identity: junk, elb: junk }, { requiredKeys: [] }),
)

const events = {
  'REST API (v1)': fc.oneof(
    mutate(
      restApiEvent({
        method: 'POST',
        body: '{"a":"b"}',
        headers: { 'content-type': 'application/json' },
      }),
    ),
    mutate(restApiEvent()).chain((e) =>
      requestContexts.map((requestContext) => ({ ...e, requestContext })),
    ),
  ),
  'HTTP API (v2)': fc.oneof(
    mutate(
      httpApiEvent({
        method: 'POST',
        body: 'a=1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ),
    mutate(httpApiEvent()).chain((e) =>
      requestContexts.map((requestContext) => ({ ...e, requestContext })),
    ),
  ),
  ALB: fc.oneof(mutate(albEvent()), mutate(albEvent({}, { multiValue: true }))),
  anything: junk,
}

function assertWellFormed(event: unknown, result: unknown) {
  const r = result as Record<string, unknown>
  assert.equal(typeof r.statusCode, 'number')
  assert.ok((r.statusCode as number) >= 200 && (r.statusCode as number) < 600)
  assert.equal(typeof r.body, 'string')
  assert.equal(typeof r.isBase64Encoded, 'boolean')
  const single = r.headers as Record<string, unknown> | undefined
  const multi = r.multiValueHeaders as Record<string, unknown> | undefined
  assert.ok(single !== undefined || multi !== undefined, 'response has headers')
  for (const value of Object.values(single ?? {})) assert.equal(typeof value, 'string')
  for (const value of Object.values(multi ?? {})) {
    assert.ok(Array.isArray(value) && value.every((v) => typeof v === 'string'))
  }
  // The answer comes back in the shape of the event that asked.
  const record = asRecord(event)
  if (record !== undefined && !isApiGatewayV2(record) && isAlb(record)) {
    assert.equal(typeof r.statusDescription, 'string')
  } else {
    assert.equal(r.statusDescription, undefined)
  }
}

describe('fuzzing the Lambda adapters (10,000 events per shape)', () => {
  for (const [shape, arbitrary] of Object.entries(events)) {
    it(`${shape}: no exception escapes, every answer is well formed`, async () => {
      await fc.assert(
        fc.asyncProperty(arbitrary, fc.nat(handlers.length - 1), async (event, which) => {
          const result = await (handlers[which] as (e: unknown) => Promise<unknown>)(event)
          assertWellFormed(event, result)
        }),
        { numRuns: fuzzRuns(RUNS) },
      )
    })
  }
})

describe('header names', () => {
  it('lower-cased names copy as they are; any other map is lower-cased entry by entry (fuzz)', () => {
    const name = fc.oneof(
      fc.constantFrom(
        'content-type',
        'Content-Type',
        'origin',
        'X-Api-Key',
        '__proto__',
        'İd',
        'ß',
      ),
      fc.string({ maxLength: 12 }),
    )
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null), fc.integer())
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 8 }), (entries) => {
        const single: Record<string, unknown> = {}
        for (const [n, v] of entries)
          Object.defineProperty(single, n, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        // What the entry-by-entry path does, written out plainly.
        const expected: Record<string, string> = {}
        for (const [n, v] of Object.entries(single)) {
          const lower = n.toLowerCase()
          if (typeof v !== 'string' || lower === '__proto__') continue
          expected[lower] = Object.hasOwn(expected, lower) ? `${expected[lower]}, ${v}` : v
        }
        const headers = readHeaders(single, undefined)
        assert.deepEqual({ ...headers }, expected)
        assert.equal(Object.getPrototypeOf(headers), Object.prototype)
      }),
      { numRuns: 5_000 },
    )
  })
})
