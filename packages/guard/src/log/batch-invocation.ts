import {
  type Invocation,
  type InvocationParts,
  ObservedInvocation,
  type ObservedRequest,
} from './invocation.js'
import type { InvocationMetrics } from './metrics.js'

/**
 * One Lambda invocation that carries a batch of event records (SQS, Kinesis, …). The batch is an
 * invocation of its own (the Lambda request id, one metrics line for the whole batch); each record
 * is another, with its message id on every log and audit line and its own error report.
 */
export interface BatchInvocation extends Invocation {
  /**
   * Starts observing one record. Its `finish(status)` writes no line: a failed record (status
   * 500 and above) adds to the batch's `Errors`, and the batch's `finish` writes the line.
   */
  record(request: ObservedRequest): Invocation
}

export class ObservedBatch extends ObservedInvocation implements BatchInvocation {
  readonly #parts: InvocationParts
  readonly #route: string
  readonly #coldStart: boolean
  readonly #recordMetrics: InvocationMetrics | undefined
  readonly #remainingTimeMs: (() => number) | undefined

  constructor(
    parts: InvocationParts,
    request: ObservedRequest,
    route: string,
    coldStart: boolean,
    metrics: InvocationMetrics | undefined,
    remainingTimeMs: (() => number) | undefined,
  ) {
    super(parts, request, route, coldStart, metrics, remainingTimeMs)
    this.#parts = parts
    this.#route = route
    this.#coldStart = coldStart
    this.#remainingTimeMs = remainingTimeMs
    // One EMF line per record would multiply CloudWatch's bill by the batch size.
    this.#recordMetrics =
      metrics === undefined
        ? undefined
        : { add: (name, value) => metrics.add(name, value), finish: () => {} }
  }

  record(request: ObservedRequest): Invocation {
    return new ObservedInvocation(
      this.#parts,
      request,
      this.#route,
      this.#coldStart,
      this.#recordMetrics,
      this.#remainingTimeMs,
    )
  }
}
