/**
 * The parts of sessions and API keys that never change after creation (user, permissions, data,
 * device, created, …), kept in this process for a few seconds so that the authenticate script can
 * answer with only what changes. The script still reads existence, expiry and revocation on every
 * request, and compares the stored `createdAt` with the one cached here (a recreated record
 * gets a full answer), so a revocation is visible on the very next request whatever is cached.
 *
 * Entries age by the callers' clock (`now`), like everything in the stores; the oldest go first
 * past `size`.
 *
 * @example
 * const cache = new RecordCache<SessionPart>(10_000)
 * cache.set(id, '1741000000000', part, now)
 * cache.get(id, now)?.value
 */
export class RecordCache<T> {
  /** How long an entry answers for, in ms of the callers' clock. */
  static readonly TTL_MS = 5_000

  private readonly entries = new Map<string, CachedRecord<T>>()

  constructor(private readonly size: number) {}

  get(id: string, now: number): CachedRecord<T> | undefined {
    const entry = this.entries.get(id)
    if (entry === undefined) return undefined
    if (Math.abs(now - entry.storedAt) >= RecordCache.TTL_MS) {
      this.entries.delete(id)
      return undefined
    }
    return entry
  }

  set(id: string, createdAt: string, value: T, now: number): void {
    if (this.size === 0) return
    this.entries.delete(id)
    this.entries.set(id, { createdAt, value, storedAt: now })
    if (this.entries.size > this.size) {
      this.entries.delete(this.entries.keys().next().value as string)
    }
  }

  delete(id: string): void {
    this.entries.delete(id)
  }
}

export interface CachedRecord<T> {
  /** `createdAt` exactly as Redis holds it: the script compares it with the stored one. */
  readonly createdAt: string
  readonly value: T
  readonly storedAt: number
}

/**
 * Freezes a parsed JSON value all the way down: cached values are shared by every request of a
 * session, so a handler that mutates `ctx.user.data` must not change what the next one sees.
 *
 * @example
 * const data = deepFreeze(JSON.parse('{"plan":{"tier":"gold"}}'))
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
