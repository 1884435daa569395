import { asRecord, asString, type UnknownRecord } from '../../adapters/aws-lambda/event-fields.js'
import { ErrorCode, GuardError } from '../../core/errors.js'
import { parseJson } from '../../input/body.js'
import { malformedRecord } from '../errors.js'
import type { PayloadReader } from '../payload.js'
import type { EventBridgeMetadata, SnsNotification, SqsMessage } from '../types.js'
import { readEventBridgeEvent } from './eventbridge.js'
import { expectSource, nonEmptyText, recordsFrom, requiredText, stringMap } from './fields.js'
import { isSnsNotification, readSnsNotification, snsMetadata } from './sns-notification.js'
import type { SourceReader } from './source.js'

/**
 * SQS: a batch of messages, each body the payload, or the payload inside the SNS notification or
 * EventBridge event the body carries (`envelope`). Failed messages are named by `messageId`.
 */
export const sqsSource: SourceReader = {
  source: 'sqs',
  reportsItemFailures: true,
  records: (event) => recordsFrom(event, 'eventSource', 'aws:sqs'),
  identify(record) {
    const fields = asRecord(record)
    const messageId = nonEmptyText(fields?.messageId)
    return {
      id: messageId,
      itemIdentifier: messageId,
      ip: undefined,
      fifo: asString(fields?.eventSourceARN)?.endsWith('.fifo') === true,
    }
  },
  async read(record, payload, route) {
    expectSource(record, 'eventSource', 'aws:sqs')
    const messageId = requiredText(record, 'messageId')
    const text = requiredText(record, 'body')
    if (route.envelope === 'sns') {
      const notification = readSnsNotification(parseJson(text), 'body')
      const body = await payload.text('body', notification.message)
      return sqsMessage(record, messageId, body, snsMetadata(notification), undefined)
    }
    if (route.envelope === 'eventbridge') {
      // The envelope is bounded by SQS's message size; the limits apply to the payload inside.
      const event = asRecord(parseJson(text))
      if (event === undefined) throw malformedRecord('body', 'is not an EventBridge event')
      const { metadata, detail } = readEventBridgeEvent(event, 'body')
      const body = await payload.parsed('body', detail)
      return sqsMessage(record, messageId, body, undefined, metadata)
    }
    const body = await withEnvelopeHint(payload, text)
    return sqsMessage(record, messageId, body, undefined, undefined)
  },
}

// Records are built as literals: on Node 20, `{ ...fields, body }` costs some 100 times more,
// once per record.
function sqsMessage(
  record: UnknownRecord,
  messageId: string,
  body: unknown,
  sns: SnsNotification | undefined,
  eventBridge: EventBridgeMetadata | undefined,
): SqsMessage {
  return {
    body,
    messageId,
    eventSourceARN: asString(record.eventSourceARN),
    attributes: stringMap(record.attributes),
    messageAttributes: asRecord(record.messageAttributes) ?? {},
    sns,
    eventBridge,
  }
}

/**
 * A queue subscribed to a topic without raw message delivery receives SNS notifications; the
 * schema would refuse each one with a puzzling issue, so a refusal says what to change instead.
 */
async function withEnvelopeHint(payload: PayloadReader, text: string): Promise<unknown> {
  try {
    return await payload.text('body', text)
  } catch (error) {
    if (!(error instanceof GuardError) || error.code !== ErrorCode.validation) throw error
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw error
    }
    if (!isSnsNotification(parsed)) throw error
    throw malformedRecord(
      'body',
      "is an SNS notification: set `envelope: 'sns'` (or turn on raw message delivery)",
    )
  }
}
