import { asRecord, asString } from '../../adapters/aws-lambda/event-fields.js'
import { malformedRecord } from '../errors.js'
import type { S3Object, S3ObjectEvent } from '../types.js'
import { expectSource, nonEmptyText, recordsFrom, requiredRecord, requiredText } from './fields.js'
import type { SourceReader } from './source.js'

/**
 * S3 event notifications (asynchronous invocation): each record names one object, its key
 * URL-decoded; the object description is the payload the schema validates.
 */
export const s3Source: SourceReader = {
  source: 's3',
  reportsItemFailures: false,
  records: (event) => recordsFrom(event, 'eventSource', 'aws:s3'),
  identify(record) {
    const fields = asRecord(record)
    const requestId = nonEmptyText(asRecord(fields?.responseElements)?.['x-amz-request-id'])
    const sequencer = nonEmptyText(asRecord(asRecord(fields?.s3)?.object)?.sequencer)
    return {
      id: requestId ?? sequencer,
      itemIdentifier: undefined,
      ip: nonEmptyText(asRecord(fields?.requestParameters)?.sourceIPAddress),
      fifo: false,
    }
  },
  async read(record, payload) {
    expectSource(record, 'eventSource', 'aws:s3')
    const s3 = requiredRecord(record, 's3')
    const bucket = requiredRecord(s3, 'bucket', 's3')
    const object = requiredRecord(s3, 'object', 's3')
    const described: S3Object = {
      bucket: requiredText(bucket, 'name', 's3.bucket'),
      key: decodeObjectKey(requiredText(object, 'key', 's3.object')),
      size: typeof object.size === 'number' ? object.size : undefined,
      eTag: asString(object.eTag),
      versionId: asString(object.versionId),
      sequencer: asString(object.sequencer),
    }
    const body = await payload.parsed('body', described)
    return {
      body,
      eventName: requiredText(record, 'eventName'),
      eventTime: asString(record.eventTime),
      awsRegion: asString(record.awsRegion),
      sourceIp: nonEmptyText(asRecord(record.requestParameters)?.sourceIPAddress),
    } satisfies S3ObjectEvent<unknown>
  },
}

/**
 * S3 sends object keys form-encoded (`my+photo%281%29.jpg`): `+` is a space, then percent-decoding.
 * A key that does not decode did not come from S3, and is refused rather than used as sent.
 *
 * @example
 * decodeObjectKey('my+photo%281%29.jpg') // 'my photo(1).jpg'
 */
export function decodeObjectKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '))
  } catch {
    throw malformedRecord('s3.object.key', 'is not URL-encoded')
  }
}
