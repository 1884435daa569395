// Stopping a batch before the invocation times out: records that would start with less than
// `stopBefore` left are handed back in `batchItemFailures`, unread, so only they are retried.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { z } from 'zod'
import { dynamoDbRecord, kinesisRecord, recordsEvent, sqsRecord } from '../testing/event-sources.js'
import { lambdaContext } from '../testing/lambda-events.js'
import { guardWithOutput } from './testing/guard-output.js'

const REQUEST_ID = 'a1b2c3d4-0000-4000-8000-lambda000001'
const sqs = (messageId: string, body: unknown = { messageId }) =>
  sqsRecord({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body) })
const named = (result: { batchItemFailures: { itemIdentifier: string }[] }) =>
  result.batchItemFailures.map((failure) => failure.itemIdentifier)

/**
 * A Lambda context with the runtime's contract: `getRemainingTimeInMillis()` is the timeout less
 * the time spent. The clock is a counter that moves only when a record says it spent time, so the
 * point where the budget runs low is exact, with no sleeping.
 */
function lambdaWithTimeout(timeoutMs: number) {
  let spentMs = 0
  return {
    context: lambdaContext({ getRemainingTimeInMillis: () => timeoutMs - spentMs }),
    spend(ms: number) {
      spentMs += ms
    },
  }
}

describe('early stop before the Lambda timeout', () => {
  it('hands back the records it has no time to start, unread, and says so in one line', async () => {
    const { guard, logs, audit, metrics, lines } = guardWithOutput({ metrics: {} })
    const clock = lambdaWithTimeout(3000)
    const handled: string[] = []
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, async (message) => {
      handled.push(message.messageId)
      await nextTurn()
      clock.spend(600)
    })
    const secret = randomBytes(12).toString('hex')
    // Before each record: 3000, 2400, 1800, 1200 ms left, then 600 — under the default second.
    const result = await handler(
      recordsEvent(
        sqs('m-1'),
        sqs('m-2'),
        sqs('m-3'),
        sqs('m-4'),
        sqs('m-5', { secret }),
        sqs('m-6', '{ not json'),
      ),
      clock.context,
    )
    assert.deepEqual(handled, ['m-1', 'm-2', 'm-3', 'm-4'])
    assert.deepEqual(named(result), ['m-5', 'm-6'])

    const stops = logs('warn')
    assert.equal(stops.length, 1)
    assert.equal(
      stops[0]?.message,
      'batch stopped early: too little time left to start another record',
    )
    assert.deepEqual(
      [stops[0]?.requestId, stops[0]?.source, stops[0]?.started, stops[0]?.unprocessed],
      [REQUEST_ID, 'sqs', 4, 2],
    )
    assert.deepEqual([stops[0]?.remainingMs, stops[0]?.stopBeforeMs], [600, 1000])
    // Records never started are never read: the malformed one is not refused, nothing is logged.
    assert.deepEqual(audit(), [])
    assert.ok(!lines.join('\n').includes(secret))
    // Handed back is not failed: the batch's metrics line counts no error.
    assert.equal(metrics()[0]?.Errors, 0)
  })

  it('changes nothing when there is time for every record', async () => {
    const { guard, logs } = guardWithOutput()
    const clock = lambdaWithTimeout(60_000)
    const handled: string[] = []
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, (message) => {
      handled.push(message.messageId)
      clock.spend(600)
    })
    const result = await handler(
      recordsEvent(sqs('m-1'), sqs('m-2'), sqs('m-3'), sqs('m-4'), sqs('m-5')),
      clock.context,
    )
    assert.deepEqual(handled, ['m-1', 'm-2', 'm-3', 'm-4', 'm-5'])
    assert.deepEqual(result, { batchItemFailures: [] })
    assert.deepEqual(logs(), [])
  })

  it('never stops without a clock to read (no context, or a context without one)', async () => {
    const { guard } = guardWithOutput()
    const handler = guard.event(
      { source: 'sqs', schema: 'unvalidated', stopBefore: '10m' },
      () => {},
    )
    const event = recordsEvent(sqs('m-1'), sqs('m-2'))
    assert.deepEqual(await handler(event), { batchItemFailures: [] })
    assert.deepEqual(await handler(event, { awsRequestId: REQUEST_ID }), { batchItemFailures: [] })
  })

  it('keeps the margin it is given, on Kinesis and DynamoDB streams too', async () => {
    const { guard, logs } = guardWithOutput()
    const sources = [
      ['kinesis', (n: number) => kinesisRecord({ data: `${n}`, sequenceNumber: `${n}00` })],
      ['dynamodb', (n: number) => dynamoDbRecord({ sequenceNumber: `${n}00`, eventID: `${n}` })],
    ] as const
    for (const [source, record] of sources) {
      const clock = lambdaWithTimeout(5000)
      let handled = 0
      const handler = guard.event({ source, schema: 'unvalidated', stopBefore: '2s' }, () => {
        handled++
        clock.spend(1000)
      })
      // 5000, 4000, 3000, 2000 ms left: 2000 is not under the margin, so the fourth still starts.
      const result = await handler(recordsEvent(...[1, 2, 3, 4, 5, 6].map(record)), clock.context)
      assert.equal(handled, 4, source)
      assert.deepEqual(named(result), ['500', '600'], source)
    }
    assert.deepEqual(
      logs('warn').map((line) => [line.source, line.remainingMs, line.stopBeforeMs]),
      [
        ['kinesis', 1000, 2000],
        ['dynamodb', 1000, 2000],
      ],
    )
  })

  it('names failed records and handed-back ones together', async () => {
    const { guard } = guardWithOutput()
    const clock = lambdaWithTimeout(2500)
    const handler = guard.event({ source: 'sqs', schema: z.object({ ok: z.literal(true) }) }, () =>
      clock.spend(1000),
    )
    // m-2 is refused by the schema (no time spent), then 1500 ms, then 500: m-4 and m-5 go back.
    const result = await handler(
      recordsEvent(
        sqs('m-1', { ok: true }),
        sqs('m-2', { ok: 1 }),
        sqs('m-3', { ok: true }),
        sqs('m-4', { ok: true }),
        sqs('m-5', { ok: true }),
      ),
      clock.context,
    )
    assert.deepEqual(named(result), ['m-2', 'm-4', 'm-5'])
  })

  it('hands back the rest of an ordered batch, in order, and still stops at a failure first', async () => {
    const { guard, logs } = guardWithOutput()
    const fifoArn = 'arn:aws:sqs:us-east-2:123456789012:orders.fifo'
    const fifo = (messageId: string, body: unknown = {}) =>
      sqsRecord({ messageId, body: JSON.stringify(body), eventSourceARN: fifoArn })
    const clock = lambdaWithTimeout(3000)
    const handled: string[] = []
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated' }, (message) => {
      if ((message.body as { fail?: boolean }).fail) throw new Error('ledger refused')
      handled.push(message.messageId)
      clock.spend(1200)
    })
    // 3000, 1800, then 600 ms left: f-3 does not start, and f-4 may not overtake it.
    const batch = recordsEvent(fifo('f-1'), fifo('f-2'), fifo('f-3'), fifo('f-4'))
    assert.deepEqual(named(await handler(batch, clock.context)), ['f-3', 'f-4'])
    assert.deepEqual(handled, ['f-1', 'f-2'])

    // A failure before the time runs low stops the batch as ordered processing always has.
    const fresh = lambdaWithTimeout(3000)
    const failing = recordsEvent(fifo('g-1'), fifo('g-2', { fail: true }), fifo('g-3'), fifo('g-4'))
    assert.deepEqual(named(await handler(failing, fresh.context)), ['g-2', 'g-3', 'g-4'])
    assert.deepEqual(
      logs('warn').map((line) => line.message),
      [
        'batch stopped early: too little time left to start another record',
        'ordered batch stopped at its first failed record',
      ],
    )
  })

  it('says so as an error when no record could start: the margin is not shorter than the timeout', async () => {
    const { guard, logs } = guardWithOutput()
    const clock = lambdaWithTimeout(3000)
    let handled = 0
    const handler = guard.event({ source: 'sqs', schema: 'unvalidated', stopBefore: '5s' }, () => {
      handled++
    })
    const result = await handler(recordsEvent(sqs('m-1'), sqs('m-2')), clock.context)
    assert.equal(handled, 0)
    assert.deepEqual(named(result), ['m-1', 'm-2'])
    const [line] = logs('error')
    assert.match(String(line?.message), /no record of the batch started: stopBefore is at least/)
    assert.deepEqual([line?.started, line?.unprocessed, line?.remainingMs], [0, 2, 3000])
  })
})
