// Every envelope fuzzed with arbitrary JSON-ish events and near-valid records (documented shapes
// with fields removed or replaced by arbitrary values): no exception escapes, a batch answer is
// always well formed and names only ids of the input, every record the handler threw for is
// named, none it handled is, and every payload it was handed obeys the input limits. One test
// file per envelope (events/fuzz/), so that they run side by side.
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { z } from 'zod'
import { fuzzRuns } from '../../../../../test-support/fuzz.js'
import { createGuard } from '../../guard.js'
import type { InputLimits } from '../../input/limits.js'
import {
  dynamoDbRecord,
  eventBridgeEvent,
  kinesisRecord,
  recordsEvent,
  s3Record,
  snsNotificationBody,
  snsRecord,
  sqsRecord,
} from '../../testing/event-sources.js'
import type { EventOptions } from '../types.js'

const RUNS = 10_000
const limits: InputLimits = { maxBodyBytes: 2048, maxDepth: 6, maxStringLength: 64 }
type Json = Record<string, unknown>

// --- what senders put in payloads -------------------------------------------------------------

const order = fc.record({
  orderId: fc.string({ maxLength: 20 }),
  amount: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
})
const planted = fc
  .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.jsonValue({ maxDepth: 3 }))
  .map(([key, value]) => `{"a":{"${key}":${JSON.stringify(value)}}}`)
// Mostly payloads that pass (so handlers run), and every kind of refusal besides.
const payloadText = fc.oneof(
  { weight: 5, arbitrary: order.map((value) => JSON.stringify(value)) },
  { weight: 3, arbitrary: fc.json({ maxDepth: 3 }) },
  fc.json({ maxDepth: 8 }),
  planted,
  fc.string({ maxLength: 200 }),
  fc.nat(12).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
  fc.string({ minLength: 60, maxLength: 80 }).map((s) => JSON.stringify({ s })),
  fc.constant(JSON.stringify({ big: 'x'.repeat(3000) })),
)
const payloadValue = fc.oneof(
  { weight: 5, arbitrary: order },
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  fc.jsonValue({ maxDepth: 8 }),
  planted.map((text) => JSON.parse(text) as unknown),
)
const id = fc.oneof(fc.uuid(), fc.string({ maxLength: 6 }), fc.constantFrom('dup', 'a', ''))

// DynamoDB AttributeValues, valid ones; mutations make the invalid ones.
const attributeValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.string({ maxLength: 70 }).map((S) => ({ S })),
    fc
      .oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
        fc.bigInt().map(String),
        fc.string({ maxLength: 8 }),
      )
      .map((N) => ({ N })),
    fc.uint8Array({ maxLength: 12 }).map((bytes) => ({ B: Buffer.from(bytes).toString('base64') })),
    fc.boolean().map((BOOL) => ({ BOOL })),
    fc.constant({ NULL: true }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }).map((M) => ({ M })),
    fc.array(tie('value'), { maxLength: 4 }).map((L) => ({ L })),
    fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }).map((SS) => ({ SS })),
    fc.array(fc.integer().map(String), { maxLength: 3 }).map((NS) => ({ NS })),
  ),
})).value
const image = fc.dictionary(fc.string({ maxLength: 8 }), attributeValue, { maxKeys: 5 })

// --- near-valid: a documented record with some fields removed or replaced ----------------------

function slotsOf(value: unknown, out: [Record<string, unknown>, string][] = []) {
  if (typeof value !== 'object' || value === null) return out
  for (const key of Object.keys(value)) {
    out.push([value as Record<string, unknown>, key])
    slotsOf((value as Record<string, unknown>)[key], out)
  }
  return out
}

function nearValid<T extends Json>(valid: fc.Arbitrary<T>): fc.Arbitrary<Json> {
  const mutation = fc.tuple(fc.nat(), fc.boolean(), fc.jsonValue({ maxDepth: 3 }))
  return fc
    .tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }))
    .map(([record, mutations]) => {
      const copy = structuredClone(record) as Json
      for (const [choice, remove, replacement] of mutations) {
        const slots = slotsOf(copy)
        if (slots.length === 0) break
        const [container, key] = slots[choice % slots.length] as [Json, string]
        if (remove) delete container[key]
        else container[key] = replacement
      }
      return copy
    })
}

/** Events of one source: valid, near-valid and junk records, whole events mutated, junk events. */
function eventsOf(valid: fc.Arbitrary<Json>, single = false): fc.Arbitrary<unknown> {
  const record = fc.oneof(
    { weight: 4, arbitrary: valid },
    { weight: 4, arbitrary: nearValid(valid) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  )
  const batch = single
    ? record
    : fc.array(record, { maxLength: 6 }).map((records) => recordsEvent(...(records as Json[])))
  return fc.oneof(
    { weight: 6, arbitrary: batch },
    { weight: 2, arbitrary: nearValid(batch as fc.Arbitrary<Json>) },
    { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
    { weight: 1, arbitrary: otherSources },
  )
}

const sqsValid = fc
  .record({ messageId: id, body: payloadText, fifo: fc.boolean() })
  .map(({ messageId, body, fifo }) =>
    sqsRecord({
      messageId,
      body,
      ...(fifo ? { eventSourceARN: 'arn:aws:sqs:us-east-2:123456789012:q.fifo' } : {}),
    }),
  )
const sqsSnsValid = fc
  .record({ messageId: id, message: payloadText, wrapped: fc.boolean() })
  .map(({ messageId, message, wrapped }) =>
    sqsRecord({ messageId, body: wrapped ? snsNotificationBody(message) : message }),
  )
const sqsEventBridgeValid = fc
  .record({ messageId: id, detail: payloadValue })
  .map(({ messageId, detail }) =>
    sqsRecord({ messageId, body: JSON.stringify(eventBridgeEvent({ detail })) }),
  )
const snsValid = fc
  .record({ messageId: id, message: payloadText })
  .map((fields) => snsRecord(fields))
const s3Valid = fc
  .record({
    key: fc.oneof(
      fc.string({ maxLength: 80 }).map((key) => encodeURIComponent(key).replace(/%20/g, '+')),
      fc.string({ maxLength: 40 }),
    ),
    requestId: id,
    size: fc.nat(),
  })
  .map((fields) => s3Record(fields))
const eventBridgeValid = fc
  .record({ id, detail: payloadValue })
  .map((fields) => eventBridgeEvent(fields))
const dynamoDbValid = fc
  .record({
    sequenceNumber: id,
    eventName: fc.constantFrom('INSERT', 'MODIFY', 'REMOVE'),
    keys: image,
    newImage: image,
    oldImage: fc.option(image, { nil: undefined }),
  })
  .map(({ oldImage, ...fields }) =>
    dynamoDbRecord({ ...fields, ...(oldImage === undefined ? {} : { oldImage }) }),
  )
const kinesisValid = fc.record({ sequenceNumber: id, data: payloadText }).chain((fields) =>
  fc.oneof(
    fc.constant(kinesisRecord(fields)),
    fc.string({ maxLength: 20 }).map((base64Data) => kinesisRecord({ ...fields, base64Data })),
  ),
)
const otherSources: fc.Arbitrary<unknown> = fc.constantFrom(
  recordsEvent(sqsRecord()),
  recordsEvent(snsRecord()),
  recordsEvent(s3Record()),
  eventBridgeEvent(),
  recordsEvent(dynamoDbRecord()),
  recordsEvent(kinesisRecord()),
)

// --- the properties ------------------------------------------------------------------------------

/** Every value handed to a handler obeys the limits; bytes are leaves. */
function assertWithinLimits(value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    assert.ok(value.length <= limits.maxStringLength, 'string within the limit')
    return
  }
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return
  assert.ok(depth < limits.maxDepth, 'depth within the limit')
  for (const key of Object.keys(value)) {
    assert.ok(!['__proto__', 'constructor', 'prototype'].includes(key), 'no prototype key')
    assertWithinLimits((value as Record<string, unknown>)[key], depth + 1)
  }
}

/** The ids an event source mapping would accept back: read from the input, independently. */
function inputIds(event: unknown, path: readonly string[]): string[] {
  const records = (event as { Records?: unknown } | null)?.Records
  if (!Array.isArray(records)) return []
  return records.flatMap((record) => {
    let value: unknown = record
    for (const key of path) {
      value =
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[key]
          : undefined
    }
    return typeof value === 'string' ? [value] : []
  })
}

const ID_PATHS: Readonly<Record<string, readonly string[]>> = {
  'aws:sqs': ['messageId'],
  'aws:kinesis': ['kinesis', 'sequenceNumber'],
  'aws:dynamodb': ['dynamodb', 'SequenceNumber'],
}

/**
 * The handler's own source's ids; for an event of another batch source (refused whole, its
 * records answered as failed for its own mapping to retry), that source's ids too.
 */
function allowedIds(event: unknown, envelope: Envelope): string[] {
  const own = envelope.idPath === undefined ? [] : inputIds(event, envelope.idPath)
  const records = (event as { Records?: unknown } | null)?.Records
  if (!Array.isArray(records)) return own
  const marker = `aws:${envelope.options.source}`
  const markers = new Set(records.map((record) => (record as Json | null)?.eventSource))
  if (markers.has(marker)) return own
  return [
    ...own,
    ...Object.entries(ID_PATHS).flatMap(([source, path]) =>
      markers.has(source) ? inputIds(event, path) : [],
    ),
  ]
}

const guard = createGuard({ limits, log: { write: () => {} }, metrics: false })
const schema = z.object({ orderId: z.string(), amount: z.number() })

interface Envelope {
  readonly options: Omit<EventOptions, 'schema'>
  readonly events: fc.Arbitrary<unknown>
  /** Where `batchItemFailures` ids live in a record, for batch sources. */
  readonly idPath?: readonly string[]
  /** What the handler is handed to check against the limits. */
  readonly payloads: (record: Json) => unknown[]
}

const body = (record: Json) => [record.body]
export const ENVELOPES = {
  sqs: {
    options: { source: 'sqs' },
    events: eventsOf(sqsValid),
    idPath: ['messageId'],
    payloads: body,
  },
  'sqs (SNS envelope)': {
    options: { source: 'sqs', envelope: 'sns' },
    events: eventsOf(sqsSnsValid),
    idPath: ['messageId'],
    payloads: body,
  },
  'sqs (EventBridge envelope)': {
    options: { source: 'sqs', envelope: 'eventbridge' },
    events: eventsOf(sqsEventBridgeValid),
    idPath: ['messageId'],
    payloads: body,
  },
  sns: { options: { source: 'sns' }, events: eventsOf(snsValid), payloads: body },
  s3: { options: { source: 's3' }, events: eventsOf(s3Valid), payloads: body },
  eventbridge: {
    options: { source: 'eventbridge' },
    events: eventsOf(eventBridgeValid, true),
    payloads: body,
  },
  dynamodb: {
    options: { source: 'dynamodb' },
    events: eventsOf(dynamoDbValid),
    idPath: ['dynamodb', 'SequenceNumber'],
    payloads: (record) => [record.keys, record.newImage, record.oldImage],
  },
  kinesis: {
    options: { source: 'kinesis' },
    events: eventsOf(kinesisValid),
    idPath: ['kinesis', 'sequenceNumber'],
    payloads: body,
  },
} satisfies Record<string, Envelope>

/**
 * Runs the property for one envelope: nothing escapes, the answer is well formed, every payload
 * handed over obeys the limits.
 */
export async function fuzzEnvelope(name: keyof typeof ENVELOPES): Promise<void> {
  const envelope: Envelope = ENVELOPES[name]
  const batchSource = envelope.idPath !== undefined
  // A handler that fails on a share of records (batch sources only: elsewhere that throws by
  // design), and remembers which.
  let failEvery = 0
  let calls = 0
  const failedIds: string[] = []
  const handledIds: string[] = []
  const idOf = (record: Json) =>
    String(
      record.messageId ??
        record.sequenceNumber ??
        record.id ??
        (record.body as Json | undefined)?.key,
    )
  const handle = (record: Json) => {
    for (const payload of envelope.payloads(record)) assertWithinLimits(payload)
    calls++
    if (batchSource && failEvery > 0 && calls % failEvery === 0) {
      failedIds.push(idOf(record))
      throw new Error('handler failed')
    }
    handledIds.push(idOf(record))
  }
  const validated = guard.event({ ...envelope.options, schema } as EventOptions, handle as never)
  const unvalidated = guard.event(
    { ...envelope.options, schema: 'unvalidated' } as EventOptions,
    handle as never,
  )

  await fc.assert(
    fc.asyncProperty(envelope.events, fc.boolean(), fc.nat(4), async (event, strict, every) => {
      failEvery = every
      calls = 0
      failedIds.length = 0
      handledIds.length = 0
      let result: unknown
      try {
        result = await (strict ? validated : unvalidated)(event)
      } catch (error) {
        assert.fail(`an exception escaped: ${String(error)}`)
      }
      // A handler without batch answers still answers for a batch source's event it refuses.
      if (!batchSource && result === undefined) return
      assert.ok(typeof result === 'object' && result !== null)
      assert.deepEqual(Object.keys(result), ['batchItemFailures'])
      const failures = (result as { batchItemFailures: unknown }).batchItemFailures
      assert.ok(Array.isArray(failures))
      const allowed = allowedIds(event, envelope)
      const named: string[] = []
      for (const failure of failures) {
        assert.deepEqual(Object.keys(failure), ['itemIdentifier'])
        const itemIdentifier = (failure as { itemIdentifier: unknown }).itemIdentifier
        assert.ok(typeof itemIdentifier === 'string' && itemIdentifier !== '')
        assert.ok(allowed.includes(itemIdentifier), 'an id of the input')
        named.push(itemIdentifier)
      }
      assert.equal(new Set(named).size, named.length, 'each id once')
      const once = (value: string) => allowed.filter((id) => id === value).length === 1
      for (const failedId of failedIds) {
        if (once(failedId)) assert.ok(named.includes(failedId), 'a failed record is named')
      }
      for (const handledId of handledIds) {
        if (once(handledId)) assert.ok(!named.includes(handledId), 'a handled one is not')
      }
    }),
    { numRuns: fuzzRuns(RUNS) },
  )
}
