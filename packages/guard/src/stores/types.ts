/**
 * The token store contract. `memoryStore()` and `redisStore(client)` implement it and pass one
 * contract suite (`stores/testing/contract.ts`). Every operation is atomic; in Redis every
 * operation is one command or one Lua script, so one round trip.
 *
 * Time: stores never read a clock. Callers pass `now` (ms since the epoch) from the guard's
 * injectable clock, so tests move time and several instances agree on what "now" means as far as
 * their clocks agree.
 *
 * Keys: callers pass logical keys (`rl:ip:203.0.113.7`); a store adds its own prefix. Ids are the
 * SHA-256 of a credential (base64url), never the credential itself.
 *
 * Failure: an unreachable store rejects with `GuardError` 503 `ERR_STORE_UNAVAILABLE` within the
 * store's timeout. Nothing is retried inside the store; callers decide whether to fail closed.
 *
 * @example
 * const result = await store.authenticate({
 *   now: Date.now(),
 *   limits: [{ name: 'ip', key: 'rl:ip:203.0.113.7', limit: 300, windowMs: 60_000 }],
 *   credential: { kind: 'session', id: sessionIdFromToken },
 *   subjectLimits: [{ name: 'user', keyPrefix: 'rl:user:', subject: 'user', limit: 120, windowMs: 60_000 }],
 * })
 */
export interface Store {
  /** `'memory'` or `'redis'`: the guard warns when a memory store runs on Lambda. */
  readonly kind: 'memory' | 'redis'

  /**
   * The hot path, one round trip: consume `limits` (pre-auth: IP, IP block), then if they pass
   * check `credential` (existence, timeouts, revocation), then consume `subjectLimits` for the
   * user (or key) the credential belongs to, then count the invocation and refresh last seen.
   * Without a credential it is a plain multi-limit consume (`ctx.limit`, public routes).
   *
   * Limits are all-or-nothing within each group: if one denies, none of that group is consumed.
   * A denied subject limit leaves the session untouched (no count, no last seen), while the
   * pre-auth limits already consumed stay consumed.
   */
  authenticate(input: AuthenticateInput): Promise<AuthenticateResult>

  /** Stores a new session under `id` and indexes it under its user. */
  createSession(id: string, record: SessionRecord): Promise<void>
  /** Deletes one session; `false` when there was none. */
  revokeSession(id: string): Promise<boolean>
  /** Deletes every session of a user; returns how many there were. */
  revokeUserSessions(userId: string): Promise<number>
  /** The live sessions of a user (expired ones are pruned on the way), oldest first. */
  listUserSessions(userId: string, now: number): Promise<StoredSession[]>
  /** Sets `authenticatedAt` to `now` on a live session (step-up); `false` when none. */
  reauthenticateSession(id: string, now: number): Promise<boolean>

  /** Stores a new API key under `id` (the hash of the key) and indexes it under its owner. */
  createApiKey(id: string, record: ApiKeyRecord): Promise<void>
  /** Deletes a key; `false` when there was none. */
  revokeApiKey(id: string): Promise<boolean>
  /**
   * Creates `newId` with the owner, scopes and name of `oldId` and the new `createdAt`/`expiresAt`,
   * and makes `oldId` expire at `oldExpiresAt` (if that is sooner than its own expiry), atomically.
   * Returns the new key's record; `undefined` (and nothing created) when `oldId` does not exist or
   * has expired.
   */
  rotateApiKey(
    oldId: string,
    newId: string,
    terms: { readonly createdAt: number; readonly expiresAt: number },
    oldExpiresAt: number,
    now: number,
  ): Promise<StoredApiKey | undefined>
  /** The live keys of an owner, oldest first. */
  listApiKeys(owner: string, now: number): Promise<StoredApiKey[]>

  /** JWT: refuses the token with this `jti` until `untilMs` (its `exp`, so the entry dies with it). */
  revokeJti(jti: string, untilMs: number, now: number): Promise<void>
  isJtiRevoked(jti: string, now: number): Promise<boolean>
  /**
   * JWT: refuses every token of `userId` issued (`iat`) before `beforeMs`. Kept `retainMs`
   * (longer than your longest token lifetime); a later call never moves the moment backwards.
   */
  revokeUserTokensBefore(
    userId: string,
    beforeMs: number,
    now: number,
    retainMs?: number,
  ): Promise<void>

  /**
   * Login protection, before the password is checked: refuses a locked username+IP pair or a
   * locked username, otherwise counts the attempt as a failure up front (so a thousand parallel
   * guesses cannot all pass the check before the first failure is written) and locks what the
   * new counts require.
   */
  loginBegin(input: LoginBeginInput): Promise<LoginBeginResult>
  /** The password was right: clears the pair's counter and takes back the username count. */
  loginSucceeded(input: LoginSucceededInput): Promise<void>
  /** The password was wrong: counts the failure for the IP and the IP block (for alerts). */
  loginFailed(input: LoginFailedInput): Promise<LoginFailedResult>

  /** Forgets the state of these rate-limit keys (unblocks a caller). */
  resetLimits(keys: readonly string[]): Promise<void>

  /**
   * Alert de-duplication across instances: counts one occurrence of the alert `fingerprint`. The
   * first occurrence in a window of `windowMs` is `first` and carries how many were suppressed
   * since the previous alert was sent; the others in the window are suppressed.
   */
  countAlert(fingerprint: string, windowMs: number, now: number): Promise<AlertCount>
}

/** See {@link Store.countAlert}. */
export interface AlertCount {
  readonly first: boolean
  readonly suppressed: number
}

/** One rate limit to consume once: a GCRA cell with a burst of `limit` refilled over `windowMs`. */
export interface LimitCheck {
  /** Policy name for the RateLimit headers (`'ip'`, `'user'`, `'db'`). */
  readonly name: string
  readonly key: string
  readonly limit: number
  readonly windowMs: number
}

/** A limit whose key is `keyPrefix` + the id of whoever the credential belongs to. */
export interface SubjectLimitCheck {
  readonly name: string
  readonly keyPrefix: string
  /** `'user'`: the session's/JWT's user or the key's owner; `'credential'`: the API key id. */
  readonly subject: 'user' | 'credential'
  readonly limit: number
  readonly windowMs: number
}

export type CredentialCheck =
  | { readonly kind: 'session'; readonly id: string }
  | { readonly kind: 'apiKey'; readonly id: string }
  /** A JWT already verified by signature; the store checks only revocation. */
  | {
      readonly kind: 'jwt'
      readonly userId: string
      /** `iat` in ms. */
      readonly issuedAt: number
      readonly jti?: string
    }

export interface AuthenticateInput {
  readonly now: number
  readonly limits: readonly LimitCheck[]
  readonly credential?: CredentialCheck | undefined
  readonly subjectLimits?: readonly SubjectLimitCheck[]
}

/** How one limit stands after the call. */
export interface LimitState {
  readonly name: string
  readonly limit: number
  readonly windowMs: number
  /** Requests that would still be admitted right now. */
  readonly remaining: number
  /** Ms until the full burst is available again. */
  readonly resetMs: number
}

export type AuthenticateResult =
  | {
      readonly status: 'ok'
      /** Every limit evaluated, pre-auth first then subject limits. */
      readonly limits: readonly LimitState[]
      /** Present when a credential was checked. */
      readonly record?: AuthenticatedRecord
    }
  | {
      readonly status: 'limited'
      readonly limits: readonly LimitState[]
      /** The limit that denied (the one with the longest wait when several did). */
      readonly denied: LimitState
      readonly retryAfterMs: number
    }
  | {
      /** Unknown, expired (idle or absolute) or revoked credential. */
      readonly status: 'missing' | 'expired' | 'revoked'
      readonly limits: readonly LimitState[]
    }

export type AuthenticatedRecord =
  | ({ readonly kind: 'session'; readonly id: string } & StoredSession)
  | ({ readonly kind: 'apiKey'; readonly id: string } & StoredApiKey)
  | { readonly kind: 'jwt'; readonly userId: string }

/** What `createSession` stores. Times are ms since the epoch. */
export interface SessionRecord {
  readonly userId: string
  readonly permissions: readonly string[]
  readonly data?: Readonly<Record<string, unknown>>
  readonly device?: string
  readonly createdAt: number
  /** Absolute expiry. */
  readonly expiresAt: number
  /** Idle timeout: the session dies when `now - lastSeenAt >= idleMs`. */
  readonly idleMs: number
}

export interface StoredSession extends SessionRecord {
  readonly id: string
  readonly lastSeenAt: number
  /** Last (re)authentication, for step-up. */
  readonly authenticatedAt: number
  /** Authenticated requests so far, this one included. */
  readonly invocations: number
}

export interface ApiKeyRecord {
  readonly owner: string
  readonly scopes: readonly string[]
  readonly name?: string
  readonly createdAt: number
  /** 0: never. */
  readonly expiresAt: number
}

export interface StoredApiKey extends ApiKeyRecord {
  readonly id: string
  readonly lastUsedAt: number
  readonly invocations: number
}

/** Login protection keys: hashes of the normalized username, the IP and its block. */
export interface LoginKeys {
  readonly user: string
  readonly ip: string
  readonly ipBlock: string
  readonly now: number
}

export interface LoginBeginInput extends LoginKeys {
  /** Consecutive failures of one username+IP pair from which the pair locks. */
  readonly pairThreshold: number
  /** Lock of the pair at the threshold; doubles with each further failure. */
  readonly pairBaseDelayMs: number
  readonly pairMaxDelayMs: number
  /** How long a pair's failures are remembered after the last one. */
  readonly pairMemoryMs: number
  /** Failures of one username from all IPs within `userWindowMs` from which the username locks. */
  readonly userThreshold: number
  readonly userWindowMs: number
  readonly userLockMs: number
}

export type LoginBeginResult =
  | {
      readonly allowed: true
      /** Failures of the pair counting this attempt. */
      readonly pairFailures: number
      readonly userFailures: number
      /** Set when this attempt started a lock (it still proceeds; the next one waits). */
      readonly lockedUntil?: number
      readonly lockScope?: 'pair' | 'user'
    }
  | {
      readonly allowed: false
      readonly scope: 'pair' | 'user'
      readonly lockedUntil: number
    }

export interface LoginSucceededInput extends LoginKeys {
  readonly userWindowMs: number
}

export interface LoginFailedInput extends LoginKeys {
  readonly windowMs: number
}

export interface LoginFailedResult {
  /** Failures from this IP / IP block within the window, this one included. */
  readonly ipFailures: number
  readonly blockFailures: number
}
