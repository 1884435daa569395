import { parseDuration } from '../../core/duration.js'
import { ConfigError } from '../../core/errors.js'
import { assertKnownKeys, positiveInteger } from '../../core/options.js'
import type {
  AlertCount,
  ApiKeyRecord,
  LoginBeginInput,
  LoginBeginResult,
  LoginFailedInput,
  LoginFailedResult,
  LoginSucceededInput,
  SessionRecord,
  Store,
  StoredApiKey,
  StoredSession,
} from '../types.js'
import { redisAuthenticate } from './authenticate.js'
import { commandSender, ScriptRunner, script } from './client.js'
import * as lua from './scripts.js'

export interface RedisStoreOptions {
  /** Prepended to every key. Default `'bulwark:'`; on Redis Cluster use a hash tag: `'{bulwark}:'`. */
  prefix?: string
  /**
   * Longest wait for one store operation before it fails with 503 `ERR_STORE_UNAVAILABLE`:
   * a duration (`'200ms'`) or ms. Default 200 ms.
   */
  timeout?: string | number
  /**
   * Sessions and API keys whose unchanging part (user, permissions, data, …) this process keeps
   * for up to 5 s, so that Redis answers a request with only what changed. Existence, expiry and
   * revocation are still checked in Redis on every request. Default 10 000 entries; 0 turns it off.
   */
  recordCacheSize?: number
}

/** A Redis store plus what benchmarks and tests measure. */
export interface RedisStore extends Store {
  readonly kind: 'redis'
  /** Round trips this store has sent (an EVALSHA that falls back to EVAL counts two). */
  readonly roundTrips: number
}

const SCRIPTS = {
  createSession: script(lua.CREATE_SESSION),
  revokeSession: script(lua.REVOKE_SESSION),
  revokeUserSessions: script(lua.REVOKE_USER_SESSIONS),
  listUserSessions: script(lua.LIST_USER_SESSIONS),
  reauthenticateSession: script(lua.REAUTHENTICATE_SESSION),
  createApiKey: script(lua.CREATE_API_KEY),
  revokeApiKey: script(lua.REVOKE_API_KEY),
  rotateApiKey: script(lua.ROTATE_API_KEY),
  listApiKeys: script(lua.LIST_API_KEYS),
  revokeUserTokensBefore: script(lua.REVOKE_USER_TOKENS_BEFORE),
  loginBegin: script(lua.LOGIN_BEGIN),
  loginSucceeded: script(lua.LOGIN_SUCCEEDED),
  loginFailed: script(lua.LOGIN_FAILED),
  countAlert: script(lua.COUNT_ALERT),
}

/** How long a suppressed alert count waits, after its window, to be reported with the next alert. */
const ALERT_RETAIN_MS = 86_400_000

const DEFAULT_RETAIN_MS = 30 * 86_400_000

/**
 * The distributed store: sessions, API keys, revocations, rate limits and login counters in Redis,
 * each operation one atomic script (EVALSHA, EVAL when Redis lost the script). Pass an ioredis
 * client or a connected node-redis client; the store never closes it.
 *
 * @example
 * import Redis from 'ioredis'
 * import { redisStore } from '@bulwark/guard/redis'
 * const guard = createGuard({ store: redisStore(new Redis(process.env.REDIS_URL), { prefix: 'bank:' }) })
 */
export function redisStore(client: unknown, options: RedisStoreOptions = {}): RedisStore {
  assertKnownKeys('redisStore options', options, ['prefix', 'timeout', 'recordCacheSize'])
  const prefix = options.prefix ?? 'bulwark:'
  if (typeof prefix !== 'string') throw new ConfigError('redisStore.prefix must be a string')
  const timeoutMs =
    options.timeout === undefined ? 200 : parseDuration('redisStore.timeout', options.timeout)
  const cacheSize =
    options.recordCacheSize === undefined
      ? 10_000
      : options.recordCacheSize === 0
        ? 0
        : positiveInteger('redisStore.recordCacheSize', options.recordCacheSize)
  const runner = new ScriptRunner(commandSender(client), timeoutMs)
  const hot = redisAuthenticate(runner, prefix, cacheSize)
  const k = (key: string) => prefix + key

  return {
    kind: 'redis',
    get roundTrips() {
      return runner.roundTrips
    },

    authenticate: hot.authenticate,

    async createSession(id: string, record: SessionRecord): Promise<void> {
      hot.sessions.delete(id)
      await runner.run(
        SCRIPTS.createSession,
        [k(`s:${id}`), k(`us:${record.userId}`)],
        [
          id,
          record.userId,
          JSON.stringify(record.permissions),
          record.data === undefined ? '' : JSON.stringify(record.data),
          record.device ?? '',
          record.createdAt,
          record.expiresAt,
          record.idleMs,
        ],
      )
    },

    async revokeSession(id: string): Promise<boolean> {
      hot.sessions.delete(id)
      return Number(await runner.run(SCRIPTS.revokeSession, [k(`s:${id}`)], [prefix, id])) === 1
    },

    async revokeUserSessions(userId: string): Promise<number> {
      return Number(await runner.run(SCRIPTS.revokeUserSessions, [k(`us:${userId}`)], [prefix]))
    },

    async listUserSessions(userId: string, now: number): Promise<StoredSession[]> {
      const flat = (
        (await runner.run(
          SCRIPTS.listUserSessions,
          [k(`us:${userId}`)],
          [prefix, now],
        )) as unknown[]
      ).map(String)
      const sessions: StoredSession[] = []
      for (let i = 0; i < flat.length; i += 11) {
        sessions.push(sessionFromFields(flat[i] as string, flat.slice(i + 1, i + 11)))
      }
      return sessions.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    },

    async reauthenticateSession(id: string, now: number): Promise<boolean> {
      return Number(await runner.run(SCRIPTS.reauthenticateSession, [k(`s:${id}`)], [now])) === 1
    },

    async createApiKey(id: string, record: ApiKeyRecord): Promise<void> {
      hot.apiKeys.delete(id)
      await runner.run(
        SCRIPTS.createApiKey,
        [k(`k:${id}`), k(`ok:${record.owner}`)],
        apiKeyArgs(id, record),
      )
    },

    async revokeApiKey(id: string): Promise<boolean> {
      hot.apiKeys.delete(id)
      return Number(await runner.run(SCRIPTS.revokeApiKey, [k(`k:${id}`)], [prefix, id])) === 1
    },

    async rotateApiKey(oldId, newId, terms, oldExpiresAt, now) {
      hot.apiKeys.delete(newId)
      const reply = (await runner.run(
        SCRIPTS.rotateApiKey,
        [k(`k:${oldId}`), k(`k:${newId}`)],
        [prefix, newId, terms.createdAt, terms.expiresAt, oldExpiresAt, now],
      )) as unknown[]
      if (reply.length === 0) return undefined
      const [owner, scopes, name] = reply.map(String)
      return apiKeyFromFields(newId, [
        owner as string,
        scopes as string,
        name as string,
        String(terms.createdAt),
        String(terms.expiresAt),
        '0',
        '0',
      ])
    },

    async listApiKeys(owner: string, now: number): Promise<StoredApiKey[]> {
      const flat = (
        (await runner.run(SCRIPTS.listApiKeys, [k(`ok:${owner}`)], [prefix, now])) as unknown[]
      ).map(String)
      const keys: StoredApiKey[] = []
      for (let i = 0; i < flat.length; i += 8) {
        keys.push(apiKeyFromFields(flat[i] as string, flat.slice(i + 1, i + 8)))
      }
      return keys.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
    },

    async revokeJti(jti: string, untilMs: number, now: number): Promise<void> {
      if (untilMs <= now) return
      await runner.command([
        'SET',
        k(`jti:${jti}`),
        String(untilMs),
        'PX',
        String(Math.ceil(untilMs - now)),
      ])
    },

    async isJtiRevoked(jti: string, now: number): Promise<boolean> {
      const until = await runner.command(['GET', k(`jti:${jti}`)])
      return until !== null && until !== undefined && Number(until) > now
    },

    async revokeUserTokensBefore(userId, beforeMs, _now, retainMs = DEFAULT_RETAIN_MS) {
      await runner.run(SCRIPTS.revokeUserTokensBefore, [k(`rb:${userId}`)], [beforeMs, retainMs])
    },

    async loginBegin(input: LoginBeginInput): Promise<LoginBeginResult> {
      const reply = (await runner.run(
        SCRIPTS.loginBegin,
        [k(`lp:${input.user}:${input.ip}`), k(`lu:${input.user}`)],
        [
          input.now,
          input.pairThreshold,
          input.pairBaseDelayMs,
          input.pairMaxDelayMs,
          input.pairMemoryMs,
          input.userThreshold,
          input.userWindowMs,
          input.userLockMs,
        ],
      )) as unknown[]
      const scope = String(reply[1])
      const lockedUntil = Number(reply[2])
      if (Number(reply[0]) !== 1) {
        return { allowed: false, scope: scope === 'user' ? 'user' : 'pair', lockedUntil }
      }
      return {
        allowed: true,
        pairFailures: Number(reply[3]),
        userFailures: Number(reply[4]),
        ...(scope === ''
          ? {}
          : { lockedUntil, lockScope: scope === 'user' ? ('user' as const) : ('pair' as const) }),
      }
    },

    async loginSucceeded(input: LoginSucceededInput): Promise<void> {
      await runner.run(
        SCRIPTS.loginSucceeded,
        [k(`lp:${input.user}:${input.ip}`), k(`lu:${input.user}`)],
        [input.now, input.userWindowMs],
      )
    },

    async loginFailed(input: LoginFailedInput): Promise<LoginFailedResult> {
      const reply = (await runner.run(
        SCRIPTS.loginFailed,
        [k(`lfi:${input.ip}`), k(`lfb:${input.ipBlock}`)],
        [input.now, input.windowMs],
      )) as unknown[]
      return { ipFailures: Number(reply[0]), blockFailures: Number(reply[1]) }
    },

    async resetLimits(keys: readonly string[]): Promise<void> {
      if (keys.length > 0) await runner.command(['DEL', ...keys.map((key) => k(`rl:${key}`))])
    },

    async countAlert(fingerprint: string, windowMs: number, now: number): Promise<AlertCount> {
      const reply = (await runner.run(
        SCRIPTS.countAlert,
        [k(`al:${fingerprint}`)],
        [now, Math.ceil(windowMs), ALERT_RETAIN_MS],
      )) as unknown[]
      return { first: Number(reply[0]) === 1, suppressed: Number(reply[1]) }
    },
  }
}

function apiKeyArgs(id: string, record: ApiKeyRecord): (string | number)[] {
  return [
    id,
    record.owner,
    JSON.stringify(record.scopes),
    record.name ?? '',
    record.createdAt,
    record.expiresAt,
  ]
}

/** Fields u, p, d, v, c, x, i, l, a, n as the scripts return them. */
function sessionFromFields(id: string, f: readonly string[]): StoredSession {
  const [userId, permissions, data, device, created, expires, idle, last, auth, count] = f
  return {
    id,
    userId: userId as string,
    permissions: JSON.parse(permissions as string) as string[],
    ...(data ? { data: JSON.parse(data) as Record<string, unknown> } : {}),
    ...(device ? { device } : {}),
    createdAt: Number(created),
    expiresAt: Number(expires),
    idleMs: Number(idle),
    lastSeenAt: Number(last),
    authenticatedAt: Number(auth),
    invocations: Number(count),
  }
}

/** Fields o, s, m, c, x, l, n as the scripts return them. */
function apiKeyFromFields(id: string, f: readonly string[]): StoredApiKey {
  const [owner, scopes, name, created, expires, last, count] = f
  return {
    id,
    owner: owner as string,
    scopes: JSON.parse(scopes as string) as string[],
    ...(name ? { name } : {}),
    createdAt: Number(created),
    expiresAt: Number(expires),
    lastUsedAt: Number(last),
    invocations: Number(count),
  }
}
