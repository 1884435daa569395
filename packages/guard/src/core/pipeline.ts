import type { CorsPolicy } from '../http/cors.js'
import { readBody } from '../input/body.js'
import { checkInputValue } from '../input/limits.js'
import { validateWithSchema } from '../input/schema.js'
import type { Invocation } from '../log/invocation.js'
import { type Admit, refusedCaller } from './admission.js'
import type { GuardContext, LambdaContext } from './context.js'
import { ErrorCode, GuardError } from './errors.js'
import { type ContextLimit, HandlerContext } from './handler-context.js'
import type { Observer } from './observer.js'
import type { Principal } from './principal.js'
import type { GuardRequest, IncomingRequest } from './request.js'
import { empty, type GuardResponse, isGuardResponse, json } from './response.js'
import type { CompiledRoute } from './route.js'

/** What `createGuard` builds once and every route of the guard shares. */
export interface GuardRuntime {
  readonly observe: Observer
  readonly admit: Admit
  readonly limit: ContextLimit
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
  // Alerts and metrics carry the route, so never the concrete path (it may hold ids or emails).
  const routeName = route.name ?? runtime.observe.functionName ?? `${req.method} (unnamed route)`
  const observed = runtime.observe.start(req, routeName, remainingTime(lambda))
  let user: Principal | undefined
  let limitHeaders: Readonly<Record<string, string>> | undefined
  let stage: Stage = 'admission'
  try {
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      return finished(observed, answerPreflight(route, req, observed, routeName))
    }
    if (route.cors !== undefined) noteRefusedOrigin(route.cors, req, observed, routeName)
    // A public route without pre-auth limits has nothing to ask the store: no call, no await.
    if (route.needsAdmission) {
      const admission = await runtime.admit(req, route)
      user = admission.user
      limitHeaders = admission.headers
      if (user !== undefined) observed.setActor(user.userId)
    }
    stage = 'input'
    const reading = readInput(req, route)
    if (reading !== undefined) await reading
    stage = 'handler'
    let result = handler(req, new HandlerContext(req, user, lambda, observed, runtime.limit))
    if (isThenable(result)) result = await result
    return finished(
      observed,
      finishResponse(withHeaders(toResponse(result), limitHeaders), route, req),
    )
  } catch (error) {
    if (stage === 'admission') {
      // A 403 knows who was refused: auth.denied names them.
      const caller = refusedCaller(error)
      if (caller !== undefined) observed.setActor(caller)
    }
    noteSecurityEvent(error, stage, observed, routeName)
    const res = await errorResponse(error, req, user, observed, routeName)
    return finished(observed, finishResponse(withHeaders(res, limitHeaders), route, req))
  }
}

/** Sync handlers and schemas (most of them) skip the microtask an `await` would cost. */
function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  )
}

/** Which step an error came from decides which security event it is. */
type Stage = 'admission' | 'input' | 'handler'

/** Closes the invocation (its metrics line) with the status answered. */
function finished(observed: Invocation, res: GuardResponse): GuardResponse {
  observed.finish(res.status)
  return res
}

/** `getRemainingTimeInMillis` of the Lambda context, when there is one (error records show it). */
export function remainingTime(lambda: LambdaContext | undefined): (() => number) | undefined {
  const read = lambda?.getRemainingTimeInMillis
  return typeof read === 'function' ? () => read.call(lambda) : undefined
}

/** Refusals by the pipeline are security events: one audit line each, and a metric. */
function noteSecurityEvent(
  error: unknown,
  stage: Stage,
  observed: Invocation,
  route: string,
): void {
  if (!(error instanceof GuardError) || !error.expose) return
  if (error.status === 429) {
    const retryAfter = Number(error.headers?.['retry-after'] ?? 0)
    observed.security('security.rate_limited', {
      limit: typeof error.details?.limit === 'string' ? error.details.limit : limitOf(error.code),
      route,
      retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : 0,
    })
  } else if (stage === 'admission' && (error.status === 401 || error.status === 403)) {
    observed.security('auth.denied', { reason: error.code, route, status: error.status })
  } else if (stage === 'input') {
    const field = inputField(error.details)
    observed.security('security.input.rejected', {
      code: error.code,
      route,
      ...(field === undefined ? {} : { field }),
    })
  }
}

/** The limit a 429 without a named limit comes from. */
function limitOf(code: string): string {
  return code === ErrorCode.loginLocked ? 'login' : code
}

/** The field an input refusal names: its own `field`, or its first schema issue's. */
export function inputField(
  details: Readonly<Record<string, unknown>> | undefined,
): string | undefined {
  if (typeof details?.field === 'string') return details.field
  const issues = details?.issues
  if (Array.isArray(issues) && typeof issues[0]?.field === 'string') return issues[0].field
  return undefined
}

/** A request from an origin outside the allowlist gets no CORS headers; it is also recorded. */
function noteRefusedOrigin(
  cors: CorsPolicy,
  req: IncomingRequest,
  observed: Invocation,
  routeName: string,
): void {
  const origin = req.headers.origin
  if (origin === undefined) return
  if (cors.allowOrigin(origin) === undefined) {
    observed.security('security.cors.rejected', { origin, route: routeName, preflight: false })
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
function answerPreflight(
  route: CompiledRoute,
  req: IncomingRequest,
  observed: Invocation,
  routeName: string,
): GuardResponse {
  const cors = route.cors
  const allowOrigin = cors?.allowOrigin(req.headers.origin)
  if (
    cors === undefined ||
    allowOrigin === undefined ||
    !cors.allowsMethod(req.headers['access-control-request-method'] as string) ||
    !cors.allowsHeaders(req.headers['access-control-request-headers'])
  ) {
    observed.security('security.cors.rejected', {
      origin: req.headers.origin ?? '',
      route: routeName,
      preflight: true,
    })
    const refused = json(403, {
      error: 'this cross-origin request is not allowed',
      code: ErrorCode.corsOriginDenied,
      requestId: req.requestId,
    })
    return finishResponse(refused, route, req, false)
  }
  return finishResponse(empty(204, cors.preflightHeaders), route, req)
}

/** Checks and parses the input; a promise only when a schema answers asynchronously. */
function readInput(req: IncomingRequest, route: CompiledRoute): Promise<void> | undefined {
  checkInputValue('query', req.queryAll, route.limits)
  checkInputValue('params', req.params, route.limits)
  if (route.querySchema === undefined && route.paramsSchema === undefined) {
    return readBodyInput(req, route)
  }
  return readQueryParamsAndBody(req, route)
}

async function readQueryParamsAndBody(req: IncomingRequest, route: CompiledRoute): Promise<void> {
  if (route.querySchema !== undefined) {
    const query = validateWithSchema('query', route.querySchema, req.query)
    req.query = (query instanceof Promise ? await query : query) as Record<string, string>
  }
  if (route.paramsSchema !== undefined) {
    const params = validateWithSchema('params', route.paramsSchema, req.params)
    req.params = (params instanceof Promise ? await params : params) as Record<string, string>
  }
  await readBodyInput(req, route)
}

function readBodyInput(req: IncomingRequest, route: CompiledRoute): Promise<void> | undefined {
  const body = readBody(req, route.limits, route.accept)
  if (route.bodySchema === undefined) {
    req.body = body
    return undefined
  }
  const validated = validateWithSchema('body', route.bodySchema, body)
  if (!(validated instanceof Promise)) {
    req.body = validated
    return undefined
  }
  return validated.then((value) => {
    req.body = value
  })
}

function toResponse(result: unknown): GuardResponse {
  if (isGuardResponse(result)) return result
  if (result === undefined) return empty(204)
  return json(200, result)
}

async function errorResponse(
  error: unknown,
  req: IncomingRequest,
  user: Principal | undefined,
  observed: Invocation,
  routeName: string,
): Promise<GuardResponse> {
  if (error instanceof GuardError && error.expose) {
    return json(
      error.status,
      { error: error.message, code: error.code, requestId: req.requestId, ...error.details },
      error.headers,
    )
  }
  const status = error instanceof GuardError ? error.status : 500
  const code = error instanceof GuardError ? error.code : ErrorCode.internal
  // The full record (redacted) goes to the log and a summary to the alert sinks; the client
  // gets the code and the request id only.
  await observed.failed(error, {
    status,
    route: routeName,
    method: req.method,
    path: req.path,
    headers: req.headers,
    query: req.query,
    body: loggedBody(req),
    userId: user?.userId,
  })
  return json(
    status,
    { error: 'internal error', code, requestId: req.requestId },
    error instanceof GuardError ? error.headers : undefined,
  )
}

/** The parsed body when input was read, else the text (only up to the input byte limit). */
function loggedBody(req: IncomingRequest): unknown {
  if (req.body !== undefined) return req.body
  if (!req.hasBody || req.bodyByteLength > 65_536) return undefined
  return req.bodyText
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
