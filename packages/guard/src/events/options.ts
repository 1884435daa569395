import { parseDuration } from '../core/duration.js'
import { ConfigError } from '../core/errors.js'
import { assertKnownKeys, describe, nearestKey } from '../core/options.js'
import { compileLimits } from '../core/route.js'
import type { InputLimits } from '../input/limits.js'
import { isStandardSchema, type StandardSchemaV1 } from '../input/standard-schema.js'
import type { EventOptions, EventSource, PayloadFormat, SqsEnvelope } from './types.js'

/** Event handler options checked and precomputed, once, when the handler is created. */
export interface CompiledEventRoute {
  readonly source: EventSource
  /** `undefined` for `'unvalidated'`. */
  readonly schema: StandardSchemaV1 | undefined
  readonly name: string | undefined
  readonly limits: InputLimits
  readonly format: PayloadFormat
  readonly envelope: SqsEnvelope | undefined
  /** `undefined`: ordered for FIFO queues only. */
  readonly ordered: boolean | undefined
  /**
   * No record is started with less time left than this; `undefined` for the sources without a
   * batch answer, which have no way to hand records back.
   */
  readonly stopBeforeMs: number | undefined
  /** At most this many records in flight at once; 1 (one at a time) unless set. */
  readonly concurrency: number
}

export const EVENT_SOURCES: readonly EventSource[] = [
  'sqs',
  'sns',
  's3',
  'eventbridge',
  'dynamodb',
  'kinesis',
]
const EVENT_KEYS = [
  'source',
  'schema',
  'name',
  'limits',
  'format',
  'envelope',
  'ordered',
  'stopBefore',
  'concurrency',
]
const BATCH_SOURCES: readonly EventSource[] = ['sqs', 'kinesis', 'dynamodb']
// Which sources each source-specific option makes sense for; anywhere else it is a mistake.
const OPTION_SOURCES: Readonly<Record<string, readonly EventSource[]>> = {
  format: ['sqs', 'sns', 'kinesis'],
  envelope: ['sqs'],
  ordered: BATCH_SOURCES,
  stopBefore: BATCH_SOURCES,
  // EventBridge invokes with one event: there is nothing to run side by side.
  concurrency: EVENT_SOURCES.filter((source) => source !== 'eventbridge'),
}

/**
 * The default `stopBefore`: a fixed second rather than a share of the timeout. It has to cover
 * the record started last plus the guard's own end of the invocation (alerts wait up to 200 ms
 * by default), and neither grows with the timeout: a tenth of a 15-minute function would hand
 * back records with 90 s left, a tenth of Lambda's default 3 s would leave 300 ms. Handlers whose
 * records take longer than a second set it to their slowest record.
 */
const DEFAULT_STOP_BEFORE_MS = 1000
/**
 * The most records in flight at once. Concurrency here overlaps waiting on I/O, and past a few
 * dozen requests the waiting is on something else: the AWS SDK's HTTP agent keeps 50 sockets per
 * client, a Lambda function has 1,024 file descriptors, and every record in flight holds its
 * payload (up to `maxBodyBytes`) in memory. A batch that needs more is better split by the event
 * source mapping (a smaller batch size, more concurrent invocations, Kinesis' parallelization
 * factor); a bound also catches a batch size passed here by mistake.
 */
export const MAX_CONCURRENCY = 100
// Lambda's longest timeout: a margin as long would hand back every record of every batch.
const LONGEST_LAMBDA_TIMEOUT_MS = 15 * 60_000

/**
 * Checks `guard.event` options; every mistake is a ConfigError at construction.
 *
 * @example
 * compileEventRoute({ source: 'sqs', schema: Order }, DEFAULT_LIMITS)
 */
export function compileEventRoute(
  options: EventOptions,
  guardLimits: InputLimits,
): CompiledEventRoute {
  if (options === undefined || options === null) {
    throw new ConfigError("event options are required: { source: 'sqs', schema: … } at least")
  }
  assertKnownKeys('the event options', options, EVENT_KEYS)
  const source = compileSource(options.source)
  for (const [option, sources] of Object.entries(OPTION_SOURCES)) {
    if ((options as unknown as Record<string, unknown>)[option] === undefined) continue
    if (!sources.includes(source)) {
      throw new ConfigError(
        `\`${option}\` is not an option of ${source} events (only of ${sources.join(', ')})`,
      )
    }
  }
  const format = options.format ?? 'json'
  if (format !== 'json' && format !== 'text') {
    throw new ConfigError(`format must be 'json' or 'text', got ${describe(options.format)}`)
  }
  const envelope = options.envelope
  if (envelope !== undefined && envelope !== 'sns' && envelope !== 'eventbridge') {
    throw new ConfigError(`envelope must be 'sns' or 'eventbridge', got ${describe(envelope)}`)
  }
  if (envelope === 'eventbridge' && format === 'text') {
    throw new ConfigError("an EventBridge envelope carries JSON: `format: 'text'` does not apply")
  }
  if (options.ordered !== undefined && typeof options.ordered !== 'boolean') {
    throw new ConfigError(`ordered must be a boolean, got ${describe(options.ordered)}`)
  }
  const stopBeforeMs = BATCH_SOURCES.includes(source)
    ? compileStopBefore(options.stopBefore)
    : undefined
  const concurrency = compileConcurrency(options.concurrency)
  if (concurrency > 1 && options.ordered === true) {
    throw new ConfigError(
      '`concurrency` above 1 runs records side by side, out of order: it cannot go with `ordered: true`',
    )
  }
  if (options.name !== undefined && (typeof options.name !== 'string' || options.name === '')) {
    throw new ConfigError(`name must be a non-empty string, got ${describe(options.name)}`)
  }
  return {
    source,
    schema: compileSchema(options.schema),
    name: options.name,
    limits: compileLimits('limits', options.limits, guardLimits),
    format,
    envelope,
    ordered: options.ordered,
    stopBeforeMs,
    concurrency,
  }
}

function compileConcurrency(concurrency: unknown): number {
  if (concurrency === undefined) return 1
  if (
    typeof concurrency !== 'number' ||
    !Number.isInteger(concurrency) ||
    concurrency < 1 ||
    concurrency > MAX_CONCURRENCY
  ) {
    throw new ConfigError(
      `concurrency must be an integer from 1 to ${MAX_CONCURRENCY} (records in flight at once), got ${describe(concurrency)}`,
    )
  }
  return concurrency
}

function compileStopBefore(stopBefore: unknown): number {
  if (stopBefore === undefined) return DEFAULT_STOP_BEFORE_MS
  const ms = parseDuration('stopBefore', stopBefore)
  if (ms >= LONGEST_LAMBDA_TIMEOUT_MS) {
    throw new ConfigError(
      `stopBefore must be shorter than Lambda's longest timeout (15m): no record would ever start, got ${describe(stopBefore)}`,
    )
  }
  return ms
}

function compileSource(source: unknown): EventSource {
  if (EVENT_SOURCES.includes(source as EventSource)) return source as EventSource
  if (source === undefined) {
    throw new ConfigError(
      `every event handler must declare \`source\`: ${EVENT_SOURCES.join(', ')}`,
    )
  }
  const nearest = typeof source === 'string' ? nearestKey(source, EVENT_SOURCES) : undefined
  const hint = nearest === undefined ? '' : `; did you mean '${nearest}'?`
  throw new ConfigError(
    `${describe(source)} is not an event source (${EVENT_SOURCES.join(', ')})${hint}`,
  )
}

function compileSchema(schema: unknown): StandardSchemaV1 | undefined {
  if (schema === 'unvalidated') return undefined
  if (schema === undefined) {
    throw new ConfigError(
      "every event handler must declare `schema`: a Standard Schema (zod, valibot, arktype, …) for each record's payload, or 'unvalidated' to take it as parsed",
    )
  }
  if (!isStandardSchema(schema)) {
    throw new ConfigError(
      `schema must be a Standard Schema (zod, valibot, arktype, …) or 'unvalidated', got ${describe(schema)}`,
    )
  }
  return schema
}
