import { asRecord } from '../../adapters/aws-lambda/event-fields.js'
import type { SnsMessage } from '../types.js'
import { expectSource, nonEmptyText, recordsFrom, requiredRecord } from './fields.js'
import { readSnsNotification } from './sns-notification.js'
import type { SourceReader } from './source.js'

/**
 * SNS: one notification per invocation (Lambda is invoked asynchronously), its `Message` the
 * payload. SNS reads no `batchItemFailures`; see the failure semantics in the README.
 */
export const snsSource: SourceReader = {
  source: 'sns',
  reportsItemFailures: false,
  records: (event) => recordsFrom(event, 'EventSource', 'aws:sns'),
  identify(record) {
    const id = nonEmptyText(asRecord(asRecord(record)?.Sns)?.MessageId)
    return { id, itemIdentifier: undefined, ip: undefined, fifo: false }
  },
  async read(record, payload) {
    expectSource(record, 'EventSource', 'aws:sns')
    const notification = readSnsNotification(requiredRecord(record, 'Sns'), 'Sns')
    const body = await payload.text('body', notification.message)
    return {
      body,
      messageId: notification.messageId,
      topicArn: notification.topicArn,
      subject: notification.subject,
      timestamp: notification.timestamp,
      messageAttributes: notification.messageAttributes,
    } satisfies SnsMessage
  },
}
