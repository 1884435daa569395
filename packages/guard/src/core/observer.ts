import type { Invocation, ObservedRequest } from '../log/invocation.js'
import type { Logger } from '../log/logger.js'

/**
 * What the pipeline reports to: one {@link Invocation} per request (its `ctx.log`, audit lines,
 * security events, the 500 record). The full guard's observability adds redaction of free text,
 * alerts and metrics; the core guard's writes JSON lines with sensitive keys redacted.
 */
export interface Observer {
  /** The guard's own logger (adapter failures, warnings at cold start). */
  readonly log: Logger
  /** The Lambda function name, read once when the guard is created. */
  readonly functionName: string | undefined
  start(request: ObservedRequest, route: string, remainingTimeMs?: () => number): Invocation
}
