import type { Observer } from '../core/observer.js'
import { type AuditContext, type AuditLog, auditLog } from './audit.js'
import type { AuditEvents, AuditEventType } from './audit-events.js'
import { takeColdStart } from './cold-start.js'
import type { FailedRequest } from './error-report.js'
import { createGuardLog, type GuardLogConfig } from './guard-logger.js'
import type { Invocation, ObservedRequest } from './invocation.js'
import type { Logger } from './logger.js'
import { lambdaFunctionName } from './output.js'
import { keyRedactor } from './redact/key-redactor.js'
import type { Redactor } from './redact/redactor.js'
import { requestSecrets } from './request-secrets.js'

/**
 * The core guard's observability: JSON lines and audit lines with sensitive keys and the request's
 * own credentials redacted, and a record of every unhandled error. What the full guard adds (free-text secret scanning, the
 * request's headers and body in the error record, alerts, metrics) is what its bundle pays for.
 *
 * @example
 * const observe = createCoreObservability({ log: { level: 'warn' } })
 */
export function createCoreObservability(config: GuardLogConfig): Observer {
  const redactor = keyRedactor()
  const { log, auditWrite } = createGuardLog(config, redactor)
  const audit = auditLog({ write: auditWrite, redactor })
  return {
    log,
    functionName: lambdaFunctionName(),
    start: (request, route) =>
      new CoreInvocation(log, audit, redactor, request, route, takeColdStart()),
  }
}

class CoreInvocation implements Invocation {
  readonly #guardLog: Logger
  readonly #audit: AuditLog
  readonly #redactor: Redactor
  readonly #request: ObservedRequest
  readonly #route: string
  readonly #coldStart: boolean
  #actor: string | undefined
  #log: Logger | undefined
  #secrets: readonly string[] | undefined
  #secretsIncludeBody = false

  constructor(
    log: Logger,
    audit: AuditLog,
    redactor: Redactor,
    request: ObservedRequest,
    route: string,
    coldStart: boolean,
  ) {
    this.#guardLog = log
    this.#audit = audit
    this.#redactor = redactor
    this.#request = request
    this.#route = route
    this.#coldStart = coldStart
  }

  get log(): Logger {
    this.#log ??= this.#guardLog.child(
      { requestId: this.#request.requestId, route: this.#route, coldStart: this.#coldStart },
      { secrets: () => this.#requestSecrets() },
    )
    return this.#log
  }

  audit<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    const context: AuditContext = {
      requestId: this.#request.requestId,
      ip: this.#request.ip,
      actor: this.#actor,
      secrets: () => this.#requestSecrets(),
    }
    this.#audit.emit(type, fields, context)
  }

  security<T extends AuditEventType>(type: T, fields: AuditEvents[T]): void {
    this.audit(type, fields)
  }

  setActor(userId: string | undefined): void {
    this.#actor = userId
  }

  /** The error and where it happened; the request's headers, query and body are left out. */
  async failed(error: unknown, request: Omit<FailedRequest, 'requestId'>): Promise<void> {
    const { status, method, path, userId } = request
    this.log.error('request failed', { status, method, path, userId, error })
  }

  finish(): void {}

  /**
   * The request's credentials (its bearer token, cookies, a password in its body): a handler that
   * checks them itself, on a public route, may well write them into prose ("token … rejected").
   * Found on the first line, again once the body has been parsed.
   */
  #requestSecrets(): readonly string[] {
    const hasBody = this.#request.body !== undefined
    if (this.#secrets === undefined || (!this.#secretsIncludeBody && hasBody)) {
      this.#secretsIncludeBody = hasBody
      this.#secrets = requestSecrets(this.#request, this.#redactor.isSensitiveKey)
    }
    return this.#secrets
  }
}
