import { parseDuration } from '../core/duration.js'
import { assertKnownKeys } from '../core/options.js'
import type { AlertSink } from './alerts/alert.js'
import type { AlertCounter } from './alerts/alert-counter.js'
import { type Alerts, createAlerts } from './alerts/alerts.js'
import type { AuditLog } from './audit.js'
import { type BatchInvocation, ObservedBatch } from './batch-invocation.js'
import { takeColdStart } from './cold-start.js'
import { stableHash } from './fingerprint.js'
import { createGuardLog, type GuardLogConfig } from './guard-logger.js'
import {
  type Invocation,
  type InvocationParts,
  ObservedInvocation,
  type ObservedRequest,
} from './invocation.js'
import { createAuditLog } from './standalone.js'

export type { BatchInvocation } from './batch-invocation.js'
export type { LogOptions } from './guard-logger.js'
export type { Invocation, ObservedRequest } from './invocation.js'

import type { Logger } from './logger.js'
import { createMetrics, type Metrics, type MetricsOptions } from './metrics.js'
import { lambdaFunctionName } from './output.js'
import { createRedactor, type RedactOptions, type Redactor } from './redact/redactor.js'

/** `createGuard({ alerts })`: a list of sinks, or the sinks with their timing. */
export type AlertOptions =
  | readonly AlertSink[]
  | {
      readonly sinks: readonly AlertSink[]
      /** At most one alert per error fingerprint per window. Default `'5m'`. */
      readonly window?: string | number
      /** The longest a response waits for alerts to be sent. Default `'200ms'`. */
      readonly maxWait?: string | number
    }

/** The observability part of the guard's configuration. */
export interface ObservabilityConfig extends GuardLogConfig {
  readonly redact?: RedactOptions | undefined
  readonly alerts?: AlertOptions | undefined
  /**
   * EMF metrics; `false` turns them off. Default: on when running on Lambda (where CloudWatch reads
   * them) with the built-in logger, off elsewhere (a local console has no use for them).
   */
  readonly metrics?: MetricsOptions | false | undefined
}

export interface Observability {
  readonly log: Logger
  readonly redactor: Redactor
  readonly audit: AuditLog
  readonly alerts: Alerts
  readonly metrics: Metrics | undefined
  /** The Lambda function name, read once when the guard is created. */
  readonly functionName: string | undefined
  start(request: ObservedRequest, route: string, remainingTimeMs?: () => number): Invocation
  /** An invocation carrying event records, each observed on its own (`batch.record(…)`). */
  startBatch(
    request: ObservedRequest,
    route: string,
    remainingTimeMs?: () => number,
  ): BatchInvocation
  /**
   * Where the identity layer reports what it sees (sign-ins, lockouts, refusals): turned into
   * audit events, metrics and alerts.
   */
  readonly securityEvent: (type: string, fields: Readonly<Record<string, unknown>>) => void
}

const ALERT_KEYS = ['sinks', 'window', 'maxWait']

/**
 * Builds the guard's logger, redactor, audit log, alerts and metrics from its configuration,
 * checking every option here, at construction.
 *
 * @example
 * const observability = createObservability({ log: { level: 'info' }, alerts: [stderrAlerts()] })
 * const invocation = observability.start({ requestId: 'r-1', ip: '203.0.113.7' }, 'POST /transfers')
 */
export function createObservability(
  config: ObservabilityConfig,
  shared: { readonly counter?: AlertCounter; readonly now?: () => number } = {},
): Observability {
  const redactor = createRedactor(config.redact)
  const { log, write, auditWrite } = createGuardLog(config, redactor)
  const audit = createAuditLog({ write: auditWrite, redactor })
  const metricsEnabled =
    config.metrics === undefined
      ? config.logger === undefined && lambdaFunctionName() !== undefined
      : config.metrics !== false
  const metrics = metricsEnabled
    ? createMetrics(
        config.metrics === undefined || config.metrics === false ? {} : config.metrics,
        write,
      )
    : undefined
  const alerts = compileAlerts(config.alerts, shared, log)
  const parts: InvocationParts = { log, redactor, audit, alerts }
  const securityEvent = mapSecurityEvents({ audit, metrics, alerts, log })

  return {
    log,
    redactor,
    audit,
    alerts,
    metrics,
    securityEvent,
    functionName: lambdaFunctionName(),
    start(request, route, remainingTimeMs) {
      return new ObservedInvocation(
        parts,
        request,
        route,
        takeColdStart(),
        metrics?.startInvocation(route),
        remainingTimeMs,
      )
    },
    startBatch(request, route, remainingTimeMs) {
      return new ObservedBatch(
        parts,
        request,
        route,
        takeColdStart(),
        metrics?.startInvocation(route),
        remainingTimeMs,
      )
    },
  }
}

function compileAlerts(
  options: AlertOptions | undefined,
  shared: { readonly counter?: AlertCounter; readonly now?: () => number },
  log: Logger,
): Alerts {
  const base = { log, ...shared }
  if (options === undefined) return createAlerts({ ...base, sinks: [] })
  if (Array.isArray(options))
    return createAlerts({ ...base, sinks: options as readonly AlertSink[] })
  assertKnownKeys('alerts', options, ALERT_KEYS)
  const { sinks, window, maxWait } = options as Exclude<AlertOptions, readonly AlertSink[]>
  return createAlerts({
    ...base,
    sinks,
    ...(window === undefined ? {} : { windowMs: parseDuration('alerts.window', window) }),
    ...(maxWait === undefined ? {} : { maxWaitMs: parseDuration('alerts.maxWait', maxWait) }),
  })
}

interface SecurityEventTargets {
  readonly audit: AuditLog
  readonly metrics: Metrics | undefined
  readonly alerts: Alerts
  readonly log: Logger
}

/**
 * Turns the identity layer's events into the audit catalogue. Refusals of requests (401, 403, 429)
 * are recorded by the pipeline itself, once, whatever refused them (it learns a 403's user from
 * the error), so they are not repeated here.
 */
function mapSecurityEvents(targets: SecurityEventTargets) {
  const { audit, metrics, alerts, log } = targets
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  const optional = <K extends string>(key: K, value: unknown) =>
    (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>
  return (type: string, fields: Readonly<Record<string, unknown>>): void => {
    const ip = text(fields.ip)
    const user = text(fields.user) ?? ''
    const device = optional('device', text(fields.device))
    switch (type) {
      case 'auth.forbidden':
      case 'auth.failure':
      case 'auth.credential_misplaced':
      case 'rate_limit.exceeded':
        return
      case 'store.unavailable':
        log.warn('store unavailable', fields)
        return
      case 'login.success':
        audit.emit('auth.login.succeeded', { user, ...device }, { ip })
        return
      case 'login.failure':
      case 'login.locked': {
        const failures =
          typeof fields.pairFailures === 'number' ? { failures: fields.pairFailures } : {}
        const reason = type === 'login.failure' ? 'invalid' : 'locked'
        audit.emit('auth.login.failed', { user, reason, ...failures, ...device }, { ip })
        metrics?.count('LoginFailures')
        return
      }
      case 'login.lock':
        audit.emit(
          'auth.locked',
          {
            user,
            scope: text(fields.scope) ?? 'user',
            until: new Date(Number(fields.lockedUntil)).toISOString(),
            ...device,
          },
          { ip },
        )
        return
      case 'login.threshold': {
        const scope = fields.scope === 'ipBlock' ? 'ipBlock' : 'ip'
        const failures = Number(fields.failures)
        audit.emit(
          'auth.login.threshold',
          { scope, failures, ...optional('ipBlock', text(fields.ipBlock)) },
          { ip },
        )
        void alerts.notify({
          code: 'ERR_LOGIN_THRESHOLD',
          errorName: 'LoginThreshold',
          fingerprint: stableHash(`login-threshold|${scope}`),
          route: 'login',
          requestId: 'n/a',
          function: lambdaFunctionName() ?? null,
          time: new Date().toISOString(),
        })
        return
      }
      default:
        log.warn('security event', { event: type, ...fields })
    }
  }
}
