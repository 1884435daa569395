import { ConfigError } from '../core/errors.js'
import { describe as describeValue } from '../core/options.js'
import { type LineWriter, lambdaFunctionName, stdoutWriter } from './output.js'
import type { Redactor } from './redact/redactor.js'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent'

/** Fields for one line, or a function that builds them, called only when the level is on. */
export type LogFields =
  | Readonly<Record<string, unknown>>
  | Error
  | (() => Readonly<Record<string, unknown>>)

/**
 * JSON lines, one per call, redacted. Calls below the logger's level return at once: a disabled
 * `debug` costs one comparison, and fields given as a function are never built.
 */
export interface Logger {
  readonly level: LogLevel
  isLevelEnabled(level: Exclude<LogLevel, 'silent'>): boolean
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  /**
   * A logger that adds `bindings` to every line (a request id, a route). `secrets` gives exact
   * values to redact from every line of the child (the credentials of the request it logs for);
   * it is called at most once, on the first line.
   */
  child(bindings: Readonly<Record<string, unknown>>, options?: ChildOptions): Logger
}

export interface ChildOptions {
  readonly secrets?: () => readonly string[]
}

export interface LoggerOptions {
  /** Default: `AWS_LAMBDA_LOG_LEVEL` or `LOG_LEVEL` from the environment, else `info`. */
  readonly level?: LogLevel
  /** Default: standard output. */
  readonly write?: LineWriter
  /** Default: a redactor with the default rules. */
  readonly redactor?: Redactor
  /** Fields on every line. `function` (the Lambda function name) is added when known. */
  readonly bindings?: Readonly<Record<string, unknown>>
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 }
/** Field names the line itself uses; a field with one of these names is written as `field.<name>`. */
const RESERVED = ['level', 'time', 'message']

/**
 * Parses a level name (any case) or throws a ConfigError naming the valid ones.
 *
 * @example
 * parseLogLevel('log.level', 'WARN') // 'warn'
 */
export function parseLogLevel(where: string, value: unknown): LogLevel {
  const level = typeof value === 'string' ? value.toLowerCase() : value
  if (typeof level === 'string' && Object.hasOwn(LEVELS, level)) return level as LogLevel
  throw new ConfigError(
    `${where} must be one of debug, info, warn, error, silent; got ${describeValue(value)}`,
  )
}

function levelFromEnvironment(): LogLevel {
  const env = globalThis.process?.env
  const value = env?.AWS_LAMBDA_LOG_LEVEL || env?.LOG_LEVEL
  if (value === undefined) return 'info'
  const level = value.toLowerCase()
  // A level the environment spells differently (TRACE, FATAL) falls back to the nearest one.
  if (level === 'trace') return 'debug'
  if (level === 'fatal') return 'error'
  return Object.hasOwn(LEVELS, level) ? (level as LogLevel) : 'info'
}

/**
 * A JSON-lines logger writing through `redactor` (`createLogger` gives it the default one; the core
 * guard gives it its key redactor, and neither loads the other).
 */
export function jsonLogger(options: LoggerOptions & { readonly redactor: Redactor }): Logger {
  const level =
    options.level === undefined ? levelFromEnvironment() : parseLogLevel('log.level', options.level)
  const functionName = lambdaFunctionName()
  const bindings = {
    ...(functionName === undefined ? {} : { function: functionName }),
    ...options.bindings,
  }
  const core: LoggerCore = {
    level,
    threshold: LEVELS[level],
    write: options.write ?? stdoutWriter(),
    redactor: options.redactor,
  }
  return new JsonLogger(core, '', bindings, undefined)
}

interface LoggerCore {
  readonly level: LogLevel
  readonly threshold: number
  readonly write: LineWriter
  readonly redactor: Redactor
}

class JsonLogger implements Logger {
  readonly #core: LoggerCore
  readonly #parentBindings: string
  #bindings: Readonly<Record<string, unknown>> | undefined
  /** The bindings as `,"k":v` JSON, rendered (and redacted) on the first line, not at creation. */
  #rendered: string | undefined
  readonly #secretSource: (() => readonly string[]) | undefined
  #secrets: readonly string[] | undefined

  constructor(
    core: LoggerCore,
    parentBindings: string,
    bindings: Readonly<Record<string, unknown>> | undefined,
    secrets: (() => readonly string[]) | undefined,
  ) {
    this.#core = core
    this.#parentBindings = parentBindings
    this.#bindings = bindings
    this.#secretSource = secrets
  }

  #requestSecrets(): readonly string[] | undefined {
    if (this.#secretSource === undefined) return undefined
    this.#secrets ??= this.#secretSource()
    return this.#secrets
  }

  get level(): LogLevel {
    return this.#core.level
  }

  isLevelEnabled(level: Exclude<LogLevel, 'silent'>): boolean {
    return LEVELS[level] >= this.#core.threshold
  }

  debug(message: string, fields?: LogFields): void {
    if (this.#core.threshold <= 10) this.#write('debug', message, fields)
  }

  info(message: string, fields?: LogFields): void {
    if (this.#core.threshold <= 20) this.#write('info', message, fields)
  }

  warn(message: string, fields?: LogFields): void {
    if (this.#core.threshold <= 30) this.#write('warn', message, fields)
  }

  error(message: string, fields?: LogFields): void {
    if (this.#core.threshold <= 40) this.#write('error', message, fields)
  }

  child(bindings: Readonly<Record<string, unknown>>, options: ChildOptions = {}): Logger {
    const parent = this.#secretSource
    const own = options.secrets
    const secrets =
      own === undefined || parent === undefined ? (own ?? parent) : () => [...parent(), ...own()]
    return new JsonLogger(this.#core, this.#renderBindings(), bindings, secrets)
  }

  #renderBindings(): string {
    if (this.#rendered === undefined) {
      this.#rendered = this.#parentBindings + this.#renderFields(this.#bindings)
      this.#bindings = undefined
    }
    return this.#rendered
  }

  #renderFields(fields: LogFields | undefined): string {
    if (fields === undefined) return ''
    const resolved =
      typeof fields === 'function' ? fields() : fields instanceof Error ? { error: fields } : fields
    const redacted = this.#core.redactor.value(resolved, this.#requestSecrets())
    if (redacted === null || typeof redacted !== 'object' || Array.isArray(redacted)) {
      return `,"fields":${JSON.stringify(redacted)}`
    }
    const record = redacted as Record<string, unknown>
    for (const name of RESERVED) {
      if (Object.hasOwn(record, name)) {
        record[`field.${name}`] = record[name]
        delete record[name]
      }
    }
    const json = JSON.stringify(record)
    return json.length > 2 ? `,${json.slice(1, -1)}` : ''
  }

  #write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    const core = this.#core
    try {
      const text = core.redactor.string(
        typeof message === 'string' ? message : String(message),
        this.#requestSecrets(),
      )
      core.write(
        `{"level":"${level}","time":"${new Date().toISOString()}","message":${JSON.stringify(text)}${this.#renderBindings()}${this.#renderFields(fields)}}`,
      )
    } catch {
      // A log line that cannot be written (a closed pipe, fields whose builder throws) must not
      // turn into an error for the request being served.
    }
  }
}
