import type { Clock } from '../core/clock.js'
import { parseDuration } from '../core/duration.js'
import { ErrorCode, GuardError } from '../core/errors.js'
import { assertKnownKeys } from '../core/options.js'
import type { Principal } from '../core/principal.js'
import type { Store, StoredSession } from '../stores/types.js'
import { credentialId, isSessionTokenFormat, newSessionToken } from './tokens.js'
import { checkData, checkId, checkIdList } from './validate.js'

/** `createGuard({ sessions })`. */
export interface SessionsOptions {
  /** A session dies after this long without a request. Default `'15m'`. */
  idleTimeout?: string | number
  /** …and this long after it was created, however active. Default `'12h'`. */
  absoluteTimeout?: string | number
}

export const SESSIONS_OPTION_KEYS = ['idleTimeout', 'absoluteTimeout'] as const

export interface CreateSessionInput {
  userId: string
  /** Permission ids cached with the session and checked against every route's `permissions`. */
  permissions?: readonly string[]
  /** Small JSON data handed back as `ctx.user.data`. */
  data?: Record<string, unknown>
  /** For an "active sessions" page: `'Firefox on macOS'`. */
  device?: string
  idleTimeout?: string | number
  absoluteTimeout?: string | number
}

/** What `list(userId)` shows for an "active sessions" page: no token, no permissions. */
export interface SessionInfo {
  readonly id: string
  readonly device: string | undefined
  readonly createdAt: number
  readonly lastSeenAt: number
  readonly authenticatedAt: number
  readonly expiresAt: number
  readonly invocations: number
}

/** `guard.sessions`. */
export interface Sessions {
  /** A new session; the token is returned once and only its hash is stored. */
  create(input: CreateSessionInput): Promise<{ token: string; id: string; expiresAt: number }>
  /**
   * Checks a token outside HTTP (a WebSocket connect, a queue message): same store call as the
   * pipeline, so it counts an invocation. Throws 401 for anything but a live session.
   */
  verify(token: string): Promise<Principal>
  /** Ends the session of this token; the next request with it gets 401. */
  revoke(token: string): Promise<boolean>
  /** Ends a session by the id shown in `list` (the "sign out that device" button). */
  revokeById(userId: string, id: string): Promise<boolean>
  /** Ends every session of a user, e.g. after a password change. */
  revokeAll(userId: string): Promise<number>
  list(userId: string): Promise<SessionInfo[]>
  /** Records a fresh authentication (password or second factor just checked) for step-up. */
  reauthenticate(token: string): Promise<boolean>
}

export interface SessionSettings {
  readonly idleMs: number
  readonly absoluteMs: number
}

/** Reads and checks `sessions` options; unknown keys throw at construction. */
export function sessionSettings(options: SessionsOptions | undefined): SessionSettings {
  assertKnownKeys('sessions', options, SESSIONS_OPTION_KEYS)
  return {
    idleMs: parseDuration('sessions.idleTimeout', options?.idleTimeout ?? '15m'),
    absoluteMs: parseDuration('sessions.absoluteTimeout', options?.absoluteTimeout ?? '12h'),
  }
}

/** The principal of a session record as the store returned it. */
export function sessionPrincipal(session: StoredSession): Principal {
  return {
    kind: 'session',
    userId: session.userId,
    permissions: session.permissions,
    authenticatedAt: session.authenticatedAt,
    sessionId: session.id,
    ...(session.data === undefined ? {} : { data: session.data }),
  }
}

/** 401 with a stable code for a credential the store does not accept. */
export function credentialRefused(status: 'missing' | 'expired' | 'revoked'): GuardError {
  if (status === 'expired') {
    return new GuardError(ErrorCode.authExpired, 401, 'the credential has expired', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    })
  }
  if (status === 'revoked') {
    return new GuardError(ErrorCode.authRevoked, 401, 'the credential has been revoked', {
      headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
    })
  }
  return new GuardError(ErrorCode.authInvalid, 401, 'the credential is not valid', {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  })
}

/**
 * Sessions in the token store: opaque 256-bit bearer tokens, only their SHA-256 stored, idle and
 * absolute timeouts, invocation counts, last seen and device per session.
 *
 * @example
 * const sessions = createSessions(memoryStore(), systemClock, { idleTimeout: '15m' })
 * const { token } = await sessions.create({ userId: 'u1', permissions: ['notes:read'] })
 */
export function createSessions(store: Store, clock: Clock, options?: SessionsOptions): Sessions {
  const defaults = sessionSettings(options)

  async function idOf(token: unknown): Promise<string | undefined> {
    return typeof token === 'string' && isSessionTokenFormat(token)
      ? credentialId(token)
      : undefined
  }

  return {
    async create(input) {
      assertKnownKeys('sessions.create input', input, [
        'userId',
        'permissions',
        'data',
        'device',
        'idleTimeout',
        'absoluteTimeout',
      ])
      const userId = checkId('userId', input.userId)
      const permissions = checkIdList('permissions', input.permissions)
      const data = checkData('data', input.data)
      const device = input.device === undefined ? undefined : checkId('device', input.device)
      const idleMs =
        input.idleTimeout === undefined
          ? defaults.idleMs
          : parseDuration('idleTimeout', input.idleTimeout)
      const absoluteMs =
        input.absoluteTimeout === undefined
          ? defaults.absoluteMs
          : parseDuration('absoluteTimeout', input.absoluteTimeout)
      const token = newSessionToken()
      const id = await credentialId(token)
      const now = clock.now()
      const expiresAt = now + absoluteMs
      await store.createSession(id, {
        userId,
        permissions,
        ...(data === undefined ? {} : { data }),
        ...(device === undefined ? {} : { device }),
        createdAt: now,
        expiresAt,
        idleMs,
      })
      return { token, id, expiresAt }
    },

    async verify(token) {
      const id = await idOf(token)
      if (id === undefined) throw credentialRefused('missing')
      const result = await store.authenticate({
        now: clock.now(),
        limits: [],
        credential: { kind: 'session', id },
      })
      if (result.status === 'ok' && result.record?.kind === 'session') {
        return sessionPrincipal(result.record)
      }
      throw credentialRefused(result.status === 'expired' ? 'expired' : 'missing')
    },

    async revoke(token) {
      const id = await idOf(token)
      return id === undefined ? false : store.revokeSession(id)
    },

    async revokeById(userId, id) {
      checkId('userId', userId)
      checkId('id', id)
      // Only a session of this user: a forged id from another account changes nothing.
      const live = await store.listUserSessions(userId, clock.now())
      return live.some((session) => session.id === id) ? store.revokeSession(id) : false
    },

    async revokeAll(userId) {
      return store.revokeUserSessions(checkId('userId', userId))
    },

    async list(userId) {
      const sessions = await store.listUserSessions(checkId('userId', userId), clock.now())
      return sessions.map((session) => ({
        id: session.id,
        device: session.device,
        createdAt: session.createdAt,
        lastSeenAt: session.lastSeenAt,
        authenticatedAt: session.authenticatedAt,
        expiresAt: Math.min(session.expiresAt, session.lastSeenAt + session.idleMs),
        invocations: session.invocations,
      }))
    },

    async reauthenticate(token) {
      const id = await idOf(token)
      return id === undefined ? false : store.reauthenticateSession(id, clock.now())
    },
  }
}
