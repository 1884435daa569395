import { assertKnownKeys, positiveInteger } from '../core/options.js'
import { gcraStep } from './gcra.js'
import { EXPIRED_GRACE_MS } from './redis/scripts.js'
import type {
  AlertCount,
  ApiKeyRecord,
  AuthenticatedRecord,
  AuthenticateInput,
  AuthenticateResult,
  LimitCheck,
  LimitState,
  LoginBeginInput,
  LoginBeginResult,
  LoginFailedInput,
  LoginFailedResult,
  LoginSucceededInput,
  SessionRecord,
  Store,
  StoredApiKey,
  StoredSession,
  SubjectLimitCheck,
} from './types.js'

export interface MemoryStoreOptions {
  /** Entries kept at most; past it the oldest are dropped. Default 100 000. */
  maxEntries?: number
}

interface Entry {
  value: unknown
  /** Logical expiry (the callers' clock); Infinity for none. */
  expiresAt: number
}

interface LoginPair {
  n: number
  lockedUntil: number
  lastFailureAt: number
}

interface LoginUser {
  n: number
  lockedUntil: number
  windowStart: number
}

interface AlertWindow {
  endsAt: number
  suppressed: number
}

/** How long a suppressed count waits, after its window, to be reported with the next alert. */
const ALERT_RETAIN_MS = 86_400_000

interface WindowCounter {
  n: number
  windowStart: number
}

const SWEEP_EVERY = 1000
const DEFAULT_RETAIN_MS = 30 * 86_400_000

/**
 * The embedded store: one process, tests, local runs. Same semantics as `redisStore` (both pass
 * one contract suite) but state lives in this instance only, so on Lambda every instance has its
 * own sessions and limits; the guard warns about that at cold start.
 *
 * @example
 * const guard = createGuard({ store: memoryStore() })
 */
export function memoryStore(options: MemoryStoreOptions = {}): Store {
  assertKnownKeys('memoryStore options', options, ['maxEntries'])
  const maxEntries =
    options.maxEntries === undefined
      ? 100_000
      : positiveInteger('memoryStore.maxEntries', options.maxEntries)
  const entries = new Map<string, Entry>()
  let writes = 0
  let lastNow = 0

  function read<T>(key: string, now: number = lastNow): T | undefined {
    const entry = entries.get(key)
    if (entry === undefined) return undefined
    if (entry.expiresAt <= now) {
      entries.delete(key)
      return undefined
    }
    return entry.value as T
  }

  function write(key: string, value: unknown, expiresAt: number): void {
    entries.delete(key)
    entries.set(key, { value, expiresAt })
    if (++writes % SWEEP_EVERY === 0) sweep()
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value as string
      entries.delete(oldest)
    }
  }

  function sweep(): void {
    for (const [key, entry] of entries) if (entry.expiresAt <= lastNow) entries.delete(key)
  }

  function observe(now: number): void {
    if (now > lastNow) lastNow = now
  }

  /** All-or-nothing consume of a group of limits; `denied` is the longest wait, if any. */
  function consumeGroup(
    checks: readonly LimitCheck[],
    now: number,
    states: LimitState[],
  ): { denied: LimitState; retryAfterMs: number } | undefined {
    const steps = checks.map((check) =>
      gcraStep(read<number>(`rl:${check.key}`, now), now, check.limit, check.windowMs),
    )
    let worst = -1
    steps.forEach((step, index) => {
      if (!step.allowed && (worst < 0 || step.retryAfterMs > (steps[worst]?.retryAfterMs ?? 0)))
        worst = index
    })
    const commit = worst < 0
    checks.forEach((check, index) => {
      const step = steps[index] as (typeof steps)[number]
      if (commit) write(`rl:${check.key}`, step.tat, now + Math.ceil(step.tat - now))
      states.push({
        name: check.name,
        limit: check.limit,
        windowMs: check.windowMs,
        remaining: commit ? step.remaining : step.allowed ? step.remaining + 1 : 0,
        resetMs: step.resetMs,
      })
    })
    if (commit) return undefined
    const base = states.length - checks.length
    return {
      denied: states[base + worst] as LimitState,
      retryAfterMs: (steps[worst] as (typeof steps)[number]).retryAfterMs,
    }
  }

  function subjectChecks(
    limits: readonly SubjectLimitCheck[] | undefined,
    userId: string,
    credentialId: string,
  ): LimitCheck[] {
    return (limits ?? []).map((limit) => ({
      name: limit.name,
      key: limit.keyPrefix + (limit.subject === 'user' ? userId : credentialId),
      limit: limit.limit,
      windowMs: limit.windowMs,
    }))
  }

  function dropSession(id: string, session: StoredSession | undefined): void {
    entries.delete(`s:${id}`)
    if (session !== undefined) read<Set<string>>(`us:${session.userId}`, 0)?.delete(id)
  }

  function liveSession(id: string, now: number): StoredSession | undefined {
    const session = read<StoredSession>(`s:${id}`, now)
    if (session === undefined) return undefined
    if (now >= session.expiresAt || now - session.lastSeenAt >= session.idleMs) {
      dropSession(id, session)
      return undefined
    }
    return session
  }

  function storeApiKey(id: string, record: ApiKeyRecord): void {
    observe(record.createdAt)
    const key: StoredApiKey = { ...record, id, lastUsedAt: 0, invocations: 0 }
    write(`k:${id}`, key, keyExpiry(record.expiresAt))
    const indexKey = `ok:${record.owner}`
    const index = read<Set<string>>(indexKey, 0) ?? new Set<string>()
    index.add(id)
    write(indexKey, index, Number.POSITIVE_INFINITY)
  }

  function sessionExpiry(session: StoredSession, now: number): number {
    return now + Math.ceil(Math.min(session.idleMs, session.expiresAt - now)) + EXPIRED_GRACE_MS
  }

  function keyExpiry(expiresAt: number): number {
    return expiresAt === 0 ? Number.POSITIVE_INFINITY : expiresAt + EXPIRED_GRACE_MS
  }

  return {
    kind: 'memory',

    async authenticate(input: AuthenticateInput): Promise<AuthenticateResult> {
      const { now, credential } = input
      observe(now)
      const limits: LimitState[] = []
      const pre = consumeGroup(input.limits, now, limits)
      if (pre !== undefined) return { status: 'limited', limits, ...pre }
      if (credential === undefined) return { status: 'ok', limits }

      let record: AuthenticatedRecord
      let finish: () => void
      if (credential.kind === 'session') {
        const session = read<StoredSession>(`s:${credential.id}`, now)
        if (session === undefined) return { status: 'missing', limits }
        if (now >= session.expiresAt || now - session.lastSeenAt >= session.idleMs) {
          dropSession(credential.id, session)
          return { status: 'expired', limits }
        }
        const checks = subjectChecks(input.subjectLimits, session.userId, credential.id)
        const denied = consumeGroup(checks, now, limits)
        if (denied !== undefined) return { status: 'limited', limits, ...denied }
        const touched: StoredSession = {
          ...session,
          lastSeenAt: now,
          invocations: session.invocations + 1,
        }
        record = { kind: 'session', ...touched }
        finish = () => write(`s:${credential.id}`, touched, sessionExpiry(touched, now))
      } else if (credential.kind === 'apiKey') {
        const key = read<StoredApiKey>(`k:${credential.id}`, now)
        if (key === undefined) return { status: 'missing', limits }
        if (key.expiresAt !== 0 && now >= key.expiresAt) {
          entries.delete(`k:${credential.id}`)
          read<Set<string>>(`ok:${key.owner}`, 0)?.delete(credential.id)
          return { status: 'expired', limits }
        }
        const checks = subjectChecks(input.subjectLimits, key.owner, credential.id)
        const denied = consumeGroup(checks, now, limits)
        if (denied !== undefined) return { status: 'limited', limits, ...denied }
        const touched: StoredApiKey = { ...key, lastUsedAt: now, invocations: key.invocations + 1 }
        record = { kind: 'apiKey', ...touched }
        finish = () => write(`k:${credential.id}`, touched, keyExpiry(key.expiresAt))
      } else {
        if (credential.jti !== undefined && read(`jti:${credential.jti}`, now) !== undefined) {
          return { status: 'revoked', limits }
        }
        const before = read<number>(`rb:${credential.userId}`, now)
        if (before !== undefined && credential.issuedAt < before) {
          return { status: 'revoked', limits }
        }
        const checks = subjectChecks(input.subjectLimits, credential.userId, credential.jti ?? '')
        const denied = consumeGroup(checks, now, limits)
        if (denied !== undefined) return { status: 'limited', limits, ...denied }
        record = { kind: 'jwt', userId: credential.userId }
        finish = () => {}
      }
      finish()
      return { status: 'ok', limits, record }
    },

    async createSession(id: string, record: SessionRecord): Promise<void> {
      const session: StoredSession = {
        ...record,
        id,
        lastSeenAt: record.createdAt,
        authenticatedAt: record.createdAt,
        invocations: 0,
      }
      observe(record.createdAt)
      write(`s:${id}`, session, sessionExpiry(session, record.createdAt))
      const indexKey = `us:${record.userId}`
      const index = read<Set<string>>(indexKey, 0) ?? new Set<string>()
      index.add(id)
      const previous = entries.get(indexKey)?.expiresAt ?? 0
      write(indexKey, index, Math.max(previous, record.expiresAt))
    },

    async revokeSession(id: string): Promise<boolean> {
      const session = read<StoredSession>(`s:${id}`, 0)
      if (session === undefined) return false
      dropSession(id, session)
      return true
    },

    async revokeUserSessions(userId: string): Promise<number> {
      const index = read<Set<string>>(`us:${userId}`, 0)
      if (index === undefined) return 0
      let count = 0
      for (const id of index) if (entries.delete(`s:${id}`)) count++
      entries.delete(`us:${userId}`)
      return count
    },

    async listUserSessions(userId: string, now: number): Promise<StoredSession[]> {
      observe(now)
      const index = read<Set<string>>(`us:${userId}`, 0)
      if (index === undefined) return []
      const live: StoredSession[] = []
      for (const id of [...index]) {
        const session = liveSession(id, now)
        if (session === undefined) index.delete(id)
        else live.push(session)
      }
      return live.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    },

    async reauthenticateSession(id: string, now: number): Promise<boolean> {
      observe(now)
      const session = liveSession(id, now)
      if (session === undefined) return false
      const updated = { ...session, authenticatedAt: now }
      write(`s:${id}`, updated, entries.get(`s:${id}`)?.expiresAt ?? sessionExpiry(updated, now))
      return true
    },

    async createApiKey(id: string, record: ApiKeyRecord): Promise<void> {
      storeApiKey(id, record)
    },

    async revokeApiKey(id: string): Promise<boolean> {
      const key = read<StoredApiKey>(`k:${id}`, 0)
      if (key === undefined) return false
      entries.delete(`k:${id}`)
      read<Set<string>>(`ok:${key.owner}`, 0)?.delete(id)
      return true
    },

    async rotateApiKey(oldId, newId, terms, oldExpiresAt, now) {
      observe(now)
      const old = read<StoredApiKey>(`k:${oldId}`, now)
      if (old === undefined || (old.expiresAt !== 0 && now >= old.expiresAt)) return undefined
      const expiresAt = old.expiresAt === 0 ? oldExpiresAt : Math.min(old.expiresAt, oldExpiresAt)
      write(`k:${oldId}`, { ...old, expiresAt }, keyExpiry(expiresAt))
      const record: ApiKeyRecord = {
        owner: old.owner,
        scopes: old.scopes,
        ...(old.name === undefined ? {} : { name: old.name }),
        createdAt: terms.createdAt,
        expiresAt: terms.expiresAt,
      }
      storeApiKey(newId, record)
      return { ...record, id: newId, lastUsedAt: 0, invocations: 0 }
    },

    async listApiKeys(owner: string, now: number): Promise<StoredApiKey[]> {
      observe(now)
      const index = read<Set<string>>(`ok:${owner}`, 0)
      if (index === undefined) return []
      const live: StoredApiKey[] = []
      for (const id of [...index]) {
        const key = read<StoredApiKey>(`k:${id}`, now)
        if (key === undefined || (key.expiresAt !== 0 && now >= key.expiresAt)) index.delete(id)
        else live.push(key)
      }
      return live.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    },

    async revokeJti(jti: string, untilMs: number, now: number): Promise<void> {
      observe(now)
      if (untilMs > now) write(`jti:${jti}`, true, untilMs)
    },

    async isJtiRevoked(jti: string, now: number): Promise<boolean> {
      return read(`jti:${jti}`, now) !== undefined
    },

    async revokeUserTokensBefore(userId, beforeMs, now, retainMs = DEFAULT_RETAIN_MS) {
      observe(now)
      const previous = read<number>(`rb:${userId}`, now) ?? 0
      write(`rb:${userId}`, Math.max(previous, beforeMs), now + retainMs)
    },

    async loginBegin(input: LoginBeginInput): Promise<LoginBeginResult> {
      const { now } = input
      observe(now)
      const pairKey = `lp:${input.user}:${input.ip}`
      const userKey = `lu:${input.user}`
      const pair = read<LoginPair>(pairKey, now) ?? { n: 0, lockedUntil: 0, lastFailureAt: 0 }
      const user = read<LoginUser>(userKey, now) ?? { n: 0, lockedUntil: 0, windowStart: 0 }
      if (pair.lockedUntil > now) {
        return { allowed: false, scope: 'pair', lockedUntil: pair.lockedUntil }
      }
      if (user.lockedUntil > now) {
        return { allowed: false, scope: 'user', lockedUntil: user.lockedUntil }
      }
      let pairFailures = now - pair.lastFailureAt >= input.pairMemoryMs ? 0 : pair.n
      let userFailures = user.n
      let windowStart = user.windowStart
      if (now >= windowStart + input.userWindowMs) {
        userFailures = 0
        windowStart = now
      }
      pairFailures += 1
      userFailures += 1
      let pairLock = pair.lockedUntil
      let userLock = user.lockedUntil
      let userCount = userFailures
      let lockedUntil = 0
      let lockScope: 'pair' | 'user' = 'pair'
      if (pairFailures >= input.pairThreshold) {
        pairLock =
          now +
          Math.min(
            input.pairBaseDelayMs * 2 ** (pairFailures - input.pairThreshold),
            input.pairMaxDelayMs,
          )
        lockedUntil = pairLock
      }
      if (userFailures >= input.userThreshold) {
        userLock = now + input.userLockMs
        userCount = 0
        if (userLock > lockedUntil) {
          lockedUntil = userLock
          lockScope = 'user'
        }
      }
      write(
        pairKey,
        { n: pairFailures, lockedUntil: pairLock, lastFailureAt: now },
        now + Math.max(input.pairMemoryMs, pairLock - now),
      )
      write(
        userKey,
        { n: userCount, lockedUntil: userLock, windowStart },
        Math.max(windowStart + input.userWindowMs, userLock),
      )
      return {
        allowed: true,
        pairFailures,
        userFailures,
        ...(lockedUntil === 0 ? {} : { lockedUntil, lockScope }),
      }
    },

    async loginSucceeded(input: LoginSucceededInput): Promise<void> {
      observe(input.now)
      entries.delete(`lp:${input.user}:${input.ip}`)
      const user = read<LoginUser>(`lu:${input.user}`, input.now)
      if (user !== undefined && user.n > 0 && input.now < user.windowStart + input.userWindowMs) {
        user.n -= 1
      }
    },

    async loginFailed(input: LoginFailedInput): Promise<LoginFailedResult> {
      observe(input.now)
      const count = (key: string): number => {
        const counter = read<WindowCounter>(key, input.now) ?? { n: 0, windowStart: 0 }
        if (input.now >= counter.windowStart + input.windowMs) {
          counter.n = 0
          counter.windowStart = input.now
        }
        counter.n += 1
        write(key, counter, counter.windowStart + input.windowMs)
        return counter.n
      }
      return { ipFailures: count(`lfi:${input.ip}`), blockFailures: count(`lfb:${input.ipBlock}`) }
    },

    async resetLimits(keys: readonly string[]): Promise<void> {
      for (const key of keys) entries.delete(`rl:${key}`)
    },

    async countAlert(fingerprint: string, windowMs: number, now: number): Promise<AlertCount> {
      observe(now)
      const key = `al:${fingerprint}`
      const window = read<AlertWindow>(key, now)
      if (window !== undefined && now < window.endsAt) {
        window.suppressed += 1
        return { first: false, suppressed: 0 }
      }
      write(key, { endsAt: now + windowMs, suppressed: 0 }, now + windowMs + ALERT_RETAIN_MS)
      return { first: true, suppressed: window?.suppressed ?? 0 }
    },
  }
}
