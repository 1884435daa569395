import { asString } from '../../adapters/aws-lambda/event-fields.js'
import { decodeBase64 } from '../base64.js'
import { malformedRecord } from '../errors.js'
import type { KinesisStreamRecord } from '../types.js'
import {
  expectSource,
  identifyStreamRecord,
  presentText,
  recordsFrom,
  requiredRecord,
  requiredText,
} from './fields.js'
import type { SourceReader } from './source.js'

/**
 * Kinesis data streams: a batch of records, each `data` base64 (decoded, then read as the format
 * says). Failed records are named by sequence number; Lambda resumes the shard from the lowest.
 */
export const kinesisSource: SourceReader = {
  source: 'kinesis',
  reportsItemFailures: true,
  records: (event) => recordsFrom(event, 'eventSource', 'aws:kinesis'),
  identify: (record) => identifyStreamRecord(record, 'kinesis', 'sequenceNumber'),
  async read(record, payload) {
    expectSource(record, 'eventSource', 'aws:kinesis')
    const kinesis = requiredRecord(record, 'kinesis')
    const sequenceNumber = requiredText(kinesis, 'sequenceNumber', 'kinesis')
    const bytes = decodeBase64(presentText(kinesis, 'data', 'kinesis'))
    if (bytes === undefined) throw malformedRecord('kinesis.data', 'is not base64')
    const body = await payload.bytes('body', 'kinesis.data', bytes)
    const arrival = kinesis.approximateArrivalTimestamp
    return {
      body,
      sequenceNumber,
      partitionKey: asString(kinesis.partitionKey),
      eventID: asString(record.eventID),
      eventSourceARN: asString(record.eventSourceARN),
      approximateArrivalTimestamp: typeof arrival === 'number' ? arrival : undefined,
    } satisfies KinesisStreamRecord
  },
}
