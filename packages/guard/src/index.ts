export type { LambdaHttpHandler, LambdaHttpResult } from './adapters/aws-lambda/index.js'
export type { FetchHandler, FetchPlatform } from './adapters/fetch.js'
export { type LocalRoutes, nodeHttpListener, serveRoutes, serverUrl } from './adapters/node-http.js'
export type {
  ApiKeyInfo,
  ApiKeys,
  ApiKeysOptions,
  CreateApiKeyInput,
  IssuedApiKey,
} from './auth/api-keys.js'
export type { SecurityEventSink } from './auth/authenticate.js'
export type { JwtRevocations } from './auth/jwt/revocation.js'
export type { CreateSessionInput, SessionInfo, Sessions, SessionsOptions } from './auth/sessions.js'
export { API_KEY_PREFIX, isApiKeyFormat, SESSION_TOKEN_PREFIX } from './auth/tokens.js'
export { type Clock, type ManualClock, manualClock, systemClock } from './core/clock.js'
export type { GuardContext, LambdaContext } from './core/context.js'
export { parseDuration, parseRate, type Rate } from './core/duration.js'
export { ConfigError, ErrorCode, GuardError } from './core/errors.js'
export type { GuardLogger, LogLevel } from './core/logging.js'
export type { Principal } from './core/principal.js'
export type { GuardRequest } from './core/request.js'
export {
  empty,
  escapeHtml,
  type GuardResponse,
  html,
  json,
  response,
  text,
} from './core/response.js'
export type { AuthRequirement, RouteAuth, RouteOptions } from './core/route.js'
export {
  type BatchEventSource,
  type BatchResponse,
  type DynamoDbChange,
  type EventBridgeEvent,
  type EventBridgeMetadata,
  type EventContext,
  EventErrorCode,
  type EventHandler,
  type EventLambdaHandler,
  type EventOptions,
  type EventPayload,
  type EventRecords,
  type EventSchema,
  type EventSource,
  type KinesisStreamRecord,
  type PayloadFormat,
  type S3Object,
  type S3ObjectEvent,
  type SnsMessage,
  type SnsNotification,
  type SqsEnvelope,
  type SqsMessage,
} from './events/index.js'
export {
  createGuard,
  type Guard,
  type GuardConfig,
  type GuardedLambdaHandler,
  type HttpHandler,
} from './guard.js'
export type { CorsOptions } from './http/cors.js'
export type { SecurityHeaderOptions } from './http/security-headers.js'
export type { BodyFormat } from './input/body.js'
export { DEFAULT_LIMITS, type InputLimits } from './input/limits.js'
export type { StandardSchemaV1 } from './input/standard-schema.js'
export { ipBlock, normalizeIp } from './limits/ip.js'
export type { LoginAttempt, LoginOptions, LoginProtection } from './limits/login.js'
export type { RateLimitOptions, RouteRateLimitOptions } from './limits/rate-limit.js'
export * from './log/index.js'
export { type MemoryStoreOptions, memoryStore } from './stores/memory.js'
export type { Store } from './stores/types.js'
