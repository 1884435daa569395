import type { Clock } from '../core/clock.js'
import type { GuardError } from '../core/errors.js'
import { hasCode, SecretsErrorCode, secretError } from './errors.js'

/** How long values live, and how long an old one may stand in for a failing provider. */
export interface CachePolicy {
  readonly ttlMs: number
  /** Up to this fraction of `ttlMs` is taken off each value's lifetime, at random. */
  readonly jitter: number
  /** 0: never serve a value past its ttl. */
  readonly staleIfErrorMs: number
  /** The option as the user wrote it, for messages. */
  readonly staleIfErrorText: string
  readonly clock: Clock
  /** Told each time an old value is served because the provider failed. */
  readonly onStale: (key: string, error: GuardError, staleUntil: number) => void
}

/**
 * After a failed load answered with an old value, the next attempt waits this long, so that a
 * provider outage costs one failing call per second per key rather than one per request.
 */
export const FAILED_LOAD_PAUSE_MS = 1000
/**
 * A refresh asked for within this long of the last load returns that value: when a rotated
 * password is rejected by every request at once, the provider sees one call, not one per request.
 */
export const REFRESH_MIN_INTERVAL_MS = 1000

interface Entry<V> {
  value: V
  loadedAt: number
  expiresAt: number
  /** Past this, the value is never served again, whatever the provider does. */
  staleUntil: number
  /** Which load wrote it: a slow load never overwrites the result of a later one. */
  seq: number
}

interface Pending<V> {
  readonly promise: Promise<V>
  readonly forced: boolean
  readonly seq: number
}

/**
 * Values by key with a jittered time to live, one load in flight per key (concurrent callers
 * share it), forced refresh, and a bounded stale-while-error: when a load fails with
 * `ERR_SECRET_UNAVAILABLE`, the last value is served until `staleIfErrorMs` past its expiry,
 * and after that the failure is thrown.
 *
 * @example
 * const cache = new SecretCache<string>(policy)
 * await cache.load('/prod/db/password', () => fetchFromSsm('/prod/db/password'))
 */
export class SecretCache<V> {
  readonly #policy: CachePolicy
  readonly #entries = new Map<string, Entry<V>>()
  readonly #pending = new Map<string, Pending<V>>()
  #seq = 0

  constructor(policy: CachePolicy) {
    this.#policy = policy
  }

  /** Whether `load(key, start)` would call `start`: nothing fresh, nothing in flight. */
  needsLoad(key: string): boolean {
    const entry = this.#entries.get(key)
    const fresh = entry !== undefined && this.#policy.clock.now() < entry.expiresAt
    return !fresh && !this.#pending.has(key)
  }

  /**
   * The fresh value, else the load in flight, else a new load by `start`. `forced` (a refresh)
   * skips the fresh value and any unforced load in flight, and never falls back to a stale value.
   */
  load(key: string, start: () => Promise<V>, forced = false): Promise<V> {
    const now = this.#policy.clock.now()
    const entry = this.#entries.get(key)
    if (entry !== undefined) {
      if (!forced && now < entry.expiresAt) return Promise.resolve(entry.value)
      if (forced && now - entry.loadedAt < REFRESH_MIN_INTERVAL_MS) {
        return Promise.resolve(entry.value)
      }
    }
    const pending = this.#pending.get(key)
    if (pending !== undefined && (pending.forced || !forced)) return pending.promise
    const seq = ++this.#seq
    const promise = this.#settle(key, seq, forced, start)
    this.#pending.set(key, { promise, forced, seq })
    return promise
  }

  /** Stores a value loaded some other way (each parameter of a path load). */
  set(key: string, value: V): void {
    this.#entries.set(key, this.#entry(value, ++this.#seq))
  }

  async #settle(key: string, seq: number, forced: boolean, start: () => Promise<V>): Promise<V> {
    try {
      const value = await start()
      const current = this.#entries.get(key)
      if (current === undefined || current.seq < seq)
        this.#entries.set(key, this.#entry(value, seq))
      return value
    } catch (error) {
      return this.#failed(key, error, forced)
    } finally {
      if (this.#pending.get(key)?.seq === seq) this.#pending.delete(key)
    }
  }

  #failed(key: string, error: unknown, forced: boolean): V {
    if (hasCode(error, SecretsErrorCode.notFound)) {
      this.#entries.delete(key)
      throw error
    }
    const entry = this.#entries.get(key)
    if (forced || entry === undefined || !hasCode(error, SecretsErrorCode.unavailable)) throw error
    const now = this.#policy.clock.now()
    if (now < entry.staleUntil) {
      entry.expiresAt = Math.min(now + FAILED_LOAD_PAUSE_MS, entry.staleUntil)
      this.#policy.onStale(key, error, entry.staleUntil)
      return entry.value
    }
    const why =
      this.#policy.staleIfErrorMs === 0
        ? 'an expired value is never served (staleIfError: 0)'
        : `the last value expired more than staleIfError (${this.#policy.staleIfErrorText}) ago and is no longer served`
    throw secretError(SecretsErrorCode.unavailable, `${error.message}; ${why}`, error.cause)
  }

  #entry(value: V, seq: number): Entry<V> {
    const { clock, ttlMs, jitter, staleIfErrorMs } = this.#policy
    const loadedAt = clock.now()
    // Instances that started together would otherwise all reload at the same moment.
    const expiresAt = loadedAt + ttlMs * (1 - jitter * Math.random())
    return { value, loadedAt, expiresAt, staleUntil: expiresAt + staleIfErrorMs, seq }
  }
}
