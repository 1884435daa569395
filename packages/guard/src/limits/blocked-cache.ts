import type { LimitState } from '../stores/types.js'

export interface BlockedEntry {
  readonly until: number
  readonly state: LimitState
}

/**
 * Keys the store has denied, remembered until their Retry-After. Exact, not approximate: a denied
 * GCRA cell does not move and nothing but time reopens it, so answering 429 from here gives the
 * same answer the store would have given, without the round trip. Bounded; oldest out first.
 *
 * @example
 * const blocked = new BlockedCache(10_000)
 * blocked.add('ip:203.0.113.7', now + 20_000, state)
 * blocked.find(['ip:203.0.113.7'], now) // { until, state }
 */
export class BlockedCache {
  readonly #entries = new Map<string, BlockedEntry>()

  constructor(private readonly maxEntries: number) {}

  /** The entry with the longest wait among `keys` that are still blocked at `now`. */
  find(keys: readonly string[], now: number): BlockedEntry | undefined {
    if (this.#entries.size === 0) return undefined
    let found: BlockedEntry | undefined
    for (const key of keys) {
      const entry = this.#entries.get(key)
      if (entry === undefined) continue
      if (entry.until <= now) this.#entries.delete(key)
      else if (found === undefined || entry.until > found.until) found = entry
    }
    return found
  }

  add(key: string, until: number, state: LimitState): void {
    if (this.maxEntries === 0) return
    this.#entries.delete(key)
    this.#entries.set(key, { until, state })
    if (this.#entries.size > this.maxEntries) {
      this.#entries.delete(this.#entries.keys().next().value as string)
    }
  }
}
