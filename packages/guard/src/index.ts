// `@bulwark/guard`: the full guard. Everything of the core guard (`@bulwark/guard/core`) is
// exported here too, but `createGuard` is the full one from ./guard.js (an explicit export takes
// precedence over a star export): it adds the layers that need a store, identity, limits,
// observability and event sources.

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
export { parseDuration, parseRate, type Rate } from './core/duration.js'
export * from './core/index.js'
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
export { ipBlock, normalizeIp } from './limits/ip.js'
export type { LoginAttempt, LoginOptions, LoginProtection } from './limits/login.js'
export type { RateLimitOptions, RouteRateLimitOptions } from './limits/rate-limit.js'
export * from './log/index.js'
export { type MemoryStoreOptions, memoryStore } from './stores/memory.js'
export type { Store } from './stores/types.js'
