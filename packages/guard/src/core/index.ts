// `@bulwark/guard/core`: the request pipeline alone, for handlers that need no store. Everything
// here is also exported from `@bulwark/guard`, whose `createGuard` adds the layers that need one.
export type { LambdaHttpHandler, LambdaHttpResult } from '../adapters/aws-lambda/index.js'
export type { FetchHandler, FetchPlatform } from '../adapters/fetch.js'
export {
  type LocalRoutes,
  nodeHttpListener,
  serveRoutes,
  serverUrl,
} from '../adapters/node-http.js'
export type { CorsOptions } from '../http/cors.js'
export type { SecurityHeaderOptions } from '../http/security-headers.js'
export type { BodyFormat } from '../input/body.js'
export { DEFAULT_LIMITS, type InputLimits } from '../input/limits.js'
export type { StandardSchemaV1 } from '../input/standard-schema.js'
export type { LogOptions } from '../log/guard-logger.js'
export { registerSecret } from '../log/redact/secret-registry.js'
export type { GuardedLambdaHandler, HttpConfig, HttpGuard, HttpHandler } from './assemble.js'
export type { GuardContext, LambdaContext } from './context.js'
export { ConfigError, ErrorCode, GuardError } from './errors.js'
export { type CoreGuardConfig, createGuard } from './guard.js'
export type { GuardLogger, LogLevel } from './logging.js'
export type { Principal } from './principal.js'
export type { GuardRequest } from './request.js'
export {
  empty,
  escapeHtml,
  type GuardResponse,
  html,
  json,
  response,
  text,
} from './response.js'
export type { AuthRequirement, RouteAuth, RouteOptions } from './route.js'
