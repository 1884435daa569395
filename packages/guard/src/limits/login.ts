import type { SecurityEventSink } from '../auth/authenticate.js'
import { credentialId } from '../auth/tokens.js'
import type { Clock } from '../core/clock.js'
import { parseDuration } from '../core/duration.js'
import { ErrorCode, GuardError } from '../core/errors.js'
import { assertKnownKeys, positiveInteger } from '../core/options.js'
import type { Store } from '../stores/types.js'
import { ipBlock, normalizeIp } from './ip.js'

/**
 * `createGuard({ login })`. The defaults and their trade-off:
 *
 * - One username from one IP (`pairThreshold` 5): after 5 consecutive failures the pair locks for
 *   1 s, then 2 s, 4 s … up to 15 min per further failure. It stops one attacker guessing one
 *   account, and locks only that attacker's IP: the real user elsewhere is not locked out.
 * - One username from all IPs (`userThreshold` 50 per hour): locks the username for 15 min. It stops
 *   guessing spread over a botnet, at the price that an attacker with many IPs can lock a user out
 *   for 15 minutes at a time; the threshold is ten times the pair's so that no single source can.
 *   Lower it for high-value accounts, raise it where lock-outs hurt more than slow guessing.
 * - Failures per IP (20/h) and per IP block (100/h) only raise `login.threshold` events: credential
 *   stuffing tries many usernames, so it shows there first.
 * - Success clears the pair's counter. Every attempt counts as a failure from the moment it starts
 *   (and success takes it back), so a thousand parallel guesses cannot all pass the check.
 */
export interface LoginOptions {
  pairThreshold?: number
  pairBaseDelay?: string | number
  pairMaxDelay?: string | number
  /** How long a pair's failures are remembered after the last one. Default `'24h'`. */
  pairMemory?: string | number
  userThreshold?: number
  userWindow?: string | number
  userLock?: string | number
  ipAlertThreshold?: number
  blockAlertThreshold?: number
  alertWindow?: string | number
  /**
   * Failed attempts take at least this long, and at least as long as the slowest of the recent
   * `verify` calls, so that an unknown username (no hash to check) answers as slowly as a wrong
   * password. Default `'250ms'`.
   */
  minFailureTime?: string | number
}

export const LOGIN_OPTION_KEYS = [
  'pairThreshold',
  'pairBaseDelay',
  'pairMaxDelay',
  'pairMemory',
  'userThreshold',
  'userWindow',
  'userLock',
  'ipAlertThreshold',
  'blockAlertThreshold',
  'alertWindow',
  'minFailureTime',
] as const

export interface LoginAttempt {
  readonly username: string
  readonly ip: string
  /** A device label or id for the audit trail. */
  readonly device?: string
}

/** `guard.login`. */
export interface LoginProtection {
  /**
   * Runs `verify` unless the username (from this IP or everywhere) is locked. `verify` returns the
   * user (anything truthy) when the password is right, and `false`/`null`/`undefined` when it is
   * wrong or the user does not exist: both give the same 401 `ERR_LOGIN_FAILED`, same body, same
   * time. A lock gives 429 `ERR_LOGIN_LOCKED` with Retry-After; an unreachable store 503.
   */
  attempt<T>(attempt: LoginAttempt, verify: () => T | Promise<T>): Promise<NonNullable<T>>
}

const RECENT_VERIFY_SAMPLES = 16
const MAX_USERNAME_LENGTH = 1024

/**
 * Brute-force and credential-stuffing protection for a login endpoint.
 *
 * @example
 * const user = await guard.login.attempt({ username, ip: req.ip, device: req.userAgent }, async () => {
 *   const found = await users.find(username)
 *   return (await verifyPassword(found?.hash ?? DUMMY_HASH, password)) ? found : null
 * })
 */
export function createLoginProtection(
  store: Store,
  clock: Clock,
  events: SecurityEventSink,
  options?: LoginOptions,
): LoginProtection {
  assertKnownKeys('login', options, LOGIN_OPTION_KEYS)
  const o = options ?? {}
  const count = (name: keyof LoginOptions, fallback: number) =>
    o[name] === undefined ? fallback : positiveInteger(`login.${name}`, o[name])
  const ms = (name: keyof LoginOptions, fallback: string) =>
    parseDuration(`login.${name}`, o[name] ?? fallback)
  const policy = {
    pairThreshold: count('pairThreshold', 5),
    pairBaseDelayMs: ms('pairBaseDelay', '1s'),
    pairMaxDelayMs: ms('pairMaxDelay', '15m'),
    pairMemoryMs: ms('pairMemory', '24h'),
    userThreshold: count('userThreshold', 50),
    userWindowMs: ms('userWindow', '1h'),
    userLockMs: ms('userLock', '15m'),
  }
  const ipAlert = count('ipAlertThreshold', 20)
  const blockAlert = count('blockAlertThreshold', 100)
  const alertWindowMs = ms('alertWindow', '1h')
  const minFailureMs = o.minFailureTime === 0 ? 0 : ms('minFailureTime', '250ms')
  // Durations of recent verify calls: how slow a real password check is on this instance.
  const recentVerify: number[] = []

  return {
    async attempt(attempt, verify) {
      assertKnownKeys('login.attempt input', attempt, ['username', 'ip', 'device'])
      if (typeof attempt.username !== 'string' || attempt.username.length > MAX_USERNAME_LENGTH) {
        throw new TypeError(
          `username must be a string of at most ${MAX_USERNAME_LENGTH} characters`,
        )
      }
      if (typeof verify !== 'function') throw new TypeError('verify must be a function')
      const started = performance.now()
      // Hashed: usernames are sometimes passwords typed in the wrong box; neither the store nor the
      // audit trail should hold them in clear.
      const user = (
        await credentialId(attempt.username.trim().normalize('NFKC').toLowerCase())
      ).slice(0, 22)
      const ip = normalizeIp(attempt.ip)
      const keys = { user, ip, ipBlock: ipBlock(attempt.ip) }
      const trail = { user, ip, device: attempt.device }
      const begin = await store.loginBegin({ ...policy, ...keys, now: clock.now() })
      if (!begin.allowed) {
        events('login.locked', { ...trail, scope: begin.scope, lockedUntil: begin.lockedUntil })
        throw locked(begin.lockedUntil - clock.now())
      }
      if (begin.lockedUntil !== undefined) {
        events('login.lock', { ...trail, scope: begin.lockScope, lockedUntil: begin.lockedUntil })
      }
      const verifyStarted = performance.now()
      const result = await verify()
      remember(recentVerify, performance.now() - verifyStarted)
      if (result !== false && result !== null && result !== undefined) {
        await store.loginSucceeded({ ...keys, now: clock.now(), userWindowMs: policy.userWindowMs })
        events('login.success', trail)
        return result as NonNullable<typeof result>
      }
      const counts = await store.loginFailed({ ...keys, now: clock.now(), windowMs: alertWindowMs })
      events('login.failure', { ...trail, pairFailures: begin.pairFailures })
      if (counts.ipFailures === ipAlert) {
        events('login.threshold', { scope: 'ip', ip, failures: counts.ipFailures })
      }
      if (counts.blockFailures === blockAlert) {
        events('login.threshold', {
          scope: 'ipBlock',
          ipBlock: keys.ipBlock,
          failures: counts.blockFailures,
        })
      }
      const floor = Math.max(minFailureMs, ...recentVerify)
      const elapsed = performance.now() - started
      if (elapsed < floor) await clock.sleep(floor - elapsed)
      throw new GuardError(ErrorCode.loginFailed, 401, 'invalid username or password')
    },
  }
}

function remember(samples: number[], duration: number): void {
  samples.push(duration)
  if (samples.length > RECENT_VERIFY_SAMPLES) samples.shift()
}

function locked(waitMs: number): GuardError {
  return new GuardError(ErrorCode.loginLocked, 429, 'too many failed attempts; try again later', {
    headers: { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
  })
}
