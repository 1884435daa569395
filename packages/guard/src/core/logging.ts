/**
 * The logger the pipeline and handlers write to (`ctx.log`): the guard's own JSON-lines logger
 * from `src/log`, redacting every line. A logger you bring (`createGuard({ logger })`) only needs
 * the four methods of {@link LoggerTarget}; the guard puts redaction in front of it.
 */
export type { LoggerTarget as GuardLogger } from '../log/forwarding-logger.js'
export type { Logger, LogLevel } from '../log/logger.js'
