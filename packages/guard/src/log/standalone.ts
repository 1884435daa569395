import { type AuditLog, type AuditLogOptions, auditLog } from './audit.js'
import { jsonLogger, type Logger, type LoggerOptions } from './logger.js'
import { createRedactor } from './redact/redactor.js'

// The logger and the audit log on their own, with the default redactor. They live apart from
// `jsonLogger` and `auditLog` so that the core guard, which brings its key redactor, never loads
// the full one, bundled or not.

/**
 * Creates a JSON-lines logger.
 *
 * @example
 * const log = createLogger({ level: 'info' })
 * log.info('transfer created', { transferId: 't_1', amount: 120 })
 * // {"level":"info","time":"…","message":"transfer created","function":"bank","transferId":"t_1","amount":120}
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return jsonLogger({ ...options, redactor: options.redactor ?? createRedactor() })
}

/**
 * Creates the audit log. Each event is one line,
 * `{"audit":true,"type":…,"time":…,"requestId":…,"actor":…,"ip":…,"function":…,…fields}`,
 * written whatever the logger's level: audit records are not debug output.
 *
 * @example
 * const audit = createAuditLog()
 * audit.emit('payment.transaction', { transactionId: 'tx_1', amount: 120, currency: 'EUR', account: 'acc_9' }, { actor: 'u1', ip: '203.0.113.7' })
 */
export function createAuditLog(options: AuditLogOptions = {}): AuditLog {
  return auditLog({ ...options, redactor: options.redactor ?? createRedactor() })
}
