import { ConfigError } from '../core/errors.js'
import { assertKnownKeys } from '../core/options.js'
import { forwardingLogger, type LoggerTarget } from './forwarding-logger.js'
import { jsonLogger, type Logger, type LogLevel, parseLogLevel } from './logger.js'
import { type LineWriter, stdoutWriter } from './output.js'
import type { Redactor } from './redact/redactor.js'

/** The built-in logger's options (`createGuard({ log })`). */
export interface LogOptions {
  /** Default: `AWS_LAMBDA_LOG_LEVEL` or `LOG_LEVEL`, else `info`. */
  readonly level?: LogLevel
  /** Where log, audit and metric lines go. Default: standard output. */
  readonly write?: LineWriter
}

/** The logging part of a guard's configuration: the built-in logger, or one you bring. */
export interface GuardLogConfig {
  readonly log?: LogOptions | undefined
  /** A logger of your own; lines are redacted before it sees them. */
  readonly logger?: LoggerTarget | undefined
}

/** Where a guard's lines go. */
export interface GuardLogOutput {
  readonly log: Logger
  /** Raw JSON lines (metrics): standard output or `log.write`. */
  readonly write: LineWriter
  /** Audit lines: raw lines, or info lines of your own logger when you bring one. */
  readonly auditWrite: LineWriter
}

const LOG_KEYS = ['level', 'write']

/**
 * Checks `log` and `logger` and builds the guard's logger, every line through `redactor`.
 *
 * @example
 * const { log } = createGuardLog({ log: { level: 'warn' } }, keyRedactor())
 */
export function createGuardLog(config: GuardLogConfig, redactor: Redactor): GuardLogOutput {
  checkGuardLogConfig(config)
  return buildGuardLog(config, redactor)
}

/** Every check of `log` and `logger`, without building anything: what construction must do. */
export function checkGuardLogConfig(config: GuardLogConfig): void {
  assertKnownKeys('log', config.log, LOG_KEYS)
  if (config.log !== undefined && config.logger !== undefined) {
    throw new ConfigError(
      'give either `log` (the built-in logger) or `logger` (your own), not both',
    )
  }
  const write = config.log?.write
  if (write !== undefined && typeof write !== 'function') {
    throw new ConfigError('log.write must be a function')
  }
  if (config.log?.level !== undefined) parseLogLevel('log.level', config.log.level)
  const target = config.logger as unknown as Record<string, unknown> | undefined
  if (target !== undefined && LOGGER_METHODS.some((m) => typeof target[m] !== 'function')) {
    throw new ConfigError('logger must have error, warn, info and debug methods')
  }
}

const LOGGER_METHODS = ['error', 'warn', 'info', 'debug']

/**
 * The guard's logger from options {@link checkGuardLogConfig} has passed.
 *
 * @example
 * const { log } = buildGuardLog({}, keyRedactor())
 */
export function buildGuardLog(config: GuardLogConfig, redactor: Redactor): GuardLogOutput {
  const write = config.log?.write ?? stdoutWriter()
  const target = config.logger
  if (target === undefined) {
    const level = config.log?.level
    const log = jsonLogger({ write, redactor, ...(level === undefined ? {} : { level }) })
    return { log, write, auditWrite: write }
  }
  const log = forwardingLogger(target, redactor)
  // With a logger of your own, audit events go to it too.
  const auditWrite: LineWriter = (line) =>
    log.info('audit', JSON.parse(line) as Record<string, unknown>)
  return { log, write, auditWrite }
}
