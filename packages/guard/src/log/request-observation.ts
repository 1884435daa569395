import type { AuditContext, AuditLog } from './audit.js'
import type { AuditEvents, AuditEventType } from './audit-events.js'
import type { Logger } from './logger.js'
import type { Redactor } from './redact/redactor.js'
import { requestSecrets } from './request-secrets.js'

/** What the observations of one guard's requests share. */
export interface ObservationParts {
  readonly log: Logger
  readonly redactor: Redactor
  readonly audit: AuditLog
}

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

/**
 * `ctx.log` and `ctx.audit` for one request, the request's own credentials redacted from both:
 * the part of an invocation the core guard and the full one have in common. A class, not
 * closures: one is made for every request, and what a request does not use (its logger, its
 * audit context, its credentials) is built only when first needed.
 */
export class RequestObservation {
  protected readonly parts: ObservationParts
  protected readonly request: ObservedRequest
  protected readonly route: string
  protected readonly coldStart: boolean
  #actor: string | undefined
  #log: Logger | undefined
  #auditContext: AuditContext | undefined
  #secrets: readonly string[] | undefined
  #secretsIncludeBody = false

  constructor(
    parts: ObservationParts,
    request: ObservedRequest,
    route: string,
    coldStart: boolean,
  ) {
    this.parts = parts
    this.request = request
    this.route = route
    this.coldStart = coldStart
  }

  get log(): Logger {
    this.#log ??= this.parts.log.child(
      { requestId: this.request.requestId, route: this.route, coldStart: this.coldStart },
      { secrets: () => this.#requestSecrets() },
    )
    return this.#log
  }

  audit<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    this.#auditContext ??= {
      requestId: this.request.requestId,
      ip: this.request.ip,
      actor: this.#actor,
      secrets: () => this.#requestSecrets(),
    }
    this.parts.audit.emit(type, fields, this.#auditContext)
  }

  /** An event the pipeline itself raises (auth.denied, security.*). */
  security<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    this.audit(type, fields)
  }

  /** Sets the actor of later audit events, once authentication knows the caller. */
  setActor(userId: string | undefined): void {
    this.#actor = userId
    this.#auditContext = undefined
  }

  /**
   * The request's credentials (its bearer token, cookies, a password in its body), found on the
   * first line written and again once the body has been parsed: they are redacted wherever this
   * request's lines mention them, since a handler that checks them itself may write them into
   * prose ("token … rejected").
   */
  #requestSecrets(): readonly string[] {
    const hasBody = this.request.body !== undefined
    if (this.#secrets === undefined || (!this.#secretsIncludeBody && hasBody)) {
      this.#secretsIncludeBody = hasBody
      this.#secrets = requestSecrets(this.request, this.parts.redactor.isSensitiveKey)
    }
    return this.#secrets
  }
}
