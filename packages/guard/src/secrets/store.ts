import { type Clock, systemClock } from '../core/clock.js'
import { parseDuration } from '../core/duration.js'
import { ConfigError, type GuardError } from '../core/errors.js'
import { assertKnownKeys, describe } from '../core/options.js'
import { createLogger, type Logger } from '../log/logger.js'
import { SecretCache } from './cache.js'
import { SecretsErrorCode, secretError, secretLabel } from './errors.js'
import { type JsonSecret, parseJsonSecret, secretField } from './json-secret.js'
import type { SecretProvider } from './provider.js'
import { type CallPolicy, callProvider, failureFor } from './provider-call.js'
import { registerLoadedSecret } from './redaction.js'

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

/** Options of one `get`. */
export interface GetSecretOptions {
  /** Parse the secret as a JSON object. */
  readonly json?: boolean
  /** One field of a JSON secret, as a string. */
  readonly field?: string
}

/** Cached secrets from one provider. Every value is registered with the redactor as it loads. */
export interface Secrets {
  /** The value, from the cache while it is fresh. */
  get(name: string): Promise<string>
  /** The value parsed as a JSON object (Secrets Manager key/value secrets). */
  get(name: string, options: { readonly json: true }): Promise<JsonSecret>
  /** One field of a JSON secret. */
  get(name: string, options: { readonly field: string }): Promise<string>
  get(name: string, options?: GetSecretOptions): Promise<string | JsonSecret>
  /** Several values by name, loaded in as few calls as the provider allows. */
  getMany(names: readonly string[]): Promise<Record<string, string>>
  /** Every value under a path, by full name (SSM Parameter Store). */
  getPath(path: string): Promise<Record<string, string>>
  /** Loads `names` now (batched), so that the first request does not wait; rejects on failure. */
  prefetch(names: readonly string[]): Promise<void>
  /**
   * Loads `name` again now, whatever its ttl: call it when the value was refused (a database
   * rejected the password after a rotation). Concurrent refreshes share one call; a refresh
   * within a second of the last load returns that value.
   */
  refresh(name: string): Promise<string>
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
const MAX_NAME_LENGTH = 2048

/**
 * Secrets from SSM Parameter Store, Secrets Manager or the environment, cached with a jittered
 * ttl, refreshed on demand after a rotation, served stale for a bounded time when the provider
 * fails, and registered with the redactor so that no log line, error record or alert shows them.
 *
 * @example
 * import { secrets, ssmParameters } from '@bulwark/guard/secrets'
 * const config = secrets({ provider: ssmParameters(), ttl: '5m', prefetch: ['/prod/db/password'] })
 * const password = await config.get('/prod/db/password')
 */
export function secrets(options: SecretsOptions): Secrets {
  assertKnownKeys('secrets', options, OPTION_KEYS)
  if (options === undefined) throw new ConfigError('secrets needs options with a provider')
  return new SecretStore(options)
}

class SecretStore implements Secrets {
  readonly #provider: SecretProvider
  readonly #call: CallPolicy
  readonly #values: SecretCache<string>
  readonly #paths: SecretCache<ReadonlyMap<string, string>>
  readonly #log: Pick<Logger, 'warn'>

  constructor(options: SecretsOptions) {
    const provider = options.provider
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
    this.#provider = provider
    const clock = options.clock ?? systemClock
    const ttlMs = parseDuration('secrets.ttl', options.ttl ?? '5m')
    const jitter = options.jitter ?? 0.1
    if (typeof jitter !== 'number' || !(jitter >= 0 && jitter < 1)) {
      throw new ConfigError(
        `secrets.jitter must be a fraction from 0 to 0.99, got ${describe(jitter)}`,
      )
    }
    const stale = options.staleIfError ?? '15m'
    const staleIfErrorMs = stale === 0 ? 0 : parseDuration('secrets.staleIfError', stale)
    const retries = options.retries ?? 2
    if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
      throw new ConfigError(
        `secrets.retries must be an integer from 0 to 10, got ${describe(retries)}`,
      )
    }
    this.#call = {
      provider: provider.name,
      retries,
      timeoutMs: parseDuration('secrets.timeout', options.timeout ?? '5s'),
      clock,
    }
    const log = options.log
    if (log !== undefined && typeof log?.warn !== 'function') {
      throw new ConfigError('secrets.log must be a logger (createLogger() or guard.log)')
    }
    this.#log = log ?? createLogger()
    const policy = (kind: 'secret' | 'path') => ({
      ttlMs,
      jitter,
      staleIfErrorMs,
      staleIfErrorText: String(stale),
      clock,
      onStale: (key: string, error: GuardError, staleUntil: number) =>
        this.#log.warn(`${kind} served stale: its provider is failing`, {
          name: key,
          provider: provider.name,
          code: error.code,
          staleUntil: new Date(staleUntil).toISOString(),
        }),
    })
    this.#values = new SecretCache(policy('secret'))
    this.#paths = new SecretCache(policy('path'))

    if (options.prefetch !== undefined) {
      const names = checkNames('secrets.prefetch', options.prefetch)
      this.prefetch(names).catch((error: GuardError) =>
        this.#log.warn('secrets prefetch failed: retried on first use', {
          provider: provider.name,
          code: error.code,
          error: error.message,
        }),
      )
    }
  }

  get(name: string): Promise<string>
  get(name: string, options: { readonly json: true }): Promise<JsonSecret>
  get(name: string, options: { readonly field: string }): Promise<string>
  get(name: string, options?: GetSecretOptions): Promise<string | JsonSecret>
  async get(name: string, options?: GetSecretOptions): Promise<string | JsonSecret> {
    checkName('secrets.get', name)
    assertKnownKeys('secrets.get options', options, ['json', 'field'])
    const text = await this.#values.load(name, () => this.#pick(this.#load([name]), name))
    if (options?.field !== undefined) {
      return secretField(name, parseJsonSecret(name, text), options.field)
    }
    return options?.json === true ? parseJsonSecret(name, text) : text
  }

  async getMany(names: readonly string[]): Promise<Record<string, string>> {
    const unique = [...new Set(checkNames('secrets.getMany', names))]
    const missing = unique.filter((name) => this.#values.needsLoad(name))
    const batch = missing.length > 0 ? this.#load(missing) : undefined
    const values = await Promise.all(
      unique.map((name) =>
        this.#values.load(name, () => this.#pick(batch ?? this.#load([name]), name)),
      ),
    )
    return Object.fromEntries(unique.map((name, i) => [name, values[i] as string]))
  }

  async getPath(path: string): Promise<Record<string, string>> {
    checkName('secrets.getPath', path)
    const values = await this.#paths.load(path, () => this.#loadPath(path))
    return Object.fromEntries(values)
  }

  async prefetch(names: readonly string[]): Promise<void> {
    await this.getMany(names)
  }

  refresh(name: string): Promise<string> {
    checkName('secrets.refresh', name)
    return this.#values.load(name, () => this.#pick(this.#load([name]), name), true)
  }

  async #load(names: readonly string[]): Promise<ReadonlyMap<string, string>> {
    const values = await callProvider(this.#call, (signal) => this.#provider.load(names, signal))
    for (const value of values.values()) registerLoadedSecret(value)
    return values
  }

  async #pick(batch: Promise<ReadonlyMap<string, string>>, name: string): Promise<string> {
    let values: ReadonlyMap<string, string>
    try {
      values = await batch
    } catch (error) {
      throw failureFor(secretLabel(name), error)
    }
    const value = values.get(name)
    if (value === undefined) {
      throw secretError(
        SecretsErrorCode.notFound,
        `${secretLabel(name)} was not found in ${this.#provider.name}`,
      )
    }
    return value
  }

  async #loadPath(path: string): Promise<ReadonlyMap<string, string>> {
    const label = `path ${JSON.stringify(path)}`
    const loadPath = this.#provider.loadPath?.bind(this.#provider)
    if (loadPath === undefined) {
      throw secretError(
        SecretsErrorCode.unsupported,
        `${this.#provider.name} has no paths: getPath(${JSON.stringify(path)}) needs ssmParameters()`,
      )
    }
    let values: ReadonlyMap<string, string>
    try {
      values = await callProvider(this.#call, (signal) => loadPath(path, signal))
    } catch (error) {
      throw failureFor(label, error)
    }
    if (values.size === 0) {
      throw secretError(
        SecretsErrorCode.notFound,
        `nothing was found under ${label} in ${this.#provider.name}`,
      )
    }
    for (const [name, value] of values) {
      registerLoadedSecret(value)
      this.#values.set(name, value)
    }
    return values
  }
}

function checkName(where: string, name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length > MAX_NAME_LENGTH) {
    throw new ConfigError(
      `${where} needs a secret name (a string of 1 to ${MAX_NAME_LENGTH} characters), got ${describe(name)}`,
    )
  }
  return name
}

function checkNames(where: string, names: unknown): readonly string[] {
  if (!Array.isArray(names)) {
    throw new ConfigError(`${where} must be an array of names, got ${describe(names)}`)
  }
  for (const name of names) checkName(where, name)
  return names
}
