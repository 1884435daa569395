import type { Admission } from '../auth/authenticate.js'
import { readBody } from '../input/body.js'
import { checkInputValue } from '../input/limits.js'
import { validateWithSchema } from '../input/schema.js'
import type { GuardContext, LambdaContext } from './context.js'
import { ErrorCode, GuardError } from './errors.js'
import type { GuardLogger } from './logging.js'
import type { Principal } from './principal.js'
import type { GuardRequest, IncomingRequest } from './request.js'
import { empty, type GuardResponse, isGuardResponse, json } from './response.js'
import type { CompiledRoute } from './route.js'

/**
 * Pre-auth limits, authentication and authorization in one step (one store round trip): the
 * caller of a non-public route and the RateLimit headers, or a 401/403/429/503 GuardError.
 */
export type Admit = (req: IncomingRequest, route: CompiledRoute) => Promise<Admission>

/** What `createGuard` builds once and every route of the guard shares. */
export interface GuardRuntime {
  readonly logger: GuardLogger
  readonly admit: Admit
  /** `ctx.limit` for a subject (user id, or `ip:<address>` on public routes). */
  readonly limit: (subject: string, name: string, rate: string) => Promise<void>
}

// biome-ignore lint/suspicious/noExplicitAny: a handler's request type comes from its route's schemas
export type RouteHandler = (req: GuardRequest<any, any, any>, ctx: GuardContext) => unknown

/**
 * One request through the fixed security order: CORS preflight, authentication, input, handler,
 * response headers, errors. The order is not the user's to get wrong, so it lives here only.
 */
export async function runPipeline(
  runtime: GuardRuntime,
  route: CompiledRoute,
  handler: RouteHandler,
  req: IncomingRequest,
  lambda: LambdaContext | undefined,
): Promise<GuardResponse> {
  let user: Principal | undefined
  let limitHeaders: Readonly<Record<string, string>> | undefined
  try {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return answerPreflight(route, req)
    }
    const admission = await runtime.admit(req, route)
    user = admission.user
    limitHeaders = admission.headers
    await readInput(req, route)
    const result = await handler(req, createContext(runtime, req, user, lambda))
    return finishResponse(withHeaders(toResponse(result), limitHeaders), route, req)
  } catch (error) {
    const res = errorResponse(error, runtime, route, req, user)
    return finishResponse(withHeaders(res, limitHeaders), route, req)
  }
}

/** RateLimit headers go under the response's own (a 429 carries its own, fresher ones). */
function withHeaders(
  res: GuardResponse,
  headers: Readonly<Record<string, string>> | undefined,
): GuardResponse {
  if (headers === undefined || Object.keys(headers).length === 0) return res
  return { ...res, headers: { ...headers, ...res.headers } }
}

/** A refused preflight carries no CORS headers at all, so the browser stops there. */
function answerPreflight(route: CompiledRoute, req: IncomingRequest): GuardResponse {
  const cors = route.cors
  const allowOrigin = cors?.allowOrigin(req.headers.origin)
  if (
    cors === undefined ||
    allowOrigin === undefined ||
    !cors.allowsMethod(req.headers['access-control-request-method'] as string) ||
    !cors.allowsHeaders(req.headers['access-control-request-headers'])
  ) {
    const refused = json(403, {
      error: 'this cross-origin request is not allowed',
      code: ErrorCode.corsOriginDenied,
      requestId: req.requestId,
    })
    return finishResponse(refused, route, req, false)
  }
  return finishResponse(empty(204, cors.preflightHeaders), route, req)
}

async function readInput(req: IncomingRequest, route: CompiledRoute): Promise<void> {
  checkInputValue('query', req.queryAll, route.limits)
  checkInputValue('params', req.params, route.limits)
  if (route.querySchema !== undefined) {
    const query = validateWithSchema('query', route.querySchema, req.query)
    req.query = (query instanceof Promise ? await query : query) as Record<string, string>
  }
  if (route.paramsSchema !== undefined) {
    const params = validateWithSchema('params', route.paramsSchema, req.params)
    req.params = (params instanceof Promise ? await params : params) as Record<string, string>
  }
  const body = readBody(req, route.limits, route.accept)
  if (route.bodySchema === undefined) {
    req.body = body
  } else {
    const validated = validateWithSchema('body', route.bodySchema, body)
    req.body = validated instanceof Promise ? await validated : validated
  }
}

function createContext(
  runtime: GuardRuntime,
  req: IncomingRequest,
  user: Principal | undefined,
  lambda: LambdaContext | undefined,
): GuardContext {
  const log = runtime.logger
  return {
    requestId: req.requestId,
    user,
    log,
    lambda,
    audit(type, fields) {
      log.info('audit', { audit: type, requestId: req.requestId, userId: user?.userId, ...fields })
    },
    limit(name, rate) {
      return runtime.limit(user === undefined ? `ip:${req.ip}` : user.userId, name, rate)
    },
  }
}

function toResponse(result: unknown): GuardResponse {
  if (isGuardResponse(result)) return result
  if (result === undefined) return empty(204)
  return json(200, result)
}

function errorResponse(
  error: unknown,
  runtime: GuardRuntime,
  route: CompiledRoute,
  req: IncomingRequest,
  user: Principal | undefined,
): GuardResponse {
  if (error instanceof GuardError && error.expose) {
    return json(
      error.status,
      { error: error.message, code: error.code, requestId: req.requestId, ...error.details },
      error.headers,
    )
  }
  const status = error instanceof GuardError ? error.status : 500
  const code = error instanceof GuardError ? error.code : ErrorCode.internal
  runtime.logger.error('request failed', {
    requestId: req.requestId,
    route: route.name,
    method: req.method,
    path: req.path,
    userId: user?.userId,
    status,
    code,
    error,
  })
  return json(
    status,
    { error: 'internal error', code, requestId: req.requestId },
    error instanceof GuardError ? error.headers : undefined,
  )
}

/** Security headers, cache policy, CORS and the request id, on every response including errors. */
function finishResponse(
  res: GuardResponse,
  route: CompiledRoute,
  req: IncomingRequest,
  withCors = true,
): GuardResponse {
  const contentType = res.headers['content-type']
  const isHtml = typeof contentType === 'string' && contentType.startsWith('text/html')
  const headers: Record<string, string | readonly string[]> = {
    ...(isHtml ? route.securityHeaders.html : route.securityHeaders.api),
  }
  // Answers on behalf of a user must never sit in a shared cache.
  if (route.auth !== 'public') headers['cache-control'] = 'no-store'
  headers['x-request-id'] = req.requestId
  Object.assign(headers, res.headers)
  const cors = withCors ? route.cors : undefined
  if (cors !== undefined) {
    const allowOrigin = cors.allowOrigin(req.headers.origin)
    if (allowOrigin !== undefined) {
      headers['access-control-allow-origin'] = allowOrigin
      Object.assign(headers, cors.responseHeaders)
    }
    if (allowOrigin !== '*') {
      const vary = headers.vary
      headers.vary = typeof vary === 'string' && vary !== '' ? `${vary}, Origin` : 'Origin'
    }
  }
  return { status: res.status, headers, body: res.body }
}
