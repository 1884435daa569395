// Event records arrive as JSON from whatever invoked the function, and a record that is missing
// a field its source always sends is refused by name, never read as `undefined` further on.
import { asRecord, asString, type UnknownRecord } from '../../adapters/aws-lambda/event-fields.js'
import { malformedRecord } from '../errors.js'

/**
 * The event's `Records` when at least one is marked as coming from `source` (`eventSource:
 * 'aws:sqs'`); each record is then checked on its own, so one forged record refuses only itself.
 */
export function recordsFrom(
  event: UnknownRecord,
  key: string,
  source: string,
): readonly unknown[] | undefined {
  const records = event.Records
  if (!Array.isArray(records)) return undefined
  return records.some((record) => asRecord(record)?.[key] === source) ? records : undefined
}

export function expectSource(record: UnknownRecord, key: string, source: string): void {
  if (record[key] !== source) throw malformedRecord(key, `is not ${source}`)
}

/** A non-empty string field, or a refusal naming it. */
export function requiredText(record: UnknownRecord, key: string, parent?: string): string {
  const value = nonEmptyText(record[key])
  if (value === undefined) throw malformedRecord(fieldName(key, parent), 'is missing')
  return value
}

/** A string field that may be empty (Kinesis data), or a refusal naming it. */
export function presentText(record: UnknownRecord, key: string, parent?: string): string {
  const value = asString(record[key])
  if (value === undefined) throw malformedRecord(fieldName(key, parent), 'is missing')
  return value
}

export function requiredRecord(record: UnknownRecord, key: string, parent?: string): UnknownRecord {
  const value = asRecord(record[key])
  if (value === undefined) throw malformedRecord(fieldName(key, parent), 'is missing')
  return value
}

/**
 * A stream record (Kinesis, DynamoDB) is named in a batch failure by its sequence number, found
 * under its source's own key (`kinesis.sequenceNumber`, `dynamodb.SequenceNumber`).
 */
export function identifyStreamRecord(record: unknown, sourceKey: string, sequenceKey: string) {
  const fields = asRecord(record)
  const sequenceNumber = nonEmptyText(asRecord(fields?.[sourceKey])?.[sequenceKey])
  return {
    id: nonEmptyText(fields?.eventID) ?? sequenceNumber,
    itemIdentifier: sequenceNumber,
    ip: undefined,
    fifo: false,
  }
}

export function nonEmptyText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** String values only (SQS attributes): anything else is dropped. */
export function stringMap(value: unknown): Readonly<Record<string, string>> {
  const map: Record<string, string> = {}
  const record = asRecord(value)
  if (record === undefined) return map
  for (const key of Object.keys(record)) {
    const text = record[key]
    if (typeof text === 'string' && key !== '__proto__') map[key] = text
  }
  return map
}

export function stringList(value: unknown): readonly string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : []
}

function fieldName(key: string, parent: string | undefined): string {
  return parent === undefined ? key : `${parent}.${key}`
}
