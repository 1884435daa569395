// What happens to a batch: limits and schemas per record, partial batch failures, ordered
// processing, the per-record context, audit events, failure semantics of the sources without
// batch responses, and events given to the wrong handler.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { type } from 'arktype'
import * as v from 'valibot'
import { z } from 'zod'
import { GuardError } from '../core/errors.js'
import type { StandardSchemaV1 } from '../input/standard-schema.js'
import {
  dynamoDbRecord,
  eventBridgeEvent,
  kinesisRecord,
  recordsEvent,
  s3Record,
  snsRecord,
  sqsRecord,
} from '../testing/event-sources.js'
import { httpApiEvent, lambdaContext } from '../testing/lambda-events.js'
import { guardWithOutput } from './testing/guard-output.js'

const Order = z.object({ orderId: z.string(), amount: z.number() })
const sqs = (messageId: string, body: unknown) =>
  sqsRecord({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) })
const unique = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`

describe('input limits, as for HTTP bodies', () => {
  const limits = { maxBodyBytes: 256, maxDepth: 4, maxStringLength: 16 }
  const deep = { a: { b: { c: { d: { e: 1 } } } } }

  it('refuses oversized, malformed, deep, prototype-keyed and long-string bodies by field', async () => {
    const { guard, audit, lines } = guardWithOutput({ limits })
    const handled: string[] = []
    const handler = guard.event(
      { source: 'sqs', schema: 'unvalidated' },
      (message) => void handled.push(message.messageId),
    )
    const result = await handler(
      recordsEvent(
        sqs('ok', { fine: true }),
        sqs('large', 'x'.repeat(300)),
        sqs('not-json', '{"a":'),
        sqs('deep', deep),
        sqs('proto', '{"a":{"__proto__":{"admin":true}}}'),
        sqs('ctor', '{"constructor":{"prototype":{}}}'),
        sqs('long', { name: 'y'.repeat(17) }),
        sqs('long-key', { ['k'.repeat(17)]: 1 }),
      ),
    )
    assert.deepEqual(handled, ['ok'])
    assert.deepEqual(
      result.batchItemFailures.map((failure) => failure.itemIdentifier),
      ['large', 'not-json', 'deep', 'proto', 'ctor', 'long', 'long-key'],
    )
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.messageId, line.code, line.field]),
      [
        ['large', 'ERR_BODY_TOO_LARGE', undefined],
        ['not-json', 'ERR_MALFORMED_BODY', undefined],
        ['deep', 'ERR_BODY_TOO_DEEP', 'body.a.b.c.d'],
        ['proto', 'ERR_PROTOTYPE_KEY', 'body.a'],
        ['ctor', 'ERR_PROTOTYPE_KEY', 'body'],
        ['long', 'ERR_STRING_TOO_LONG', 'body.name'],
        ['long-key', 'ERR_STRING_TOO_LONG', `body.${'k'.repeat(17)}`],
      ],
    )
    assert.equal(({} as Record<string, unknown>).admin, undefined)
    const written = lines.join('\n')
    assert.ok(!written.includes('x'.repeat(300)) && !written.includes('y'.repeat(17)))
  })

  it('applies to every source', async () => {
    const { guard, audit } = guardWithOutput({ limits })
    const long = 'z'.repeat(17)
    const none = () => {}
    await guard.event(
      { source: 'sns', schema: 'unvalidated' },
      none,
    )(recordsEvent(snsRecord({ message: JSON.stringify({ long }) })))
    await guard.event(
      { source: 'eventbridge', schema: 'unvalidated' },
      none,
    )(eventBridgeEvent({ detail: JSON.parse('{"__proto__":{"polluted":1}}') }))
    await guard.event(
      { source: 'eventbridge', schema: 'unvalidated' },
      none,
    )(eventBridgeEvent({ detail: { list: Array.from({ length: 40 }, () => 'abcdefgh') } }))
    await guard.event(
      { source: 's3', schema: 'unvalidated' },
      none,
    )(recordsEvent(s3Record({ key: 'a-key-longer-than-16' })))
    await guard.event(
      { source: 'kinesis', schema: 'unvalidated' },
      none,
    )(recordsEvent(kinesisRecord({ data: JSON.stringify(deep) })))
    const dynamo = guard.event({ source: 'dynamodb', schema: 'unvalidated' }, none)
    await dynamo(recordsEvent(dynamoDbRecord({ newImage: JSON.parse('{"__proto__":{"S":"x"}}') })))
    await dynamo(
      recordsEvent(
        dynamoDbRecord({ newImage: { a: { M: { b: { L: [{ M: { c: { M: {} } } }] } } } } }),
      ),
    )
    await dynamo(recordsEvent(dynamoDbRecord({ keys: { Id: { S: long } } })))
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.source, line.code, line.field]),
      [
        ['sns', 'ERR_STRING_TOO_LONG', 'body.long'],
        ['eventbridge', 'ERR_PROTOTYPE_KEY', 'body'],
        ['eventbridge', 'ERR_BODY_TOO_LARGE', undefined],
        ['s3', 'ERR_STRING_TOO_LONG', 'body.key'],
        ['kinesis', 'ERR_BODY_TOO_DEEP', 'body.a.b.c.d'],
        ['dynamodb', 'ERR_PROTOTYPE_KEY', 'newImage'],
        ['dynamodb', 'ERR_BODY_TOO_DEEP', 'newImage.a.b[0].c'],
        ['dynamodb', 'ERR_STRING_TOO_LONG', 'keys.Id'],
      ],
    )
  })

  it('has the HTTP defaults, and a handler may set its own', async () => {
    const { guard, audit } = guardWithOutput()
    const defaults = guard.event({ source: 'sqs', schema: 'unvalidated' }, () => {})
    const own = guard.event(
      { source: 'sqs', schema: 'unvalidated', limits: { maxStringLength: 10_000 } },
      () => {},
    )
    const event = recordsEvent(sqs('m', { note: 'n'.repeat(5000) }))
    assert.deepEqual(await defaults(event), { batchItemFailures: [{ itemIdentifier: 'm' }] })
    assert.deepEqual(await own(event), { batchItemFailures: [] })
    assert.equal(audit('security.event.rejected').length, 1)
  })

  it("bounds a 'text' payload by maxBodyBytes, not by the string length", async () => {
    const { guard } = guardWithOutput({ limits })
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated', format: 'text' }, () => {})
    const result = await handler(
      recordsEvent(sqs('fits', 'x'.repeat(200)), sqs('big', 'x'.repeat(300))),
    )
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: 'big' }] })
  })
})

describe('schemas: zod, valibot and arktype', () => {
  const schemas: Record<string, StandardSchemaV1> = {
    zod: z.object({ amount: z.number().int().positive(), to: z.string().min(3).max(34) }),
    valibot: v.object({
      amount: v.pipe(v.number(), v.integer(), v.minValue(1)),
      to: v.pipe(v.string(), v.minLength(3), v.maxLength(34)),
    }),
    arktype: type({ amount: 'number.integer > 0', to: '3 <= string <= 34' }),
  }
  for (const [vendor, schema] of Object.entries(schemas)) {
    it(`${vendor}: valid records are handled, invalid ones rejected by field without the value`, async () => {
      const { guard, audit, lines } = guardWithOutput()
      const secret = unique('acct-')
      const handled: unknown[] = []
      const handler = guard.event({ source: 'sqs', schema }, (message) => {
        handled.push(message.body)
      })
      const result = await handler(
        recordsEvent(
          sqs('good', { amount: 5, to: 'acc_7' }),
          sqs('bad-amount', { amount: -5, to: 'acc_7' }),
          sqs('bad-to', { amount: 5, to: `${secret}${'x'.repeat(40)}` }),
        ),
      )
      assert.deepEqual(handled, [{ amount: 5, to: 'acc_7' }])
      assert.deepEqual(result, {
        batchItemFailures: [{ itemIdentifier: 'bad-amount' }, { itemIdentifier: 'bad-to' }],
      })
      assert.deepEqual(
        audit('security.event.rejected').map((line) => [line.code, line.field, line.messageId]),
        [
          ['ERR_VALIDATION', 'body.amount', 'bad-amount'],
          ['ERR_VALIDATION', 'body.to', 'bad-to'],
        ],
      )
      assert.ok(!lines.join('\n').includes(secret), 'a rejected value is never written')
    })
  }

  it('awaits an async schema', async () => {
    const { guard } = guardWithOutput()
    const Slow = z.object({ id: z.string() }).refine(async (value) => value.id !== 'no')
    const handled: string[] = []
    const handler = guard.event(
      { source: 'sqs', schema: Slow },
      (message) => void handled.push(message.body.id),
    )
    const result = await handler(recordsEvent(sqs('a', { id: 'yes' }), sqs('b', { id: 'no' })))
    assert.deepEqual(handled, ['yes'])
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: 'b' }] })
  })
})

describe('partial batch failures', () => {
  it('a throwing handler fails only its record; the error is logged redacted', async () => {
    const { guard, logs, lines } = guardWithOutput()
    const password = unique('Pw-')
    const handled: string[] = []
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, (message) => {
      if (message.messageId === 'm-2') {
        throw new Error(`ledger refused: password=${password}`)
      }
      handled.push(message.messageId)
    })
    const result = await handler(
      recordsEvent(sqs('m-1', {}), sqs('m-2', { password }), sqs('m-3', {})),
      lambdaContext(),
    )
    assert.deepEqual(handled, ['m-1', 'm-3'])
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: 'm-2' }] })
    const [failure] = logs('error')
    assert.equal(failure?.requestId, 'm-2')
    assert.equal(failure?.code, 'ERR_INTERNAL')
    assert.match(JSON.stringify(failure), /ledger refused/)
    assert.ok(!lines.join('\n').includes(password))
  })

  it('names Kinesis and DynamoDB records by sequence number', async () => {
    const { guard } = guardWithOutput()
    const failOn = (id: string) => (body: unknown) => {
      if (JSON.stringify(body).includes(id)) throw new Error('handler failed')
    }
    const kinesis = guard.event({ source: 'kinesis', schema: 'unvalidated' }, (record) =>
      failOn('two')(record.body),
    )
    assert.deepEqual(
      await kinesis(
        recordsEvent(
          kinesisRecord({ data: '"one"', sequenceNumber: '100' }),
          kinesisRecord({ data: '"two"', sequenceNumber: '200' }),
          kinesisRecord({ data: '"three"', sequenceNumber: '300' }),
        ),
      ),
      { batchItemFailures: [{ itemIdentifier: '200' }] },
    )
    const dynamo = guard.event({ source: 'dynamodb', schema: 'unvalidated' }, (change) =>
      failOn('two')(change.newImage),
    )
    assert.deepEqual(
      await dynamo(
        recordsEvent(
          dynamoDbRecord({ sequenceNumber: '10', newImage: { v: { S: 'one' } } }),
          dynamoDbRecord({ sequenceNumber: '20', newImage: { v: { S: 'two' } } }),
        ),
      ),
      { batchItemFailures: [{ itemIdentifier: '20' }] },
    )
  })

  it('refuses a record that is not of the source alone, and names it only by an id it has', async () => {
    const { guard, audit } = guardWithOutput()
    const handled: string[] = []
    const handler = guard.event(
      { source: 'sqs', schema: 'unvalidated' },
      (message) => void handled.push(message.messageId),
    )
    const result = await handler(
      recordsEvent(
        sqs('real', {}),
        { ...sqs('forged', {}), eventSource: 'aws:kinesis' },
        { ...sqs('', {}), messageId: 42 },
        'not a record' as never,
        sqs('real', {}),
      ),
      lambdaContext(),
    )
    assert.deepEqual(handled, ['real', 'real'])
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: 'forged' }] })
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.field, line.messageId, line.requestId]),
      [
        ['eventSource', 'forged', 'forged'],
        ['messageId', undefined, 'a1b2c3d4-0000-4000-8000-lambda000001#2'],
        ['record', undefined, 'a1b2c3d4-0000-4000-8000-lambda000001#3'],
      ],
    )
  })
})

describe('ordered processing', () => {
  const fifoArn = 'arn:aws:sqs:us-east-2:123456789012:orders.fifo'
  const fifo = (messageId: string, body: unknown) =>
    sqsRecord({ messageId, body: JSON.stringify(body), eventSourceARN: fifoArn })

  it('stops a FIFO batch at its first failure and returns it and everything after it', async () => {
    const { guard, logs } = guardWithOutput()
    const handled: string[] = []
    const handler = guard.event({ source: 'sqs', schema: Order }, (message) => {
      handled.push(message.messageId)
    })
    const result = await handler(
      recordsEvent(
        fifo('f-1', { orderId: 'a', amount: 1 }),
        fifo('f-2', { orderId: 'b' }),
        fifo('f-3', { orderId: 'c', amount: 3 }),
        fifo('f-4', { orderId: 'd', amount: 4 }),
      ),
    )
    assert.deepEqual(handled, ['f-1'])
    assert.deepEqual(result, {
      batchItemFailures: [
        { itemIdentifier: 'f-2' },
        { itemIdentifier: 'f-3' },
        { itemIdentifier: 'f-4' },
      ],
    })
    assert.equal(logs('warn').find((line) => line.unprocessed !== undefined)?.unprocessed, 2)
  })

  it('processes a standard queue, and a FIFO queue with ordered: false, past a failure', async () => {
    const { guard } = guardWithOutput()
    for (const [options, arn] of [
      [{}, undefined],
      [{ ordered: false }, fifoArn],
    ] as const) {
      const handled: string[] = []
      const handler = guard.event({ source: 'sqs', schema: Order, ...options }, (message) => {
        handled.push(message.messageId)
      })
      const record = (messageId: string, body: unknown) =>
        sqsRecord({
          messageId,
          body: JSON.stringify(body),
          ...(arn === undefined ? {} : { eventSourceARN: arn }),
        })
      const result = await handler(
        recordsEvent(
          record('1', { orderId: 'a', amount: 1 }),
          record('2', {}),
          record('3', { orderId: 'c', amount: 3 }),
        ),
      )
      assert.deepEqual(handled, ['1', '3'])
      assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: '2' }] })
    }
  })

  it('stops Kinesis and DynamoDB streams at the first failure with ordered: true', async () => {
    const { guard } = guardWithOutput()
    const handled: unknown[] = []
    const kinesis = guard.event(
      { source: 'kinesis', schema: z.number(), ordered: true },
      (record) => {
        if (record.body === 2) throw new Error('no')
        handled.push(record.body)
      },
    )
    const result = await kinesis(
      recordsEvent(
        kinesisRecord({ data: '1', sequenceNumber: '1' }),
        kinesisRecord({ data: '2', sequenceNumber: '2' }),
        kinesisRecord({ data: '3', sequenceNumber: '3' }),
      ),
    )
    assert.deepEqual(handled, [1])
    assert.deepEqual(result, {
      batchItemFailures: [{ itemIdentifier: '2' }, { itemIdentifier: '3' }],
    })

    const dynamo = guard.event(
      { source: 'dynamodb', schema: 'unvalidated', ordered: true },
      () => {},
    )
    const changes = await dynamo(
      recordsEvent(
        dynamoDbRecord({ sequenceNumber: '1', newImage: { bad: { X: '1' } } }),
        dynamoDbRecord({ sequenceNumber: '2' }),
      ),
    )
    assert.deepEqual(changes, {
      batchItemFailures: [{ itemIdentifier: '1' }, { itemIdentifier: '2' }],
    })
  })
})

describe('the per-record context', () => {
  it('puts the record id on its log and audit lines, and the Lambda context beside it', async () => {
    const { guard, logs, audit } = guardWithOutput()
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, (message, ctx) => {
      ctx.log.info('processing', { functionName: ctx.lambda?.functionName })
      ctx.audit('data.created', { collection: 'orders', recordId: message.messageId })
    })
    await handler(recordsEvent(sqs('m-1', {}), sqs('m-2', {})), lambdaContext())
    assert.deepEqual(
      logs('info').map((line) => [line.message, line.requestId, line.functionName]),
      [
        ['processing', 'm-1', 'test-function'],
        ['processing', 'm-2', 'test-function'],
      ],
    )
    assert.deepEqual(
      audit('data.created').map((line) => [line.requestId, line.recordId, line.ip, line.actor]),
      [
        ['m-1', 'm-1', null, null],
        ['m-2', 'm-2', null, null],
      ],
    )
  })

  it("redacts the record's own credentials from what is logged about it", async () => {
    const { guard, lines } = guardWithOutput()
    const apiToken = unique('tok-')
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, (_message, ctx) => {
      ctx.log.info(`calling partner with ${apiToken}`)
    })
    await handler(recordsEvent(sqs('m-1', { apiToken })))
    assert.ok(lines.length > 0)
    assert.ok(!lines.join('\n').includes(apiToken))
  })

  it('writes one metrics line per batch, counting failed records as errors', async () => {
    const { guard, metrics } = guardWithOutput({ metrics: { namespace: 'Test' } })
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, (message) => {
      if (message.messageId !== 'ok') throw new Error('failed')
    })
    await handler(recordsEvent(sqs('ok', {}), sqs('x', {}), sqs('y', {}), sqs('bad', '{')))
    const lines = metrics()
    assert.equal(lines.length, 1)
    assert.equal(lines[0]?.Invocations, 1)
    assert.equal(lines[0]?.Errors, 2)
  })
})

describe('sources without batch responses: SNS, S3, EventBridge', () => {
  it('record refused input and drop it: no retry makes it valid', async () => {
    const { guard, audit } = guardWithOutput()
    const sns = guard.event({ source: 'sns', schema: Order }, () => {})
    assert.equal(await sns(recordsEvent(snsRecord({ message: '{"orderId":1}' }))), undefined)
    const eventBridge = guard.event({ source: 'eventbridge', schema: Order }, () => {})
    assert.equal(await eventBridge(eventBridgeEvent()), undefined)
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.source, line.code, line.messageId]),
      [
        ['sns', 'ERR_VALIDATION', '95df01b4-ee98-5cb9-9903-4c221d41eb5e'],
        ['eventbridge', 'ERR_VALIDATION', '6a7e8feb-b491-4cf7-a9f1-bf3703467718'],
      ],
    )
  })

  it('throw when a handler fails, so Lambda retries and then the DLQ gets the event', async () => {
    const { guard, logs } = guardWithOutput()
    const secret = unique('s3cr3t-')
    const handled: string[] = []
    const s3 = guard.event({ source: 's3', schema: 'unvalidated' }, (notification) => {
      if (notification.body.key === 'fails') throw new Error(`cannot read, token=${secret}`)
      handled.push(notification.body.key)
    })
    await assert.rejects(
      s3(recordsEvent(s3Record({ key: 'fails' }), s3Record({ key: 'works' })), lambdaContext()),
      (error: unknown) =>
        error instanceof GuardError &&
        error.code === 'ERR_EVENT_FAILED' &&
        error.message ===
          '1 of 2 s3 records failed; see the log lines of request a1b2c3d4-0000-4000-8000-lambda000001',
    )
    assert.deepEqual(handled, ['works'])
    assert.equal(logs('error').length, 1)
    assert.ok(!JSON.stringify(logs()).includes(secret))
  })
})

describe('an event of another source', () => {
  it('is refused whole, with a clear log line, never a crash', async () => {
    const { guard, logs, audit } = guardWithOutput()
    let calls = 0
    const sqsHandler = guard.event({ source: 'sqs', schema: 'unvalidated' }, () => void calls++)
    const cases: [unknown, string][] = [
      [recordsEvent(s3Record()), 's3'],
      [eventBridgeEvent(), 'eventbridge'],
      [recordsEvent(snsRecord()), 'sns'],
      [httpApiEvent(), 'http'],
      [recordsEvent(), 'unknown'],
      [null, 'unknown'],
      ['a string', 'unknown'],
      [[sqs('m', {})], 'unknown'],
    ]
    for (const [event, received] of cases) {
      assert.deepEqual(await sqsHandler(event), { batchItemFailures: [] })
      const line = logs('error').at(-1)
      assert.equal(line?.message, 'event source mismatch: this handler reads sqs events')
      assert.deepEqual(
        [line?.code, line?.expected, line?.received],
        ['ERR_EVENT_SOURCE_MISMATCH', 'sqs', received],
      )
    }
    assert.equal(calls, 0)
    assert.equal(audit('security.event.rejected').length, cases.length)
    assert.ok(
      audit('security.event.rejected').every((line) => line.code === 'ERR_EVENT_SOURCE_MISMATCH'),
    )
  })

  it("returns a batch source's records as failed, so its mapping retries them, not deletes them", async () => {
    const { guard, logs } = guardWithOutput()
    const kinesisHandler = guard.event({ source: 'kinesis', schema: 'unvalidated' }, () => {})
    const snsHandler = guard.event({ source: 'sns', schema: 'unvalidated' }, () => {})
    const sqsBatch = recordsEvent(sqs('m-1', {}), sqs('m-2', {}))
    const failures = { batchItemFailures: [{ itemIdentifier: 'm-1' }, { itemIdentifier: 'm-2' }] }
    assert.deepEqual(await kinesisHandler(sqsBatch), failures)
    assert.deepEqual(await snsHandler(sqsBatch), failures)
    assert.deepEqual(
      logs('error').map((line) => [line.expected, line.received, line.returnedAsFailed]),
      [
        ['kinesis', 'sqs', 2],
        ['sns', 'sqs', 2],
      ],
    )
    const streamChange = recordsEvent(dynamoDbRecord({ sequenceNumber: '9' }))
    assert.deepEqual(await kinesisHandler(streamChange), {
      batchItemFailures: [{ itemIdentifier: '9' }],
    })
  })
})
