import type { UnknownRecord } from '../../adapters/aws-lambda/event-fields.js'
import type { CompiledEventRoute } from '../options.js'
import type { PayloadReader } from '../payload.js'
import type { EventSource } from '../types.js'

/** Who a record is, read before anything else so that even a malformed record can be reported. */
export interface RecordIdentity {
  /** `ctx.requestId` and the audit line's `messageId`. */
  readonly id: string | undefined
  /** What `batchItemFailures` names (SQS message id, Kinesis/DynamoDB sequence number). */
  readonly itemIdentifier: string | undefined
  /** The address the source reports for the record, if any (S3 does). */
  readonly ip: string | undefined
  /** The record comes from a FIFO queue, so the batch is processed in order. */
  readonly fifo: boolean
}

/** One event source: how to recognize its events and unwrap each of its records. */
export interface SourceReader {
  readonly source: EventSource
  /** Whether its event source mapping reads `batchItemFailures`. */
  readonly reportsItemFailures: boolean
  /** The event's records when the event is of this source (EventBridge: the event itself). */
  records(event: UnknownRecord): readonly unknown[] | undefined
  identify(record: unknown): RecordIdentity
  /**
   * The record as the handler receives it, its payload through the limits and the schema. Throws
   * a GuardError for a malformed record or a refused payload.
   */
  read(record: UnknownRecord, payload: PayloadReader, route: CompiledEventRoute): Promise<unknown>
}
