/**
 * The logging surface the pipeline writes to. The default writes one JSON object per line to
 * stdout, which is what CloudWatch Logs ingests and indexes.
 */
export interface GuardLogger {
  error(message: string, fields?: Readonly<Record<string, unknown>>): void
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void
  info(message: string, fields?: Readonly<Record<string, unknown>>): void
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'
const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 }

/**
 * @example
 * const log = jsonLinesLogger({ level: 'warn' })
 * log.error('payment failed', { orderId })
 */
export function jsonLinesLogger(
  options: {
    level?: LogLevel
    write?: (line: string) => void
    base?: Record<string, unknown>
  } = {},
): GuardLogger {
  const threshold = LEVELS[options.level ?? 'info']
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`))
  const base = options.base ?? {}
  const emit = (level: Exclude<LogLevel, 'silent'>) => {
    // A disabled level costs one comparison and no allocation.
    if (LEVELS[level] < threshold) return () => {}
    return (message: string, fields?: Readonly<Record<string, unknown>>) => {
      write(safeStringify({ level, time: new Date().toISOString(), message, ...base, ...fields }))
    }
  }
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug') }
}

/** JSON.stringify that never throws: circular references and BigInts become markers. */
export function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>()
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'bigint') return v.toString()
      if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack }
      if (typeof v === 'object' && v !== null) {
        if (seen.has(v)) return '[Circular]'
        seen.add(v)
      }
      return v
    })
  } catch {
    return '{"message":"unserializable log record"}'
  }
}
