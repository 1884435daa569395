import { type ApiKeys, type ApiKeysOptions, createApiKeys } from './auth/api-keys.js'
import { createIdentity, type SecurityEventSink } from './auth/authenticate.js'
import type { JwtAuth } from './auth/jwt/jwt-auth.js'
import { createJwtRevocations, type JwtRevocations } from './auth/jwt/revocation.js'
import { createSessions, type Sessions, type SessionsOptions } from './auth/sessions.js'
import { assembleGuard, type HttpConfig, type HttpGuard } from './core/assemble.js'
import { type Clock, systemClock } from './core/clock.js'
import { ConfigError } from './core/errors.js'
import { CORE_CONFIG_KEYS, FULL_GUARD_ONLY_KEYS } from './core/guard.js'
import type { GuardLogger } from './core/logging.js'
import { assertKnownKeys } from './core/options.js'
import {
  compileEventRoute,
  createEventHandler,
  type EventHandler,
  type EventLambdaHandler,
  type EventOptions,
  type EventRecordHandler,
  type EventSchema,
  type EventSource,
} from './events/index.js'
import { createContextLimiter } from './limits/context-limit.js'
import { createLoginProtection, type LoginOptions, type LoginProtection } from './limits/login.js'
import {
  compileGuardLimits,
  compileRouteLimits,
  type RateLimitOptions,
} from './limits/rate-limit.js'
import type { MetricsOptions } from './log/metrics.js'
import { type AlertOptions, createObservability, type LogOptions } from './log/observability.js'
import type { RedactOptions } from './log/redact/redactor.js'
import { memoryStore } from './stores/memory.js'
import type { Store } from './stores/types.js'

export type {
  GuardedLambdaHandler,
  HttpHandler,
  RouteEntry,
} from './core/assemble.js'
export { ROUTE_ENTRY } from './core/assemble.js'

/**
 * Guard-wide options. Every key is checked when the guard is created: an unknown key or an unsafe
 * combination throws there, at deploy time, instead of weakening a route in production.
 */
export interface GuardConfig extends HttpConfig {
  /** The built-in logger: `{ level, write }`. Default: JSON lines on stdout at `info`. */
  readonly log?: LogOptions
  /** A logger of your own (`{ error, warn, info, debug }`) instead; it receives redacted lines. */
  readonly logger?: GuardLogger
  /** More keys and patterns to redact, and the limits of redaction. */
  readonly redact?: RedactOptions
  /** Where alerts about unhandled errors go: `[webhookAlerts(url), snsAlerts(arn, client)]`. */
  readonly alerts?: AlertOptions
  /** CloudWatch Embedded Metric Format: `{ namespace, service, routeDimension }` or `false`. */
  readonly metrics?: MetricsOptions | false
  /**
   * Sessions, API keys, revocations, rate limits and login counters. Default `memoryStore()`
   * (one instance only; on Lambda use `redisStore(client)` from `@bulwark/guard/redis`).
   */
  readonly store?: Store
  /** Where every timeout, limit and lock reads the time. Default the system clock. */
  readonly clock?: Clock
  readonly sessions?: SessionsOptions
  /**
   * Bearer JWTs from an OIDC issuer (Cognito, Auth0, …): `jwtAuth({ issuer, audience, algorithms,
   * jwks })` from `@bulwark/guard/jwt` (pinned algorithms, issuer, audience, expiry; keys from a
   * JWKS URL, local public keys or an HMAC secret).
   */
  readonly jwt?: JwtAuth
  readonly apiKeys?: ApiKeysOptions
  readonly rateLimit?: RateLimitOptions
  readonly login?: LoginOptions
}

const CONFIG_KEYS = [...CORE_CONFIG_KEYS, ...FULL_GUARD_ONLY_KEYS]

export interface Guard extends HttpGuard {
  /** Opaque bearer sessions in the store: create, revoke, revokeAll, list, reauthenticate. */
  readonly sessions: Sessions
  /** JWT revocation (`revoke(ctx.user)`, `revokeAllBefore(userId)`), kept in the store. */
  readonly jwt: JwtRevocations
  /** `bwk_` API keys: create, revoke, rotate, list. */
  readonly apiKeys: ApiKeys
  /** Brute-force protection for login endpoints: `guard.login.attempt(...)`. */
  readonly login: LoginProtection
  /** The store the guard uses (for JWT revocation and administration). */
  readonly store: Store
  /**
   * Wraps a handler for SQS, SNS, S3, EventBridge, DynamoDB stream or Kinesis events: each record
   * unwrapped, held to the input limits and validated on its own, and a failure reported for
   * that record only.
   *
   * @example
   * export const handler = guard.event({ source: 'sqs', schema: Order }, async (message, ctx) => {
   *   ctx.audit('data.created', { collection: 'orders', recordId: message.body.id })
   * })
   */
  event<S extends EventSource, Schema extends EventSchema>(
    options: EventOptions<S, Schema>,
    fn: EventHandler<S, Schema>,
  ): EventLambdaHandler<S>
}

/**
 * Creates a guard with every layer: sessions, JWTs, API keys, rate limits and login protection in
 * a store, redacted logs, audit events, alerts and metrics, and event sources. With no options at
 * all it runs: memory defaults, deny by default, JSON logs.
 *
 * @example
 * const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
 */
export function createGuard(config: GuardConfig = {}): Guard {
  assertKnownKeys('createGuard', config, CONFIG_KEYS)
  const store = config.store ?? memoryStore()
  if (typeof store !== 'object' || store === null || typeof store.authenticate !== 'function') {
    throw new ConfigError('store must be memoryStore() or redisStore(client)')
  }
  const clock = config.clock ?? systemClock
  if (typeof clock?.now !== 'function' || typeof clock.sleep !== 'function') {
    throw new ConfigError('clock must have now() and sleep(ms)')
  }
  const { log, logger: ownLogger, redact, alerts, metrics } = config
  // Alerts are de-duplicated through the store, so across every instance that shares it.
  const observe = createObservability(
    { log, logger: ownLogger, redact, alerts, metrics },
    { counter: store, now: () => clock.now() },
  )
  warnAboutMemoryStoreOnLambda(store, observe.log)
  const rateLimitOptions = config.rateLimit
  const guardLimits = compileGuardLimits(rateLimitOptions)
  const failOpen = rateLimitOptions?.failOpen ?? false
  if (typeof failOpen !== 'boolean') throw new ConfigError('rateLimit.failOpen must be a boolean')
  const blockedCacheSize = rateLimitOptions?.blockedCacheSize ?? 10_000
  if (!Number.isInteger(blockedCacheSize) || blockedCacheSize < 0) {
    throw new ConfigError('rateLimit.blockedCacheSize must be a whole number (0 turns it off)')
  }
  const events: SecurityEventSink = observe.securityEvent
  const jwt = config.jwt === undefined ? undefined : jwtVerifier(config.jwt, clock)
  const identity = createIdentity({ store, clock, jwt, failOpen, blockedCacheSize, events })
  const guard = assembleGuard(config, {
    observe,
    admit: (req, route) => identity.admit(req, { auth: route.auth, limits: route.rateLimits }),
    limit: createContextLimiter(store, clock),
    rateLimits: guardLimits,
    routeRateLimits: (options, routeKey) => compileRouteLimits(guardLimits, options, routeKey),
  })

  return {
    sessions: createSessions(store, clock, config.sessions),
    jwt: createJwtRevocations(store, clock, config.jwt?.config),
    apiKeys: createApiKeys(store, clock, config.apiKeys),
    login: createLoginProtection(store, clock, events, config.login),
    store,
    http: guard.http,
    fetch: guard.fetch,
    event(options, fn) {
      const route = compileEventRoute(options as EventOptions, guard.inputLimits)
      return createEventHandler(route, fn as EventRecordHandler, observe) as never
    },
  }
}

/** `jwt` is what `jwtAuth` returns; a plain configuration object is the usual mistake. */
function jwtVerifier(jwt: JwtAuth, clock: Clock) {
  if (typeof jwt !== 'object' || jwt === null || typeof jwt.verifier !== 'function') {
    throw new ConfigError(
      "jwt takes jwtAuth({ issuer, audience, algorithms, jwks }) from '@bulwark/guard/jwt', which checks the configuration",
    )
  }
  return jwt.verifier(() => clock.now())
}

/** At cold start (guards are created once per instance): a memory store on Lambda is per instance. */
function warnAboutMemoryStoreOnLambda(store: Store, logger: GuardLogger): void {
  if (store.kind !== 'memory' || process.env.AWS_LAMBDA_FUNCTION_NAME === undefined) return
  logger.warn(
    'memory store on AWS Lambda: sessions, API keys and rate limits live in this instance only; use redisStore(client) from @bulwark/guard/redis',
    { store: 'memory', functionName: process.env.AWS_LAMBDA_FUNCTION_NAME },
  )
}
