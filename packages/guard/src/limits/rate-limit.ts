import { parseRate, type Rate } from '../core/duration.js'
import { ErrorCode, GuardError } from '../core/errors.js'
import { assertKnownKeys } from '../core/options.js'
import type { LimitCheck, LimitState, SubjectLimitCheck } from '../stores/types.js'
import { ipBlock, normalizeIp } from './ip.js'

/** `createGuard({ rateLimit })`: guard-wide limits, each a rate such as `'300/min'`. */
export interface RateLimitOptions {
  /** Per client IP (IPv4-mapped IPv6 counted as IPv4), before authentication. */
  ip?: string
  /** Per IPv4 /24 or IPv6 /64, before authentication. */
  ipBlock?: string
  /** Per authenticated user (sessions and JWTs), in the same store call as the session check. */
  user?: string
  /** Per API key. */
  apiKey?: string
  /**
   * When the store is unreachable, let requests of public routes through instead of 503.
   * Authenticated routes always fail closed. Default false.
   */
  failOpen?: boolean
  /**
   * Remember keys the store denied until their Retry-After, so a flood from one IP costs no store
   * calls (exact: a denied GCRA cell cannot reopen early). Entries kept; 0 turns it off.
   * Default 10 000.
   */
  blockedCacheSize?: number
}

export const RATE_LIMIT_OPTION_KEYS = [
  'ip',
  'ipBlock',
  'user',
  'apiKey',
  'failOpen',
  'blockedCacheSize',
] as const

/** A route's own limits (`guard.http({ rateLimit })`), counted apart from the guard-wide ones. */
export interface RouteRateLimitOptions {
  ip?: string
  user?: string
  apiKey?: string
}

export const ROUTE_RATE_LIMIT_KEYS = ['ip', 'user', 'apiKey'] as const

interface PreLimit {
  readonly name: string
  readonly keyPrefix: string
  readonly by: 'ip' | 'block'
  readonly rate: Rate
}

/** The limits of one route, guard-wide and its own, ready to turn into store checks. */
export interface RouteLimits {
  readonly pre: readonly PreLimit[]
  /** For sessions and JWTs. */
  readonly user: readonly SubjectLimitCheck[]
  /** For API keys. */
  readonly apiKey: readonly SubjectLimitCheck[]
}

/** Parses guard-wide rates once; unknown keys and unreadable rates throw at construction. */
export function compileGuardLimits(options: RateLimitOptions | undefined): RouteLimits {
  assertKnownKeys('rateLimit', options, RATE_LIMIT_OPTION_KEYS)
  return buildLimits('rateLimit', options ?? {}, '', '')
}

/**
 * The guard-wide limits plus a route's own, whose keys carry `routeKey` so that each route counts
 * apart.
 *
 * @example
 * compileRouteLimits(guardLimits, { user: '10/min' }, 'transfers-create')
 */
export function compileRouteLimits(
  guard: RouteLimits,
  options: RouteRateLimitOptions | undefined,
  routeKey: string,
): RouteLimits {
  if (options === undefined) return guard
  assertKnownKeys('rateLimit (route)', options, ROUTE_RATE_LIMIT_KEYS)
  const own = buildLimits('rateLimit', options, `r:${routeKey}:`, 'route.')
  return {
    pre: [...guard.pre, ...own.pre],
    user: [...guard.user, ...own.user],
    apiKey: [...guard.apiKey, ...own.apiKey],
  }
}

function buildLimits(
  where: string,
  options: RateLimitOptions,
  keyPrefix: string,
  namePrefix: string,
): RouteLimits {
  const rate = (name: keyof RateLimitOptions) =>
    options[name] === undefined ? undefined : parseRate(`${where}.${name}`, options[name])
  const pre: PreLimit[] = []
  const user: SubjectLimitCheck[] = []
  const apiKey: SubjectLimitCheck[] = []
  const ip = rate('ip')
  if (ip) pre.push({ name: `${namePrefix}ip`, keyPrefix: `${keyPrefix}ip:`, by: 'ip', rate: ip })
  const block = rate('ipBlock')
  if (block) {
    pre.push({
      name: `${namePrefix}ipBlock`,
      keyPrefix: `${keyPrefix}ipb:`,
      by: 'block',
      rate: block,
    })
  }
  const perUser = rate('user')
  if (perUser) {
    user.push({
      name: `${namePrefix}user`,
      keyPrefix: `${keyPrefix}user:`,
      subject: 'user',
      limit: perUser.limit,
      windowMs: perUser.windowMs,
    })
  }
  const perKey = rate('apiKey')
  if (perKey) {
    apiKey.push({
      name: `${namePrefix}apiKey`,
      keyPrefix: `${keyPrefix}key:`,
      subject: 'credential',
      limit: perKey.limit,
      windowMs: perKey.windowMs,
    })
  }
  return { pre, user, apiKey }
}

/**
 * The pre-auth checks of a request from the client address `ip`, keyed by its normalized form or
 * its block; the address is parsed only when a limit needs it.
 *
 * @example
 * preAuthChecks(limits, '203.0.113.7') // keys 'ip:203.0.113.7', 'ipb:203.0.113.0/24'
 */
export function preAuthChecks(limits: RouteLimits, ip: string): LimitCheck[] {
  if (limits.pre.length === 0) return []
  // Parsed once, and only when a limit is keyed by it.
  const byIp = limits.pre.some((limit) => limit.by === 'ip') ? normalizeIp(ip) : ''
  const byBlock = limits.pre.some((limit) => limit.by === 'block') ? ipBlock(ip) : ''
  return limits.pre.map((limit) => ({
    name: limit.name,
    key: limit.keyPrefix + (limit.by === 'ip' ? byIp : byBlock),
    limit: limit.rate.limit,
    windowMs: limit.rate.windowMs,
  }))
}

/**
 * The IETF RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers) for every
 * limit a request went through: `"user";q=120;w=60` and `"user";r=119;t=1`.
 *
 * @example
 * rateLimitHeaders(states) // { 'ratelimit-policy': '"ip";q=300;w=60', ratelimit: '"ip";r=299;t=1' }
 */
export function rateLimitHeaders(states: readonly LimitState[]): Record<string, string> {
  if (states.length === 0) return {}
  const policy: string[] = []
  const current: string[] = []
  for (const state of states) {
    const name = JSON.stringify(state.name)
    policy.push(`${name};q=${state.limit};w=${Math.ceil(state.windowMs / 1000)}`)
    current.push(`${name};r=${state.remaining};t=${Math.ceil(state.resetMs / 1000)}`)
  }
  return { 'ratelimit-policy': policy.join(', '), ratelimit: current.join(', ') }
}

/**
 * 429 `ERR_RATE_LIMITED` with `Retry-After` (whole seconds, at least 1) and the RateLimit fields.
 *
 * @example
 * throw rateLimited(result.denied, result.retryAfterMs, result.limits)
 */
export function rateLimited(
  denied: LimitState,
  retryAfterMs: number,
  states: readonly LimitState[],
): GuardError {
  return new GuardError(ErrorCode.rateLimited, 429, 'too many requests', {
    details: { limit: denied.name },
    headers: {
      'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
      ...rateLimitHeaders(states),
    },
  })
}
