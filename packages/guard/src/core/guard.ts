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
import type { GuardContext } from './context.js'
import { ConfigError } from './errors.js'
import { type GuardLogger, jsonLinesLogger } from './logging.js'
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
  /** Where log lines go. Default: JSON lines on stdout. */
  readonly logger?: GuardLogger
}

const CONFIG_KEYS = ['cors', 'securityHeaders', 'limits', 'trustedProxies', 'logger']

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
  const logger = config.logger ?? jsonLinesLogger()
  const defaults: RouteDefaults = {
    limits: compileLimits('limits', config.limits),
    cors: config.cors === undefined ? undefined : compileCors(config.cors),
    securityHeaders: compileSecurityHeaders(config.securityHeaders),
    securityHeaderOptions: config.securityHeaders,
  }
  const runtime: GuardRuntime = { logger, authenticate: undefined }

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
  }
}
