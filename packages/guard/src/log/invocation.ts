import type { Alerts } from './alerts/alerts.js'
import type { AuditEvents, AuditEventType } from './audit-events.js'
import { type FailedRequest, reportUnhandledError } from './error-report.js'
import type { Logger } from './logger.js'
import { type InvocationMetrics, metricForEvent } from './metrics.js'
import {
  type ObservationParts,
  type ObservedRequest,
  RequestObservation,
} from './request-observation.js'

export type { ObservedRequest } from './request-observation.js'

/** Observability for one invocation: `ctx.log`, `ctx.audit`, security events, errors, metrics. */
export interface Invocation {
  /** Created on first use: most requests log nothing. */
  readonly log: Logger
  audit<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void
  /** Sets the actor of later audit events, once authentication knows the caller. */
  setActor(userId: string | undefined): void
  /** An event the pipeline itself raises (auth.denied, security.*). */
  security<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void
  /** The 500 path: the full record to the log, a summary to the alert sinks (bounded wait). */
  failed(
    error: unknown,
    request: Omit<FailedRequest, 'requestId' | 'coldStart' | 'remainingTimeMs'>,
  ): Promise<void>
  /** Writes the invocation's metrics line. */
  finish(status: number): void
}

/** What every invocation of one guard shares. */
export interface InvocationParts extends ObservationParts {
  readonly alerts: Alerts
}

/** One invocation of the full guard: its observation, the 500 record with alerts, and metrics. */
export class ObservedInvocation extends RequestObservation implements Invocation {
  readonly #alerts: Alerts
  readonly #metrics: InvocationMetrics | undefined
  readonly #started: number
  readonly #remainingTimeMs: (() => number) | undefined

  constructor(
    parts: InvocationParts,
    request: ObservedRequest,
    route: string,
    coldStart: boolean,
    metrics: InvocationMetrics | undefined,
    remainingTimeMs: (() => number) | undefined,
  ) {
    super(parts, request, route, coldStart)
    this.#alerts = parts.alerts
    this.#metrics = metrics
    this.#started = metrics === undefined ? 0 : performance.now()
    this.#remainingTimeMs = remainingTimeMs
  }

  override audit<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    super.audit(type, fields)
    const metric = metricForEvent(type)
    if (metric !== undefined) this.#metrics?.add(metric)
  }

  async failed(
    error: unknown,
    request: Omit<FailedRequest, 'requestId' | 'coldStart' | 'remainingTimeMs'>,
  ): Promise<void> {
    const report = reportUnhandledError(
      error,
      {
        ...request,
        requestId: this.request.requestId,
        coldStart: this.coldStart,
        remainingTimeMs: this.#remainingTimeMs?.(),
      },
      this.parts.redactor,
    )
    this.parts.log.error('request failed', report.record)
    await this.#alerts.notify(report.alert)
  }

  finish(status: number): void {
    const metrics = this.#metrics
    if (metrics === undefined) return
    if (status >= 500) metrics.add('Errors')
    metrics.finish(performance.now() - this.#started)
  }
}
