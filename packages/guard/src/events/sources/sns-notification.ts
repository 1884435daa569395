import { asRecord, asString } from '../../adapters/aws-lambda/event-fields.js'
import { malformedRecord } from '../errors.js'
import type { SnsNotification } from '../types.js'
import { presentText, requiredText } from './fields.js'

/** An SNS notification and its message, still text. */
export interface SnsNotificationParts extends SnsNotification {
  readonly message: string
}

/**
 * Reads an SNS notification: the `Sns` object of an SNS record, or an SQS body delivered by a
 * topic subscription without raw message delivery. Both carry the same fields.
 *
 * @example
 * readSnsNotification(JSON.parse(sqsRecord.body), 'body').message
 */
export function readSnsNotification(value: unknown, root: string): SnsNotificationParts {
  const notification = asRecord(value)
  if (notification === undefined) throw malformedRecord(root, 'is not an SNS notification')
  if (notification.Type !== 'Notification') {
    throw malformedRecord(`${root}.Type`, "is not 'Notification'")
  }
  return {
    messageId: requiredText(notification, 'MessageId', root),
    topicArn: requiredText(notification, 'TopicArn', root),
    message: presentText(notification, 'Message', root),
    // SNS sends `null` for a notification published without a subject.
    subject: asString(notification.Subject),
    timestamp: asString(notification.Timestamp),
    messageAttributes: asRecord(notification.MessageAttributes) ?? {},
  }
}

/** The notification without its message, as handlers see it beside the payload. */
export function snsMetadata(notification: SnsNotificationParts): SnsNotification {
  return {
    messageId: notification.messageId,
    topicArn: notification.topicArn,
    subject: notification.subject,
    timestamp: notification.timestamp,
    messageAttributes: notification.messageAttributes,
  }
}

/** True for a value shaped like an SNS notification (for the hint about `envelope: 'sns'`). */
export function isSnsNotification(value: unknown): boolean {
  const record = asRecord(value)
  return (
    record?.Type === 'Notification' &&
    typeof record.TopicArn === 'string' &&
    typeof record.Message === 'string'
  )
}
