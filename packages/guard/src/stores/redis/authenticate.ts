import type {
  AuthenticatedRecord,
  AuthenticateInput,
  AuthenticateResult,
  LimitCheck,
  LimitState,
  SubjectLimitCheck,
} from '../types.js'
import { type ScriptRunner, script } from './client.js'
import * as lua from './hot-path-scripts.js'
import { deepFreeze, RecordCache } from './record-cache.js'

const CONSUME = script(lua.CONSUME)
const AUTHENTICATE = script(lua.AUTHENTICATE)
const STATUS = ['ok', 'limited', 'missing', 'expired', 'revoked'] as const
const NO_SUBJECT_LIMITS: readonly SubjectLimitCheck[] = []

/** What never changes in a session after `createSession`. */
interface SessionPart {
  readonly userId: string
  readonly permissions: readonly string[]
  readonly data?: Readonly<Record<string, unknown>>
  readonly device?: string
  readonly createdAt: number
  readonly expiresAt: number
  readonly idleMs: number
}

/** What never changes in an API key after `createApiKey` (rotation can shorten its expiry). */
interface ApiKeyPart {
  readonly owner: string
  readonly scopes: readonly string[]
  readonly name?: string
  readonly createdAt: number
}

/**
 * `Store.authenticate` for Redis: one EVALSHA per call, `CONSUME` when there is no credential,
 * else `AUTHENTICATE` (see `hot-path-scripts.ts` for the wire format). Records whose unchanging
 * part is cached get a reply of only what changes.
 *
 * @example
 * const hot = redisAuthenticate(runner, 'bulwark:', 10_000)
 * await hot.authenticate({ now: Date.now(), limits: [{ name: 'ip', key: 'ip:1.2.3.4', limit: 300, windowMs: 60_000 }] })
 */
export function redisAuthenticate(runner: ScriptRunner, prefix: string, cacheSize: number) {
  const sessions = new RecordCache<SessionPart>(cacheSize)
  const apiKeys = new RecordCache<ApiKeyPart>(cacheSize)
  const limitPrefix = `${prefix}rl:`

  async function authenticate(input: AuthenticateInput): Promise<AuthenticateResult> {
    const { now, limits, credential } = input
    const nowArg = String(now)
    const keys: string[] = []
    const args: (string | number)[] = credential === undefined ? [nowArg] : [nowArg, limits.length]
    for (const limit of limits) {
      keys.push(limitPrefix + limit.key)
      args.push(limit.limit, limit.windowMs)
    }
    if (credential === undefined) {
      const reply = (await runner.run(CONSUME, keys, args)) as unknown[]
      return limitResult(reply, limits, NO_SUBJECT_LIMITS)
    }

    let cachedSession: SessionPart | undefined
    let cachedKey: ApiKeyPart | undefined
    if (credential.kind === 'session') {
      const cached = sessions.get(credential.id, now)
      cachedSession = cached?.value
      keys.push(`${prefix}s:${credential.id}`)
      args.push('s', credential.id, prefix, cached?.createdAt ?? '')
    } else if (credential.kind === 'apiKey') {
      const cached = apiKeys.get(credential.id, now)
      cachedKey = cached?.value
      keys.push(`${prefix}k:${credential.id}`)
      args.push('k', credential.id, prefix, cached?.createdAt ?? '')
    } else {
      keys.push(`${prefix}rb:${credential.userId}`)
      if (credential.jti !== undefined) keys.push(`${prefix}jti:${credential.jti}`)
      args.push('j', credential.userId, credential.issuedAt, credential.jti ?? '')
    }
    const subject = input.subjectLimits ?? NO_SUBJECT_LIMITS
    args.push(subject.length)
    for (const limit of subject) {
      args.push(
        limitPrefix + limit.keyPrefix,
        limit.subject === 'user' ? 'u' : 'c',
        limit.limit,
        limit.windowMs,
      )
    }

    const reply = (await runner.run(AUTHENTICATE, keys, args)) as unknown[]
    const result = limitResult(reply, limits, subject)
    if (result.status !== 'ok') return result
    const at = 4 + 2 * result.limits.length
    let record: AuthenticatedRecord
    if (credential.kind === 'session') {
      let part = cachedSession
      if (reply.length > at + 2) {
        part = sessionPart(reply, at + 2)
        sessions.set(credential.id, String(reply[at + 6]), part, now)
      }
      record = {
        kind: 'session',
        id: credential.id,
        ...(part as SessionPart),
        lastSeenAt: now,
        authenticatedAt: Number(reply[at]),
        invocations: Number(reply[at + 1]),
      }
    } else if (credential.kind === 'apiKey') {
      let part = cachedKey
      if (reply.length > at + 2) {
        part = apiKeyPart(reply, at + 2)
        apiKeys.set(credential.id, String(reply[at + 5]), part, now)
      }
      record = {
        kind: 'apiKey',
        id: credential.id,
        ...(part as ApiKeyPart),
        expiresAt: Number(reply[at]),
        lastUsedAt: now,
        invocations: Number(reply[at + 1]),
      }
    } else {
      record = { kind: 'jwt', userId: credential.userId }
    }
    return { status: 'ok', limits: result.limits, record }
  }

  return { authenticate, sessions, apiKeys }
}

/** Status and limit states: the head of every reply. */
function limitResult(
  reply: readonly unknown[],
  limits: readonly LimitCheck[],
  subject: readonly SubjectLimitCheck[],
): AuthenticateResult {
  const status = STATUS[Number(reply[0])] ?? 'missing'
  const count = Number(reply[3])
  const states: LimitState[] = []
  for (let i = 0; i < count; i++) {
    const spec = (i < limits.length ? limits[i] : subject[i - limits.length]) as
      | LimitCheck
      | SubjectLimitCheck
    states.push({
      name: spec.name,
      limit: spec.limit,
      windowMs: spec.windowMs,
      remaining: Number(reply[4 + 2 * i]),
      resetMs: Number(reply[5 + 2 * i]),
    })
  }
  if (status === 'limited') {
    return {
      status,
      limits: states,
      denied: states[Number(reply[1])] as LimitState,
      retryAfterMs: Number(reply[2]),
    }
  }
  return { status, limits: states }
}

/** userId, permissions, data, device, createdAt, expiresAt, idleMs from `at`. */
function sessionPart(reply: readonly unknown[], at: number): SessionPart {
  const data = String(reply[at + 2] ?? '')
  const device = String(reply[at + 3] ?? '')
  return {
    userId: String(reply[at]),
    permissions: Object.freeze(JSON.parse(String(reply[at + 1])) as string[]),
    ...(data ? { data: deepFreeze(JSON.parse(data) as Record<string, unknown>) } : {}),
    ...(device ? { device } : {}),
    createdAt: Number(reply[at + 4]),
    expiresAt: Number(reply[at + 5]),
    idleMs: Number(reply[at + 6]),
  }
}

/** owner, scopes, name, createdAt from `at`. */
function apiKeyPart(reply: readonly unknown[], at: number): ApiKeyPart {
  const name = String(reply[at + 2] ?? '')
  return {
    owner: String(reply[at]),
    scopes: Object.freeze(JSON.parse(String(reply[at + 1])) as string[]),
    ...(name ? { name } : {}),
    createdAt: Number(reply[at + 3]),
  }
}
