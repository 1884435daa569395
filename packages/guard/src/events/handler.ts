import { asRecord } from '../adapters/aws-lambda/event-fields.js'
import type { LambdaContext } from '../core/context.js'
import { ConfigError, GuardError } from '../core/errors.js'
import { inputField, remainingTime } from '../core/pipeline.js'
import type { AuditFunction } from '../log/audit.js'
import type { Logger } from '../log/logger.js'
import type {
  BatchInvocation,
  Invocation,
  Observability,
  ObservedRequest,
} from '../log/observability.js'
import { earlyStop, logEarlyStop } from './early-stop.js'
import { EventErrorCode, malformedRecord } from './errors.js'
import type { CompiledEventRoute } from './options.js'
import { PayloadReader } from './payload.js'
import { nonEmptyText } from './sources/fields.js'
import {
  detectEventSource,
  type RecordIdentity,
  SOURCE_READERS,
  type SourceReader,
} from './sources/index.js'
import type { BatchResponse, EventContext, EventSource } from './types.js'

/** A handler of one record, whatever its source (typed per source in `guard.event`). */
export type EventRecordHandler = (record: never, ctx: EventContext) => unknown

/** What `guard.event` returns, before typing by source. */
export type EventLambda = (
  event: unknown,
  context?: LambdaContext,
) => Promise<BatchResponse | undefined>

/** How one record ended: handled, refused as input (a security event), or failed in the handler. */
type Outcome = 'processed' | 'rejected' | 'failed'

const NOTHING: Readonly<Record<string, string>> = Object.freeze({})

/**
 * The Lambda handler for one event source. Each record is read, checked and validated on its
 * own and handed to `fn` with a context of its own; a record that is refused or whose handler
 * throws fails alone. Nothing escapes for a batch source (SQS, Kinesis, DynamoDB): the answer is
 * always `{ batchItemFailures }` naming only ids of the event. SNS, S3 and EventBridge read no
 * such answer, so a handler failure there throws (Lambda retries, then the DLQ or on-failure
 * destination gets the event), while refused input is recorded and dropped: no retry makes it
 * valid. A batch source starts no record with less than `stopBefore` left: that record and the
 * rest are named as failed, so only they are retried, not the whole batch after a timeout.
 * With `concurrency` above 1, up to that many records are in flight at once, started in record
 * order; the answer still names failures in record order.
 *
 * @example
 * const handler = createEventHandler(compileEventRoute({ source: 'sqs', schema }, limits), fn, observe)
 */
export function createEventHandler(
  route: CompiledEventRoute,
  fn: EventRecordHandler,
  observe: Observability,
): EventLambda {
  if (typeof fn !== 'function') throw new ConfigError('the event handler must be a function')
  const reader = SOURCE_READERS[route.source]
  const payload = new PayloadReader(route)
  const routeName = route.name ?? observe.functionName ?? `${route.source} events`
  const answer = (failures: Iterable<string>): BatchResponse | undefined =>
    reader.reportsItemFailures
      ? { batchItemFailures: Array.from(failures, (itemIdentifier) => ({ itemIdentifier })) }
      : undefined

  async function processRecord(
    batch: BatchInvocation,
    batchRequestId: string,
    raw: unknown,
    identity: RecordIdentity,
    index: number,
    lambda: LambdaContext | undefined,
  ): Promise<Outcome> {
    const requestId = identity.id ?? `${batchRequestId}#${index}`
    // The record joins the request once read, so the credentials in its payload are redacted
    // from everything logged about it.
    const request: ObservedRequest & { body: unknown } = {
      requestId,
      ip: identity.ip,
      headers: NOTHING,
      query: NOTHING,
      body: undefined,
    }
    const observed = batch.record(request)
    let status = 200
    try {
      let record: unknown
      try {
        const fields = asRecord(raw)
        if (fields === undefined) throw malformedRecord('record', 'is not an object')
        record = await reader.read(fields, payload, route)
      } catch (error) {
        // Anything but a refusal of input (a schema that throws) is a failure, logged in full.
        if (!(error instanceof GuardError) || !error.expose) throw error
        status = 400
        rejectRecord(observed, route.source, error, identity)
        return 'rejected'
      }
      request.body = record
      await fn(record as never, new RecordContext(observed, requestId, route.source, lambda))
      return 'processed'
    } catch (error) {
      status = 500
      await observed.failed(error, { status, route: routeName, body: request.body })
      return 'failed'
    } finally {
      observed.finish(status)
    }
  }

  async function processBatch(
    batch: BatchInvocation,
    batchRequestId: string,
    records: readonly unknown[],
    lambda: LambdaContext | undefined,
  ): Promise<{ readonly itemFailures: Set<string>; readonly failed: number }> {
    // Array.from, not map: map skips the holes of a sparse array, and a forged event may have some.
    const identities = Array.from(records, (record) => reader.identify(record))
    const ordered = route.ordered ?? identities.some((identity) => identity.fifo)
    let concurrency = route.concurrency
    if (ordered && concurrency > 1) {
      // Only a FIFO queue gets here (`ordered: true` is refused with it at construction), and
      // only now is it known: the order its groups promise wins over the option.
      concurrency = 1
      batch.log.warn('concurrency ignored: a FIFO queue batch is processed in order', {
        source: route.source,
        concurrency: route.concurrency,
      })
    }
    // Indexed by record: undefined until the record starts, so the answer is in record order
    // however the records in flight finish.
    const outcomes: (Outcome | undefined)[] = new Array(records.length)
    const outOfTime = earlyStop(route.stopBeforeMs, lambda)
    let next = 0
    let stopped = false
    // Each lane takes the next record when its last one is done, so records start in order and
    // at most `concurrency` are in flight; with one lane this is the plain loop, one at a time.
    const lane = async () => {
      while (!stopped && next < records.length) {
        const i = next
        const stop = outOfTime?.()
        if (stop !== undefined) {
          // Checked before a record is read: a record that never started is handed back unread.
          // Records in flight in other lanes finish; none starts after this.
          stopped = true
          logEarlyStop(batch.log, {
            source: route.source,
            started: i,
            unprocessed: records.length - i,
            ...stop,
          })
          return
        }
        next++
        const identity = identities[i] as RecordIdentity
        const outcome = await processRecord(batch, batchRequestId, records[i], identity, i, lambda)
        outcomes[i] = outcome
        if (outcome !== 'processed' && ordered && i + 1 < records.length) {
          // What AWS prescribes for FIFO queues and ordered streams: nothing after a failure is
          // processed before it, so it and everything after it go back.
          stopped = true
          batch.log.warn('ordered batch stopped at its first failed record', {
            source: route.source,
            failedRecord: identity.id ?? null,
            unprocessed: records.length - i - 1,
          })
        }
      }
    }
    const lanes = Array.from({ length: Math.min(concurrency, records.length) }, lane)
    // Settled, not Promise.all: a fault of the guard in one lane must not answer the batch while
    // records of the others are still running.
    const fault = (await Promise.allSettled(lanes)).find((lane) => lane.status === 'rejected')
    if (fault !== undefined) throw fault.reason
    const itemFailures = new Set<string>()
    let failed = 0
    for (let i = 0; i < records.length; i++) {
      const outcome = outcomes[i]
      if (outcome === 'processed') continue
      if (outcome === 'failed') failed++
      const id = (identities[i] as RecordIdentity).itemIdentifier
      if (id !== undefined) itemFailures.add(id)
    }
    return { itemFailures, failed }
  }

  return async function bulwarkEventHandler(event, lambda) {
    const requestId = nonEmptyText(lambda?.awsRequestId) ?? crypto.randomUUID()
    const batch = observe.startBatch(
      { requestId, ip: undefined, headers: NOTHING, query: NOTHING, body: undefined },
      routeName,
      remainingTime(lambda),
    )
    let status = 200
    let failed = 0
    let total = 0
    try {
      const fields = asRecord(event)
      const records = fields === undefined ? undefined : reader.records(fields)
      if (records === undefined) {
        status = 400
        return refuseMismatch(batch, route.source, event) ?? answer([])
      }
      total = records.length
      const result = await processBatch(batch, requestId, records, lambda)
      failed = result.failed
      if (reader.reportsItemFailures || failed === 0) return answer(result.itemFailures)
    } catch (error) {
      // A fault of the guard itself: no record is known to be done, so every one is retried.
      status = 500
      await batch.failed(error, { status, route: routeName })
      if (reader.reportsItemFailures) return answer(everyItemIdentifier(reader, event))
      failed = Math.max(failed, 1)
    } finally {
      batch.finish(status)
    }
    // The error says how many and where to look, never what: Lambda logs it as it is.
    const what =
      total === 0 ? `the ${route.source} event` : `${failed} of ${total} ${route.source} records`
    throw new GuardError(
      EventErrorCode.failed,
      500,
      `${what} failed; see the log lines of request ${requestId}`,
    )
  }
}

/** `ctx` for one record: its own id on every log and audit line. */
class RecordContext implements EventContext {
  readonly requestId: string
  readonly source: EventSource
  readonly lambda: LambdaContext | undefined
  readonly audit: AuditFunction
  readonly #observed: Invocation

  constructor(
    observed: Invocation,
    requestId: string,
    source: EventSource,
    lambda: LambdaContext | undefined,
  ) {
    this.#observed = observed
    this.requestId = requestId
    this.source = source
    this.lambda = lambda
    this.audit = (type, fields) => observed.audit(type, fields)
  }

  /** Built on first use: most records are never logged about. */
  get log(): Logger {
    return this.#observed.log
  }
}

/** One audit line and one warning per refused record: the field and the code, never the value. */
function rejectRecord(
  observed: Invocation,
  source: EventSource,
  error: GuardError,
  identity: RecordIdentity,
): void {
  const field = inputField(error.details)
  const issues = error.details?.issues
  observed.log.warn('event record rejected', {
    source,
    code: error.code,
    reason: error.message,
    ...(field === undefined ? {} : { field }),
    ...(issues === undefined ? {} : { issues }),
  })
  observed.security('security.event.rejected', {
    source,
    code: error.code,
    ...(field === undefined ? {} : { field }),
    ...(identity.id === undefined ? {} : { messageId: identity.id }),
  })
}

/**
 * An event of another source (an S3 event given to an SQS handler): refused whole, and said so
 * in the log. Records of a batch source are answered as failed, in that source's own ids: its
 * event source mapping reads the answer, and acknowledging them would delete them unprocessed;
 * this way they are retried and end in its DLQ, where the misconfiguration shows.
 */
function refuseMismatch(
  batch: BatchInvocation,
  source: EventSource,
  event: unknown,
): BatchResponse | undefined {
  const received = detectEventSource(event)
  const owner = received === 'http' || received === 'unknown' ? undefined : SOURCE_READERS[received]
  const returned = owner?.reportsItemFailures ? everyItemIdentifier(owner, event) : undefined
  batch.log.error(`event source mismatch: this handler reads ${source} events`, {
    code: EventErrorCode.sourceMismatch,
    expected: source,
    received,
    ...(returned === undefined ? {} : { returnedAsFailed: returned.size }),
  })
  batch.security('security.event.rejected', { source, code: EventErrorCode.sourceMismatch })
  if (returned === undefined) return undefined
  return { batchItemFailures: Array.from(returned, (itemIdentifier) => ({ itemIdentifier })) }
}

function everyItemIdentifier(reader: SourceReader, event: unknown): Set<string> {
  const records = asRecord(event)?.Records
  const ids = new Set<string>()
  if (!Array.isArray(records)) return ids
  for (const record of records) {
    const id = reader.identify(record).itemIdentifier
    if (id !== undefined) ids.add(id)
  }
  return ids
}
