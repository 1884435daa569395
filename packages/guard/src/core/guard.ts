import {
  createLambdaHttpHandler,
  type HandleRequest,
  type LambdaHttpHandler,
} from '../adapters/aws-lambda/index.js'
import { createFetchHandler, type FetchHandler } from '../adapters/fetch.js'
import { type ApiKeys, type ApiKeysOptions, createApiKeys } from '../auth/api-keys.js'
import { createIdentity, type SecurityEventSink } from '../auth/authenticate.js'
import type { JwtAuth } from '../auth/jwt/jwt-auth.js'
import { createJwtRevocations, type JwtRevocations } from '../auth/jwt/revocation.js'
import { createSessions, type Sessions, type SessionsOptions } from '../auth/sessions.js'
import {
  compileEventRoute,
  createEventHandler,
  type EventHandler,
  type EventLambdaHandler,
  type EventOptions,
  type EventRecordHandler,
  type EventSchema,
  type EventSource,
} from '../events/index.js'
import { type CorsOptions, compileCors } from '../http/cors.js'
import { compileSecurityHeaders, type SecurityHeaderOptions } from '../http/security-headers.js'
import type { InputLimits } from '../input/limits.js'
import type { StandardSchemaV1 } from '../input/standard-schema.js'
import { createContextLimiter } from '../limits/context-limit.js'
import { createLoginProtection, type LoginOptions, type LoginProtection } from '../limits/login.js'
import { compileGuardLimits, type RateLimitOptions } from '../limits/rate-limit.js'
import type { MetricsOptions } from '../log/metrics.js'
import { type AlertOptions, createObservability, type LogOptions } from '../log/observability.js'
import type { RedactOptions } from '../log/redact/redactor.js'
import { memoryStore } from '../stores/memory.js'
import type { Store } from '../stores/types.js'
import { type Clock, systemClock } from './clock.js'
import type { GuardContext } from './context.js'
import { ConfigError } from './errors.js'
import type { GuardLogger } from './logging.js'
import { assertKnownKeys, describe } from './options.js'
import { type GuardRuntime, type RouteHandler, runPipeline } from './pipeline.js'
import type { GuardRequest } from './request.js'
import { IncomingRequest } from './request.js'
import {
  type CompiledRoute,
  compileLimits,
  compileRoute,
  type RouteDefaults,
  type RouteOptions,
} from './route.js'

/**
 * Guard-wide options. Every key is checked when the guard is created: an unknown key or an unsafe
 * combination throws there, at deploy time, instead of weakening a route in production.
 */
export interface GuardConfig {
  /** Cross-origin access for every route (a route may override or turn it off). */
  readonly cors?: CorsOptions
  /** Overrides of the security headers sent on every response. */
  readonly securityHeaders?: SecurityHeaderOptions
  /** Input limits for every route (a route may override them). */
  readonly limits?: Partial<InputLimits>
  /**
   * How many proxies you run in front of the platform (CloudFront = 1). The client address is read
   * that many hops into X-Forwarded-For; with 0 (the default) the header is ignored.
   */
  readonly trustedProxies?: number
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

const CONFIG_KEYS = [
  'cors',
  'securityHeaders',
  'limits',
  'trustedProxies',
  'log',
  'logger',
  'redact',
  'alerts',
  'metrics',
  'store',
  'clock',
  'sessions',
  'jwt',
  'apiKeys',
  'rateLimit',
  'login',
]

type Output<S, Fallback> = S extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<S> : Fallback
type StringMap = Readonly<Record<string, string>>

/** A route's handler, its request typed from the route's schemas. */
export type HttpHandler<B, Q, P> = (
  req: GuardRequest<Output<B, unknown>, Output<Q, StringMap>, Output<P, StringMap>>,
  ctx: GuardContext,
) => unknown

/** How local servers and tests reach a guarded route without going through Lambda. */
export interface RouteEntry {
  readonly route: CompiledRoute
  readonly handle: HandleRequest
  readonly trustedProxies: number
}

export const ROUTE_ENTRY: unique symbol = Symbol.for('bulwark.route') as never

/** A Lambda handler that also carries its route, so `serveRoutes` can serve it locally. */
export type GuardedLambdaHandler = LambdaHttpHandler & { readonly [ROUTE_ENTRY]: RouteEntry }

export interface Guard {
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
   * Wraps a handler as a Lambda handler for API Gateway REST and HTTP APIs, Function URLs and ALB.
   *
   * @example
   * export const handler = guard.http({ auth: 'public' }, async () => json(200, { ok: true }))
   */
  http<
    B extends StandardSchemaV1 | undefined = undefined,
    Q extends StandardSchemaV1 | undefined = undefined,
    P extends StandardSchemaV1 | undefined = undefined,
  >(options: RouteOptions<B, Q, P>, fn: HttpHandler<B, Q, P>): GuardedLambdaHandler
  /**
   * Wraps a handler as `(request: Request) => Promise<Response>` for Fetch runtimes.
   *
   * @example
   * export default { fetch: guard.fetch({ auth: 'public' }, () => json(200, { ok: true })) }
   */
  fetch<
    B extends StandardSchemaV1 | undefined = undefined,
    Q extends StandardSchemaV1 | undefined = undefined,
    P extends StandardSchemaV1 | undefined = undefined,
  >(options: RouteOptions<B, Q, P>, fn: HttpHandler<B, Q, P>): FetchHandler
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
 * Creates a guard. With no options at all it runs: memory defaults, deny by default, JSON logs.
 *
 * @example
 * const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
 */
export function createGuard(config: GuardConfig = {}): Guard {
  assertKnownKeys('createGuard', config, CONFIG_KEYS)
  const trustedProxies = config.trustedProxies ?? 0
  if (!Number.isInteger(trustedProxies) || trustedProxies < 0 || trustedProxies > 10) {
    throw new ConfigError(
      `trustedProxies must be the number of proxies in front of the platform (0–10), got ${describe(config.trustedProxies)}`,
    )
  }
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
  const logger = observe.log
  warnAboutMemoryStoreOnLambda(store, logger)
  const rateLimitOptions = config.rateLimit
  const guardLimits = compileGuardLimits(rateLimitOptions)
  const failOpen = rateLimitOptions?.failOpen ?? false
  if (typeof failOpen !== 'boolean') throw new ConfigError('rateLimit.failOpen must be a boolean')
  const blockedCacheSize = rateLimitOptions?.blockedCacheSize ?? 10_000
  if (!Number.isInteger(blockedCacheSize) || blockedCacheSize < 0) {
    throw new ConfigError('rateLimit.blockedCacheSize must be a whole number (0 turns it off)')
  }
  const events: SecurityEventSink = observe.securityEvent
  const sessions = createSessions(store, clock, config.sessions)
  const apiKeys = createApiKeys(store, clock, config.apiKeys)
  const login = createLoginProtection(store, clock, events, config.login)
  const jwt = config.jwt === undefined ? undefined : jwtVerifier(config.jwt, clock)
  const identity = createIdentity({ store, clock, jwt, failOpen, blockedCacheSize, events })
  const contextLimit = createContextLimiter(store, clock)
  let unnamedRoutes = 0
  const lambdaName = process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local'
  const defaults: RouteDefaults = {
    limits: compileLimits('limits', config.limits),
    cors: config.cors === undefined ? undefined : compileCors(config.cors),
    securityHeaders: compileSecurityHeaders(config.securityHeaders),
    securityHeaderOptions: config.securityHeaders,
    rateLimits: guardLimits,
    routeKey: () => `${lambdaName}#${++unnamedRoutes}`,
  }
  const runtime: GuardRuntime = {
    observe,
    admit: (req, route) => identity.admit(req, { auth: route.auth, limits: route.rateLimits }),
    limit: contextLimit,
  }

  const entryFor = (options: RouteOptions, fn: RouteHandler): RouteEntry => {
    const route = compileRoute(options, defaults)
    if (typeof fn !== 'function') throw new ConfigError('the route handler must be a function')
    return {
      route,
      trustedProxies,
      handle: (parts, lambda) =>
        runPipeline(runtime, route, fn, new IncomingRequest(parts), lambda),
    }
  }

  return {
    sessions,
    jwt: createJwtRevocations(store, clock, config.jwt?.config),
    apiKeys,
    login,
    store,
    http(options, fn) {
      const entry = entryFor(options as RouteOptions, fn as RouteHandler)
      const handler = createLambdaHttpHandler(entry.handle, trustedProxies, (problem, error) =>
        logger.error(problem === 'unsupported-event' ? 'unsupported event' : 'adapter failure', {
          error,
        }),
      )
      return Object.assign(handler, { [ROUTE_ENTRY]: entry })
    },
    fetch(options, fn) {
      return createFetchHandler(entryFor(options as RouteOptions, fn as RouteHandler), logger)
    },
    event(options, fn) {
      const route = compileEventRoute(options as EventOptions, defaults.limits)
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
