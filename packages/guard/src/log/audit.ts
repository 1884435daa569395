import type { AuditEvents, AuditEventType } from './audit-events.js'
import { type LineWriter, lambdaFunctionName, stdoutWriter } from './output.js'
import type { Redactor } from './redact/redactor.js'

/** Who and where an event comes from; filled in from the request by the pipeline. */
export interface AuditContext {
  readonly requestId?: string | undefined
  /** The authenticated user id, if any. */
  readonly actor?: string | undefined
  readonly ip?: string | undefined
  /** Exact values to redact from the event (the request's own credentials). */
  readonly secrets?: (() => readonly string[]) | undefined
}

/** Writes audit events as JSON lines. */
export interface AuditLog {
  emit<T extends AuditEventType>(type: T, fields: AuditEvents[T], context?: AuditContext): void
}

/** `ctx.audit`: an audit log bound to one request. */
export type AuditFunction = <T extends AuditEventType>(type: T, fields: AuditEvents[T]) => void

export interface AuditLogOptions {
  readonly write?: LineWriter
  readonly redactor?: Redactor
  /** Called after each event is written (metrics count auth failures and rate limits from here). */
  readonly onEvent?: (type: AuditEventType) => void
}

const EVENT_TYPE = /^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$/
const RESERVED = new Set(['audit', 'type', 'time', 'requestId', 'actor', 'ip', 'function'])

/** An audit log writing through `redactor` (`createAuditLog` gives it the default one). */
export function auditLog(options: AuditLogOptions & { readonly redactor: Redactor }): AuditLog {
  const write = options.write ?? stdoutWriter()
  const redactor = options.redactor
  const functionName = lambdaFunctionName() ?? null
  const onEvent = options.onEvent
  return {
    emit(type, fields, context = {}) {
      if (typeof type !== 'string' || !EVENT_TYPE.test(type)) {
        throw new TypeError(
          `audit event type must look like 'area.event', got ${JSON.stringify(type)}`,
        )
      }
      const line: Record<string, unknown> = {
        audit: true,
        type,
        time: new Date().toISOString(),
        requestId: context.requestId ?? null,
        actor: context.actor ?? null,
        ip: context.ip ?? null,
        function: functionName,
      }
      if (fields !== null && typeof fields === 'object') {
        for (const key of Object.keys(fields)) {
          line[RESERVED.has(key) ? `field.${key}` : key] = (fields as Record<string, unknown>)[key]
        }
      }
      try {
        write(JSON.stringify(redactor.value(line, context.secrets?.())))
      } catch {
        // An audit line that cannot be written must not fail the request it describes.
      }
      onEvent?.(type)
    },
  }
}

/**
 * Binds an audit log to one request, for `ctx.audit`.
 *
 * @example
 * const auditForRequest = bindAudit(audit, { requestId: 'r-1', actor: 'u1', ip: '203.0.113.7' })
 * auditForRequest('data.deleted', { collection: 'notes', recordId: 'n_4' })
 */
export function bindAudit(log: AuditLog, context: AuditContext): AuditFunction {
  return (type, fields) => log.emit(type, fields, context)
}
