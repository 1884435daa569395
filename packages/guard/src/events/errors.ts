import { GuardError } from '../core/errors.js'

/** Stable codes of the event handlers' own refusals (input limits and schemas use the HTTP codes). */
export const EventErrorCode = {
  /** A record missing a field its source always sends, or one that does not decode. */
  malformed: 'ERR_EVENT_MALFORMED',
  /** The event is not of the handler's source (an S3 event given to an SQS handler). */
  sourceMismatch: 'ERR_EVENT_SOURCE_MISMATCH',
  /** SNS, S3, EventBridge: a handler threw, so the invocation fails for Lambda to retry. */
  failed: 'ERR_EVENT_FAILED',
} as const

/**
 * A record that cannot be read: names the field, never quotes the value.
 *
 * @example
 * throw malformedRecord('kinesis.data', 'is not base64')
 */
export function malformedRecord(field: string, problem: string): GuardError {
  return new GuardError(EventErrorCode.malformed, 400, `${field} ${problem}`, {
    details: { field },
  })
}
