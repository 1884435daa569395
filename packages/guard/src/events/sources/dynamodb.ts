import { asString } from '../../adapters/aws-lambda/event-fields.js'
import { malformedRecord } from '../errors.js'
import type { DynamoDbChange } from '../types.js'
import {
  expectSource,
  identifyStreamRecord,
  recordsFrom,
  requiredRecord,
  requiredText,
} from './fields.js'
import type { SourceReader } from './source.js'

const EVENT_NAMES = new Set(['INSERT', 'MODIFY', 'REMOVE'])

/**
 * DynamoDB streams: a batch of item changes, each image present unmarshalled and validated by the
 * schema (an item schema: the same for the image before and after). Failed records are named by
 * `SequenceNumber`; Lambda resumes the shard from the lowest.
 */
export const dynamoDbSource: SourceReader = {
  source: 'dynamodb',
  reportsItemFailures: true,
  records: (event) => recordsFrom(event, 'eventSource', 'aws:dynamodb'),
  identify: (record) => identifyStreamRecord(record, 'dynamodb', 'SequenceNumber'),
  async read(record, payload) {
    expectSource(record, 'eventSource', 'aws:dynamodb')
    const eventName = record.eventName
    if (typeof eventName !== 'string' || !EVENT_NAMES.has(eventName)) {
      throw malformedRecord('eventName', 'is not INSERT, MODIFY or REMOVE')
    }
    const stream = requiredRecord(record, 'dynamodb')
    const sequenceNumber = requiredText(stream, 'SequenceNumber', 'dynamodb')
    const keys = payload.keys('keys', stream.Keys)
    const newImage =
      stream.NewImage === undefined ? undefined : await payload.image('newImage', stream.NewImage)
    const oldImage =
      stream.OldImage === undefined ? undefined : await payload.image('oldImage', stream.OldImage)
    return {
      eventName: eventName as DynamoDbChange['eventName'],
      keys,
      newImage,
      oldImage,
      sequenceNumber,
      eventID: asString(record.eventID),
      eventSourceARN: asString(record.eventSourceARN),
    } satisfies DynamoDbChange<unknown>
  },
}
