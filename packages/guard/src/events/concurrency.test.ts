// Records in flight side by side (`concurrency`): the handler's records are held on promises the
// test settles by hand, so which record finishes when is decided here, with no sleeping.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { z } from 'zod'
import { GuardError } from '../core/errors.js'
import { recordsEvent, s3Record, snsRecord, sqsRecord } from '../testing/event-sources.js'
import { lambdaContext } from '../testing/lambda-events.js'
import { guardWithOutput } from './testing/guard-output.js'

const sqs = (messageId: string, body: unknown = { ok: true }, eventSourceARN?: string) =>
  sqsRecord({
    messageId,
    body: JSON.stringify(body),
    ...(eventSourceARN === undefined ? {} : { eventSourceARN }),
  })
const named = (result: { batchItemFailures: { itemIdentifier: string }[] }) =>
  result.batchItemFailures.map((failure) => failure.itemIdentifier)

interface Deferred {
  readonly promise: Promise<void>
  resolve(): void
  reject(error: Error): void
}

function deferred(): Deferred {
  let resolve = () => {}
  let reject = (_: Error) => {}
  const promise = new Promise<void>((yes, no) => {
    resolve = yes
    reject = no
  })
  return { promise, resolve, reject }
}

/**
 * A record handler that waits, for each record (by id), until the test finishes or fails it, and
 * counts the records in flight. `started(id)` resolves once the handler has been called for it.
 */
function heldRecords() {
  const holds = new Map<string, Deferred>()
  const starts = new Map<string, Deferred>()
  const hold = (map: Map<string, Deferred>, id: string) => {
    let entry = map.get(id)
    if (entry === undefined) {
      entry = deferred()
      map.set(id, entry)
    }
    return entry
  }
  const state = {
    started: [] as string[],
    finished: [] as string[],
    contexts: [] as [string, string][],
    inFlight: 0,
    maxInFlight: 0,
  }
  return {
    state,
    async fn(id: string, requestId: string) {
      state.started.push(id)
      state.contexts.push([id, requestId])
      state.inFlight++
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
      hold(starts, id).resolve()
      try {
        await hold(holds, id).promise
      } finally {
        state.inFlight--
        state.finished.push(id)
      }
    },
    started: (...ids: string[]) => Promise.all(ids.map((id) => hold(starts, id).promise)),
    finish: (...ids: string[]) => {
      for (const id of ids) hold(holds, id).resolve()
    },
    fail: (id: string) => hold(holds, id).reject(new Error(`handler failed on ${id}`)),
  }
}

describe('concurrency: records in flight side by side', () => {
  it('keeps at most n in flight, starts them in order, and names failures in record order', async () => {
    const { guard, audit, logs } = guardWithOutput()
    const held = heldRecords()
    const handler = guard.event(
      { source: 'sqs', schema: z.object({ ok: z.literal(true) }), concurrency: 3 },
      (message, ctx) => held.fn(message.messageId, ctx.requestId),
    )
    const answer = handler(
      recordsEvent(
        sqs('m-1'),
        sqs('m-2'),
        sqs('m-3'),
        sqs('m-4', { ok: 'no' }),
        sqs('m-5'),
        sqs('m-6'),
        sqs('m-7'),
      ),
    )
    await held.started('m-1', 'm-2', 'm-3')
    await nextTurn()
    assert.deepEqual(held.state.started, ['m-1', 'm-2', 'm-3'])
    assert.equal(held.state.inFlight, 3)

    // m-3 finishes first: its lane takes m-4, which the schema refuses, then m-5.
    held.finish('m-3')
    await held.started('m-5')
    // m-5 fails before m-2 does; the answer still names them in the order of the records.
    held.fail('m-5')
    await held.started('m-6')
    held.fail('m-2')
    await held.started('m-7')
    held.finish('m-1', 'm-6', 'm-7')
    const result = await answer

    assert.deepEqual(named(result), ['m-2', 'm-4', 'm-5'])
    assert.equal(held.state.maxInFlight, 3)
    assert.deepEqual(held.state.started, ['m-1', 'm-2', 'm-3', 'm-5', 'm-6', 'm-7'])
    assert.deepEqual(held.state.finished.slice(0, 3), ['m-3', 'm-5', 'm-2'])
    // Each record its own context, validation, and failure.
    assert.ok(held.state.contexts.every(([id, requestId]) => id === requestId))
    assert.deepEqual(
      audit('security.event.rejected').map((line) => line.messageId),
      ['m-4'],
    )
    assert.deepEqual(
      logs('error')
        .map((line) => line.requestId)
        .sort(),
      ['m-2', 'm-5'],
    )
  })

  it('runs one record at a time by default and with concurrency: 1', async () => {
    for (const options of [{}, { concurrency: 1 }]) {
      const { guard } = guardWithOutput()
      const held = heldRecords()
      const handler = guard.event(
        { source: 'sqs', schema: 'unvalidated', ...options },
        (message, ctx) => held.fn(message.messageId, ctx.requestId),
      )
      const answer = handler(recordsEvent(sqs('m-1'), sqs('m-2'), sqs('m-3')))
      await held.started('m-1')
      await nextTurn()
      assert.deepEqual(held.state.started, ['m-1'])
      held.fail('m-1')
      await held.started('m-2')
      held.finish('m-2', 'm-3')
      assert.deepEqual(named(await answer), ['m-1'])
      assert.equal(held.state.maxInFlight, 1)
      assert.deepEqual(held.state.started, ['m-1', 'm-2', 'm-3'])
    }
  })

  it('starts nothing with less than stopBefore left, lets records in flight finish, and names the rest', async () => {
    const { guard, logs } = guardWithOutput()
    let spentMs = 0
    const context = lambdaContext({ getRemainingTimeInMillis: () => 3000 - spentMs })
    const held = heldRecords()
    const handler = guard.event(
      { source: 'sqs', schema: 'unvalidated', concurrency: 2 },
      (message, ctx) => held.fn(message.messageId, ctx.requestId),
    )
    let answered = false
    const answer = handler(
      recordsEvent(sqs('m-1'), sqs('m-2'), sqs('m-3'), sqs('m-4'), sqs('m-5'), sqs('m-6')),
      context,
    ).finally(() => {
      answered = true
    })
    await held.started('m-1', 'm-2')
    spentMs = 1500
    held.finish('m-1')
    // 1500 ms left: m-3 still starts.
    await held.started('m-3')
    spentMs = 2500
    held.finish('m-3')
    // 500 ms left, under the default second: m-4 does not start, and m-2 is still running.
    await nextTurn()
    assert.equal(answered, false)
    assert.deepEqual(held.state.started, ['m-1', 'm-2', 'm-3'])
    held.fail('m-2')
    const result = await answer

    assert.deepEqual(named(result), ['m-2', 'm-4', 'm-5', 'm-6'])
    assert.deepEqual(held.state.finished, ['m-1', 'm-3', 'm-2'])
    const [stop, ...more] = logs('warn')
    assert.equal(more.length, 0)
    assert.equal(stop?.message, 'batch stopped early: too little time left to start another record')
    assert.deepEqual([stop?.started, stop?.unprocessed, stop?.remainingMs], [3, 3, 500])
  })

  it('processes a FIFO queue batch in order, with a warning that concurrency was ignored', async () => {
    const { guard, logs } = guardWithOutput()
    const fifoArn = 'arn:aws:sqs:us-east-2:123456789012:orders.fifo'
    const held = heldRecords()
    const handler = guard.event(
      { source: 'sqs', schema: 'unvalidated', concurrency: 4 },
      (message, ctx) => held.fn(message.messageId, ctx.requestId),
    )
    const answer = handler(
      recordsEvent(sqs('f-1', {}, fifoArn), sqs('f-2', {}, fifoArn), sqs('f-3', {}, fifoArn)),
    )
    await held.started('f-1')
    await nextTurn()
    assert.deepEqual(held.state.started, ['f-1'])
    held.finish('f-1')
    await held.started('f-2')
    held.fail('f-2')
    // Ordered: the first failure stops the batch, and f-3 goes back unstarted.
    assert.deepEqual(named(await answer), ['f-2', 'f-3'])
    assert.equal(held.state.maxInFlight, 1)
    assert.deepEqual(
      logs('warn').map((line) => [line.message, line.concurrency]),
      [
        ['concurrency ignored: a FIFO queue batch is processed in order', 4],
        ['ordered batch stopped at its first failed record', undefined],
      ],
    )
  })

  it('runs a FIFO batch side by side when ordered: false says order does not matter', async () => {
    const { guard, logs } = guardWithOutput()
    const fifoArn = 'arn:aws:sqs:us-east-2:123456789012:orders.fifo'
    const held = heldRecords()
    const handler = guard.event(
      { source: 'sqs', schema: 'unvalidated', concurrency: 2, ordered: false },
      (message, ctx) => held.fn(message.messageId, ctx.requestId),
    )
    const answer = handler(recordsEvent(sqs('f-1', {}, fifoArn), sqs('f-2', {}, fifoArn)))
    await held.started('f-1', 'f-2')
    held.finish('f-2', 'f-1')
    assert.deepEqual(named(await answer), [])
    assert.equal(held.state.maxInFlight, 2)
    assert.deepEqual(logs(), [])
  })

  it('applies to the records of an SNS or S3 event, which throws once all are done', async () => {
    const sources = [
      ['sns', (id: string) => snsRecord({ messageId: id, message: '{}' })],
      ['s3', (id: string) => s3Record({ key: id, requestId: id })],
    ] as const
    for (const [source, record] of sources) {
      const { guard } = guardWithOutput()
      const held = heldRecords()
      const handler = guard.event({ source, schema: 'unvalidated', concurrency: 2 }, (_, ctx) =>
        held.fn(ctx.requestId, ctx.requestId),
      )
      const answer = handler(recordsEvent(record('r-1'), record('r-2'), record('r-3')))
      await held.started('r-1', 'r-2')
      await nextTurn()
      assert.deepEqual(held.state.started, ['r-1', 'r-2'], source)
      held.fail('r-2')
      await held.started('r-3')
      held.finish('r-1', 'r-3')
      await assert.rejects(
        answer,
        (error: unknown) =>
          error instanceof GuardError &&
          error.message.startsWith(`1 of 3 ${source} records failed`),
      )
      assert.equal(held.state.maxInFlight, 2, source)
      assert.deepEqual(held.state.finished, ['r-2', 'r-1', 'r-3'], source)
    }
  })
})
