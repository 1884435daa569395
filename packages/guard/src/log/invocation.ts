import type { Alerts } from './alerts/alerts.js'
import type { AuditContext, AuditLog } from './audit.js'
import type { AuditEvents, AuditEventType } from './audit-events.js'
import { type FailedRequest, reportUnhandledError } from './error-report.js'
import type { Logger } from './logger.js'
import { type InvocationMetrics, metricForEvent } from './metrics.js'
import type { Redactor } from './redact/redactor.js'
import { requestSecrets } from './request-secrets.js'

/** What the pipeline knows about a request when it starts observing it. */
export interface ObservedRequest {
  readonly requestId: string
  /** The caller's address; none for most non-HTTP events (an SQS message has no client). */
  readonly ip: string | undefined
  readonly headers: Readonly<Record<string, string>>
  /** Read only when something is logged. */
  readonly query: Readonly<Record<string, string>>
  /** The parsed body once input has been read. */
  readonly body: unknown
}

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
export interface InvocationParts {
  readonly log: Logger
  readonly redactor: Redactor
  readonly audit: AuditLog
  readonly alerts: Alerts
}

/**
 * One invocation. A class, not closures: it is created for every request, and what a request
 * does not use (its logger, its audit context, its credentials) is built only when first needed.
 */
export class ObservedInvocation implements Invocation {
  readonly #parts: InvocationParts
  readonly #request: ObservedRequest
  readonly #route: string
  readonly #coldStart: boolean
  readonly #metrics: InvocationMetrics | undefined
  readonly #started: number
  readonly #remainingTimeMs: (() => number) | undefined
  #actor: string | undefined
  #log: Logger | undefined
  #auditContext: AuditContext | undefined
  #secrets: readonly string[] | undefined
  #secretsIncludeBody = false

  constructor(
    parts: InvocationParts,
    request: ObservedRequest,
    route: string,
    coldStart: boolean,
    metrics: InvocationMetrics | undefined,
    remainingTimeMs: (() => number) | undefined,
  ) {
    this.#parts = parts
    this.#request = request
    this.#route = route
    this.#coldStart = coldStart
    this.#metrics = metrics
    this.#started = metrics === undefined ? 0 : performance.now()
    this.#remainingTimeMs = remainingTimeMs
  }

  get log(): Logger {
    this.#log ??= this.#parts.log.child(
      { requestId: this.#request.requestId, route: this.#route, coldStart: this.#coldStart },
      { secrets: () => this.#requestSecrets() },
    )
    return this.#log
  }

  audit<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    this.#auditContext ??= {
      requestId: this.#request.requestId,
      ip: this.#request.ip,
      actor: this.#actor,
      secrets: () => this.#requestSecrets(),
    }
    this.#parts.audit.emit(type, fields, this.#auditContext)
    const metric = metricForEvent(type)
    if (metric !== undefined) this.#metrics?.add(metric)
  }

  security<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    this.audit(type, fields)
  }

  setActor(userId: string | undefined): void {
    this.#actor = userId
    this.#auditContext = undefined
  }

  async failed(
    error: unknown,
    request: Omit<FailedRequest, 'requestId' | 'coldStart' | 'remainingTimeMs'>,
  ): Promise<void> {
    const report = reportUnhandledError(
      error,
      {
        ...request,
        requestId: this.#request.requestId,
        coldStart: this.#coldStart,
        remainingTimeMs: this.#remainingTimeMs?.(),
      },
      this.#parts.redactor,
    )
    this.#parts.log.error('request failed', report.record)
    await this.#parts.alerts.notify(report.alert)
  }

  finish(status: number): void {
    const metrics = this.#metrics
    if (metrics === undefined) return
    if (status >= 500) metrics.add('Errors')
    metrics.finish(performance.now() - this.#started)
  }

  /**
   * The request's credentials, found on the first line written and again once the body has been
   * parsed: they are redacted wherever this invocation's lines mention them.
   */
  #requestSecrets(): readonly string[] {
    const hasBody = this.#request.body !== undefined
    if (this.#secrets === undefined || (!this.#secretsIncludeBody && hasBody)) {
      this.#secretsIncludeBody = hasBody
      this.#secrets = requestSecrets(this.#request, this.#parts.redactor.isSensitiveKey)
    }
    return this.#secrets
  }
}
