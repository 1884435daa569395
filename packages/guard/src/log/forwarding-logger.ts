import type { ChildOptions, LogFields, Logger } from './logger.js'
import type { Redactor } from './redact/redactor.js'

/** The shape of a logger you bring (pino, Powertools, console-like): four methods. */
export interface LoggerTarget {
  error(message: string, fields?: Readonly<Record<string, unknown>>): void
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void
  info(message: string, fields?: Readonly<Record<string, unknown>>): void
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void
}

/**
 * A {@link Logger} in front of a logger you bring: the message and fields are redacted before
 * your logger sees them, so a custom logger cannot undo the guard's redaction.
 *
 * @example
 * const log = forwardingLogger(pinoInstance, createRedactor())
 * log.info('user signed in', { password: 'x' }) // pino receives { password: '[REDACTED]' }
 */
export function forwardingLogger(
  target: LoggerTarget,
  redactor: Redactor,
  bindings: Readonly<Record<string, unknown>> = {},
  secretSource?: () => readonly string[],
): Logger {
  let secrets: readonly string[] | undefined
  const requestSecrets = () => {
    if (secretSource !== undefined) secrets ??= secretSource()
    return secrets
  }
  const forward =
    (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields?: LogFields) => {
      try {
        const resolved =
          typeof fields === 'function'
            ? fields()
            : fields instanceof Error
              ? { error: fields }
              : fields
        const secrets = requestSecrets()
        const redacted = redactor.value({ ...bindings, ...resolved }, secrets)
        target[level](
          redactor.string(String(message), secrets),
          redacted as Record<string, unknown>,
        )
      } catch {
        // Logging never fails the request.
      }
    }
  return {
    level: 'debug',
    isLevelEnabled: () => true,
    debug: forward('debug'),
    info: forward('info'),
    warn: forward('warn'),
    error: forward('error'),
    child: (more, options: ChildOptions = {}) => {
      const own = options.secrets
      const combined =
        own === undefined || secretSource === undefined
          ? (own ?? secretSource)
          : () => [...secretSource(), ...own()]
      return forwardingLogger(target, redactor, { ...bindings, ...more }, combined)
    },
  }
}
