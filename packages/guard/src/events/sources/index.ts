import { asRecord, type UnknownRecord } from '../../adapters/aws-lambda/event-fields.js'
import type { EventSource } from '../types.js'
import { dynamoDbSource } from './dynamodb.js'
import { eventBridgeSource } from './eventbridge.js'
import { kinesisSource } from './kinesis.js'
import { s3Source } from './s3.js'
import { snsSource } from './sns.js'
import type { SourceReader } from './source.js'
import { sqsSource } from './sqs.js'

export type { RecordIdentity, SourceReader } from './source.js'

export const SOURCE_READERS: Readonly<Record<EventSource, SourceReader>> = {
  sqs: sqsSource,
  sns: snsSource,
  s3: s3Source,
  eventbridge: eventBridgeSource,
  dynamodb: dynamoDbSource,
  kinesis: kinesisSource,
}

/**
 * What an event is, for the log line about an event given to the wrong handler: an event source,
 * `'http'` for API Gateway, Function URL and ALB events, or `'unknown'`.
 *
 * @example
 * detectEventSource({ Records: [{ eventSource: 'aws:s3' }] }) // 's3'
 */
export function detectEventSource(event: unknown): EventSource | 'http' | 'unknown' {
  const record = asRecord(event)
  if (record === undefined) return 'unknown'
  for (const reader of Object.values(SOURCE_READERS)) {
    if (reader.records(record) !== undefined) return reader.source
  }
  return isHttpEvent(record) ? 'http' : 'unknown'
}

function isHttpEvent(event: UnknownRecord): boolean {
  return typeof event.httpMethod === 'string' || asRecord(event.requestContext)?.http !== undefined
}
