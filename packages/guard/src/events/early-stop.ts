import type { LambdaContext } from '../core/context.js'
import { remainingTime } from '../core/pipeline.js'
import type { Logger } from '../log/logger.js'
import type { EventSource } from './types.js'

/** Why a batch stopped early: the time left, and the margin it fell under (a log line's fields). */
export type OutOfTime = {
  readonly remainingMs: number
  readonly stopBeforeMs: number
}

/**
 * Asked before each record of a batch: what is left when it is less than `stopBeforeMs` (the
 * record must not start), `undefined` while there is time. A record started that late would be
 * cut off by Lambda's timeout, and a timed-out invocation answers nothing: the whole batch comes
 * back, the records already done included. Handing back only the records not yet started is
 * cheaper and loses no work. `undefined` when no stop applies: a source without a batch answer,
 * or a context without a clock (a test, a local run).
 *
 * @example
 * const outOfTime = earlyStop(route.stopBeforeMs, lambda)
 * if (outOfTime?.() !== undefined) // hand back this record and the rest
 */
export function earlyStop(
  stopBeforeMs: number | undefined,
  lambda: LambdaContext | undefined,
): (() => OutOfTime | undefined) | undefined {
  if (stopBeforeMs === undefined) return undefined
  const read = remainingTime(lambda)
  if (read === undefined) return undefined
  return () => {
    const remainingMs = read()
    return remainingMs < stopBeforeMs ? { remainingMs, stopBeforeMs } : undefined
  }
}

/**
 * One log line for a batch stopped for want of time: counts and times, never anything from the
 * event (the request id is on the line already). Not an audit event: the catalogue records what
 * someone did or was refused, and running out of time is the function's own capacity, which an
 * operator reads in the log and fixes with the timeout, the batch size or `stopBefore`. Nor an
 * `Errors` metric: the records handed back did not fail and are retried as they are.
 */
export function logEarlyStop(
  log: Logger,
  fields: OutOfTime & {
    readonly source: EventSource
    readonly started: number
    readonly unprocessed: number
  },
): void {
  if (fields.started === 0) {
    // At the first record the time left is the function's timeout, so this batch, and every
    // one after it, would be handed back whole until its records reach the DLQ unprocessed.
    log.error(
      'no record of the batch started: stopBefore is at least the time the invocation had; lower it or raise the function timeout',
      fields,
    )
    return
  }
  log.warn('batch stopped early: too little time left to start another record', fields)
}
