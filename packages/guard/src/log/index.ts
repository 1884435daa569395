export * from './alerts/index.js'
export {
  type AuditContext,
  type AuditFunction,
  type AuditLog,
  bindAudit,
} from './audit.js'
export { AUDIT_EVENT_TYPES, type AuditEvents, type AuditEventType } from './audit-events.js'
export {
  type AlertSummary,
  type ErrorReport,
  type FailedRequest,
  reportUnhandledError,
  summarizeForAlert,
} from './error-report.js'
export { errorFingerprint } from './fingerprint.js'
export type {
  LogFields,
  Logger,
  LoggerOptions,
  LogLevel,
} from './logger.js'
export {
  createMetrics,
  type InvocationMetrics,
  type MetricName,
  type Metrics,
  type MetricsOptions,
} from './metrics.js'
export type { LineWriter } from './output.js'
export * from './redact/index.js'
export { createAuditLog, createLogger } from './standalone.js'
