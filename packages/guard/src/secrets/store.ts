import type { GuardError } from '../core/errors.js'
import { assertKnownKeys } from '../core/options.js'
import type { Logger } from '../log/logger.js'
import { type CachePolicy, SecretCache } from './cache.js'
import { SecretsErrorCode, secretError, secretLabel } from './errors.js'
import { type JsonSecret, parseJsonSecret, secretField } from './json-secret.js'
import { checkName, checkNames, resolveSecretsOptions, type SecretsOptions } from './options.js'
import type { SecretProvider } from './provider.js'
import { type CallPolicy, callProvider, failureFor } from './provider-call.js'
import { registerLoadedSecret } from './redaction.js'

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
  return new SecretStore(options)
}

class SecretStore implements Secrets {
  readonly #provider: SecretProvider
  readonly #call: CallPolicy
  readonly #values: SecretCache<string>
  readonly #paths: SecretCache<ReadonlyMap<string, string>>
  readonly #log: Pick<Logger, 'warn'>

  constructor(options: SecretsOptions) {
    const { provider, call, cache, log, prefetch } = resolveSecretsOptions(options)
    this.#provider = provider
    this.#call = call
    this.#log = log
    const policy = (kind: 'secret' | 'path'): CachePolicy => ({
      ...cache,
      onStale: (key, error, staleUntil) =>
        this.#log.warn(`${kind} served stale: its provider is failing`, {
          name: key,
          provider: provider.name,
          code: error.code,
          staleUntil: new Date(staleUntil).toISOString(),
        }),
    })
    this.#values = new SecretCache(policy('secret'))
    this.#paths = new SecretCache(policy('path'))
    if (prefetch !== undefined) {
      this.prefetch(prefetch).catch((error: GuardError) =>
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
