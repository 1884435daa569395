import { type Clock, systemClock } from '../core/clock.js'
import { parseDuration } from '../core/duration.js'
import { ConfigError } from '../core/errors.js'
import { assertKnownKeys, describe } from '../core/options.js'
import type { Logger } from '../log/logger.js'
import { createLogger } from '../log/standalone.js'
import type { CachePolicy } from './cache.js'
import type { SecretProvider } from './provider.js'
import type { CallPolicy } from './provider-call.js'

/** Options of `secrets`. */
export interface SecretsOptions {
  /** `ssmParameters()`, `secretsManager()`, `env()`, or your own `SecretProvider`. */
  readonly provider: SecretProvider
  /** How long a loaded value is used before it is loaded again. Default `'5m'`. */
  readonly ttl?: string | number
  /** Up to this fraction of `ttl` is taken off each value's life, at random. Default 0.1. */
  readonly jitter?: number
  /**
   * When the provider fails, the last value is served for at most this long past its ttl, then
   * the failure is thrown. `0` never serves an expired value. Default `'15m'`.
   */
  readonly staleIfError?: string | number
  /** Extra attempts after a throttling error, with exponential backoff. Default 2. */
  readonly retries?: number
  /** Each provider call (a batch, a path with its pages) is aborted after this long. Default `'5s'`. */
  readonly timeout?: string | number
  /** Names to start loading now, at cold start; a failure is logged and retried on first `get`. */
  readonly prefetch?: readonly string[]
  /** Default: the system clock. */
  readonly clock?: Clock
  /** Where stale values and failed prefetches are reported. Default: a `createLogger()` logger. */
  readonly log?: Pick<Logger, 'warn'>
}

/** The options checked, with their defaults, for the store to use as they are. */
export interface ResolvedSecretsOptions {
  readonly provider: SecretProvider
  readonly call: CallPolicy
  readonly cache: Omit<CachePolicy, 'onStale'>
  readonly log: Pick<Logger, 'warn'>
  readonly prefetch: readonly string[] | undefined
}

const OPTION_KEYS = [
  'provider',
  'ttl',
  'jitter',
  'staleIfError',
  'retries',
  'timeout',
  'prefetch',
  'clock',
  'log',
]

/**
 * Checks the options of `secrets()` at construction, naming the nearest key for a misspelt one,
 * and fills in the defaults.
 *
 * @example
 * resolveSecretsOptions({ provider: env(), ttl: '1m' }).cache.ttlMs // 60000
 */
export function resolveSecretsOptions(options: SecretsOptions): ResolvedSecretsOptions {
  assertKnownKeys('secrets', options, OPTION_KEYS)
  const provider = options?.provider
  if (
    provider === null ||
    typeof provider !== 'object' ||
    typeof provider.load !== 'function' ||
    typeof provider.name !== 'string'
  ) {
    throw new ConfigError(
      'secrets.provider must be a provider such as ssmParameters(), secretsManager() or env()',
    )
  }
  const clock = options.clock ?? systemClock
  const jitter = options.jitter ?? 0.1
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter < 1)) {
    throw new ConfigError(
      `secrets.jitter must be a fraction from 0 to 0.99, got ${describe(jitter)}`,
    )
  }
  const stale = options.staleIfError ?? '15m'
  const retries = options.retries ?? 2
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    throw new ConfigError(
      `secrets.retries must be an integer from 0 to 10, got ${describe(retries)}`,
    )
  }
  const log = options.log
  if (log !== undefined && typeof log?.warn !== 'function') {
    throw new ConfigError('secrets.log must be a logger (createLogger() or guard.log)')
  }
  return {
    provider,
    call: {
      provider: provider.name,
      retries,
      timeoutMs: parseDuration('secrets.timeout', options.timeout ?? '5s'),
      clock,
    },
    cache: {
      ttlMs: parseDuration('secrets.ttl', options.ttl ?? '5m'),
      jitter,
      staleIfErrorMs: stale === 0 ? 0 : parseDuration('secrets.staleIfError', stale),
      staleIfErrorText: String(stale),
      clock,
    },
    log: log ?? loggerOnFirstWarning(),
    prefetch:
      options.prefetch === undefined ? undefined : checkNames('secrets.prefetch', options.prefetch),
  }
}

/**
 * The default log: a `createLogger()` logger made on the first warning rather than here, since
 * `secrets()` usually runs at import time and most processes never warn (~0.5 ms of a cold start).
 */
function loggerOnFirstWarning(): Pick<Logger, 'warn'> {
  let logger: Logger | undefined
  return {
    warn(message, fields) {
      logger ??= createLogger()
      logger.warn(message, fields)
    },
  }
}

const MAX_NAME_LENGTH = 2048

/**
 * A secret name or path as given to `get`, `refresh`, `getPath`, or a ConfigError.
 *
 * @example
 * checkName('secrets.get', '/prod/db/password')
 */
export function checkName(where: string, name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length > MAX_NAME_LENGTH) {
    throw new ConfigError(
      `${where} needs a secret name (a string of 1 to ${MAX_NAME_LENGTH} characters), got ${describe(name)}`,
    )
  }
  return name
}

/**
 * An array of names, or a ConfigError naming the first bad one.
 *
 * @example
 * checkNames('secrets.prefetch', ['/prod/db/password'])
 */
export function checkNames(where: string, names: unknown): readonly string[] {
  if (!Array.isArray(names)) {
    throw new ConfigError(`${where} must be an array of names, got ${describe(names)}`)
  }
  for (const name of names) checkName(where, name)
  return names
}
