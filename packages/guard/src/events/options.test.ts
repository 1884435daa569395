import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { ConfigError } from '../core/errors.js'
import { createGuard } from '../guard.js'
import type { EventOptions } from './types.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }
const guard = createGuard({ logger: silent })
const schema = z.object({ id: z.string() })
const create = (options: unknown, fn: unknown = () => {}) =>
  guard.event(options as EventOptions, fn as never)
const configError = (message: string | RegExp) => (error: unknown) =>
  error instanceof ConfigError &&
  (typeof message === 'string' ? error.message === message : message.test(error.message))

describe('guard.event checks its options at construction', () => {
  it('names an unknown key and the nearest valid one', () => {
    assert.throws(
      () => create({ source: 'sqs', schema, orderd: true }),
      configError('`orderd` is not an option of the event options; did you mean `ordered`?'),
    )
    assert.throws(
      () => create({ source: 'sqs', schmea: schema }),
      configError(/`schmea` is not an option of the event options; did you mean `schema`\?/),
    )
    assert.throws(
      () => create({ source: 'kinesis', schema, stopBefor: '2s' }),
      configError('`stopBefor` is not an option of the event options; did you mean `stopBefore`?'),
    )
    assert.throws(
      () => create({ source: 'sqs', schema, concurency: 4 }),
      configError(
        '`concurency` is not an option of the event options; did you mean `concurrency`?',
      ),
    )
    assert.throws(
      () => create({ source: 'sqs', schema, limits: { maxDepht: 4 } }),
      configError(/did you mean `maxDepth`/),
    )
  })

  it('refuses an unknown source, suggesting the nearest', () => {
    assert.throws(
      () => create({ source: 'sqss', schema }),
      configError(
        '"sqss" is not an event source (sqs, sns, s3, eventbridge, dynamodb, kinesis); did you mean \'sqs\'?',
      ),
    )
    assert.throws(
      () => create({ source: 'dynamo', schema }),
      configError(/did you mean 'dynamodb'/),
    )
    assert.throws(
      () => create({ source: 'http', schema }),
      configError(/"http" is not an event source/),
    )
    assert.throws(() => create({ source: 3, schema }), configError(/3 is not an event source/))
    assert.throws(() => create({ schema }), configError(/must declare `source`/))
  })

  it("requires a schema, or 'unvalidated' said out loud", () => {
    assert.throws(() => create({ source: 'sqs' }), configError(/must declare `schema`/))
    assert.throws(
      () => create({ source: 'sqs', schema: { id: 'string' } }),
      configError(/schema must be a Standard Schema/),
    )
    assert.throws(() => create({ source: 'sqs', schema: 'none' }), configError(/Standard Schema/))
    assert.equal(typeof create({ source: 'sqs', schema: 'unvalidated' }), 'function')
  })

  it('refuses an option where the source has no use for it', () => {
    assert.throws(
      () => create({ source: 's3', schema, format: 'text' }),
      configError('`format` is not an option of s3 events (only of sqs, sns, kinesis)'),
    )
    assert.throws(
      () => create({ source: 'sns', schema, envelope: 'sns' }),
      configError(/`envelope` is not an option of sns events/),
    )
    assert.throws(
      () => create({ source: 'eventbridge', schema, ordered: true }),
      configError(/`ordered` is not an option of eventbridge events/),
    )
    // Only a batch answer can hand records back: there is nothing to stop early for the others.
    for (const source of ['sns', 's3', 'eventbridge']) {
      assert.throws(
        () => create({ source, schema, stopBefore: '2s' }),
        configError(
          `\`stopBefore\` is not an option of ${source} events (only of sqs, kinesis, dynamodb)`,
        ),
      )
    }
    // EventBridge invokes with a single event: there are no records to run side by side.
    assert.throws(
      () => create({ source: 'eventbridge', schema, concurrency: 2 }),
      configError(
        '`concurrency` is not an option of eventbridge events (only of sqs, sns, s3, dynamodb, kinesis)',
      ),
    )
  })

  it('refuses values it cannot read', () => {
    assert.throws(() => create({ source: 'sqs', schema, format: 'xml' }), configError(/format/))
    assert.throws(() => create({ source: 'sqs', schema, envelope: 's3' }), configError(/envelope/))
    assert.throws(
      () => create({ source: 'sqs', schema, envelope: 'eventbridge', format: 'text' }),
      configError(/carries JSON/),
    )
    assert.throws(() => create({ source: 'sqs', schema, ordered: 'yes' }), configError(/ordered/))
    assert.throws(() => create({ source: 'sqs', schema, name: '' }), configError(/name/))
    for (const concurrency of [0, -1, 1.5, 101, '3', Number.NaN, Number.POSITIVE_INFINITY, null]) {
      assert.throws(
        () => create({ source: 'sqs', schema, concurrency }),
        configError(/^concurrency must be an integer from 1 to 100 \(records in flight at once\)/),
      )
    }
    for (const [source, concurrency] of [
      ['sqs', 1],
      ['kinesis', 10],
      ['dynamodb', 100],
      ['sns', 5],
      ['s3', 5],
    ] as const) {
      assert.equal(typeof create({ source, schema, concurrency }), 'function')
    }
    // Side by side is out of order: refused where order was asked for, allowed where it was not.
    assert.throws(
      () => create({ source: 'kinesis', schema, ordered: true, concurrency: 2 }),
      configError(
        /`concurrency` above 1 runs records side by side, out of order: it cannot go with `ordered: true`/,
      ),
    )
    assert.equal(
      typeof create({ source: 'sqs', schema, ordered: true, concurrency: 1 }),
      'function',
    )
    assert.equal(
      typeof create({ source: 'sqs', schema, ordered: false, concurrency: 8 }),
      'function',
    )
    for (const stopBefore of ['soon', '2 seconds', 0, -1, Number.NaN, true]) {
      assert.throws(
        () => create({ source: 'sqs', schema, stopBefore }),
        configError(/^stopBefore must be a duration such as '30s'/),
      )
    }
    assert.throws(
      () => create({ source: 'dynamodb', schema, stopBefore: '15m' }),
      configError(/stopBefore must be shorter than Lambda's longest timeout \(15m\)/),
    )
    for (const stopBefore of ['2s', '500ms', 1500, '14min']) {
      assert.equal(typeof create({ source: 'sqs', schema, stopBefore }), 'function')
    }
    assert.throws(
      () => create({ source: 'sqs', schema, limits: { maxBodyBytes: -1 } }),
      configError(/limits\.maxBodyBytes/),
    )
    assert.throws(() => create(undefined), configError(/event options are required/))
    assert.throws(() => create('sqs'), configError(/must be an object/))
    assert.throws(() => create({ source: 'sqs', schema }, 'handler'), configError(/function/))
  })

  it('types the record from the source and the schema', () => {
    // Compile-time checks: these lines only need to type-check as written.
    guard.event({ source: 'sqs', schema }, (message) => {
      const id: string = message.body.id
      // @ts-expect-error the schema has no `amount`
      message.body.amount
      return id
    })
    guard.event({ source: 'dynamodb', schema }, (change) => change.newImage?.id)
    guard.event({ source: 's3', schema: 'unvalidated' }, (notification) => {
      const key: string = notification.body.key
      return key
    })
    // @ts-expect-error SQS messages carry no `newImage`
    guard.event({ source: 'sqs', schema }, (message) => message.newImage)
  })
})
