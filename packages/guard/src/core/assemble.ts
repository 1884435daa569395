import {
  createLambdaHttpHandler,
  type HandleRequest,
  type LambdaHttpHandler,
} from '../adapters/aws-lambda/index.js'
import { createFetchHandler, type FetchHandler } from '../adapters/fetch.js'
import { type CorsOptions, compileCors } from '../http/cors.js'
import { compileSecurityHeaders, type SecurityHeaderOptions } from '../http/security-headers.js'
import type { InputLimits } from '../input/limits.js'
import type { StandardSchemaV1 } from '../input/standard-schema.js'
import type { RouteLimits } from '../limits/rate-limit.js'
import type { Admit } from './admission.js'
import type { GuardContext } from './context.js'
import { ConfigError } from './errors.js'
import type { ContextLimit } from './handler-context.js'
import type { Observer } from './observer.js'
import { describe } from './options.js'
import { type GuardRuntime, type RouteHandler, runPipeline } from './pipeline.js'
import { type GuardRequest, IncomingRequest } from './request.js'
import {
  type CompiledRoute,
  compileLimits,
  compileRoute,
  type RouteDefaults,
  type RouteOptions,
} from './route.js'

/** The options every guard has, the core one and the full one alike. */
export interface HttpConfig {
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
}

export const HTTP_CONFIG_KEYS = ['cors', 'securityHeaders', 'limits', 'trustedProxies'] as const

/**
 * What a guard plugs into the pipeline: where it reports, how it admits callers and counts
 * limits. The full guard brings a store, identity and observability; the core guard denies every
 * non-public route and counts nothing.
 */
export interface GuardLayers {
  readonly observe: Observer
  readonly admit: Admit
  readonly limit: ContextLimit
  readonly rateLimits: RouteLimits
  readonly routeRateLimits: RouteDefaults['routeRateLimits']
}

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

/** The HTTP half of a guard: the same in the core guard and the full one. */
export interface HttpGuard {
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
}

/** The HTTP half and the guard-wide input limits (which event handlers are held to as well). */
export interface AssembledGuard extends HttpGuard {
  readonly inputLimits: InputLimits
}

/**
 * Checks the HTTP options and builds `http` and `fetch` over the pipeline with the given layers.
 * The caller has already rejected unknown keys (each guard knows its own).
 */
export function assembleGuard(config: HttpConfig, layers: GuardLayers): AssembledGuard {
  const trustedProxies = config.trustedProxies ?? 0
  if (!Number.isInteger(trustedProxies) || trustedProxies < 0 || trustedProxies > 10) {
    throw new ConfigError(
      `trustedProxies must be the number of proxies in front of the platform (0–10), got ${describe(config.trustedProxies)}`,
    )
  }
  let unnamedRoutes = 0
  const lambdaName = layers.observe.functionName ?? 'local'
  const defaults: RouteDefaults = {
    limits: compileLimits('limits', config.limits),
    cors: config.cors === undefined ? undefined : compileCors(config.cors),
    securityHeaders: compileSecurityHeaders(config.securityHeaders),
    securityHeaderOptions: config.securityHeaders,
    rateLimits: layers.rateLimits,
    routeRateLimits: layers.routeRateLimits,
    routeKey: () => `${lambdaName}#${++unnamedRoutes}`,
  }
  const runtime: GuardRuntime = {
    observe: layers.observe,
    admit: layers.admit,
    limit: layers.limit,
  }
  // Read when there is something to say: the core guard builds its logger on the first line.
  const observe = layers.observe

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
    inputLimits: defaults.limits,
    http(options, fn) {
      const entry = entryFor(options as RouteOptions, fn as RouteHandler)
      const handler = createLambdaHttpHandler(entry.handle, trustedProxies, (problem, error) => {
        const message = problem === 'unsupported-event' ? 'unsupported event' : 'adapter failure'
        observe.log.error(message, { error })
      })
      return Object.assign(handler, { [ROUTE_ENTRY]: entry })
    },
    fetch(options, fn) {
      return createFetchHandler(entryFor(options as RouteOptions, fn as RouteHandler), observe)
    },
  }
}
