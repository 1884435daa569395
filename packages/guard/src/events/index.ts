export { EventErrorCode } from './errors.js'
export { createEventHandler, type EventLambda, type EventRecordHandler } from './handler.js'
export { type CompiledEventRoute, compileEventRoute, EVENT_SOURCES } from './options.js'
export type {
  BatchEventSource,
  BatchResponse,
  DynamoDbChange,
  EventBridgeEvent,
  EventBridgeMetadata,
  EventContext,
  EventHandler,
  EventLambdaHandler,
  EventOptions,
  EventPayload,
  EventRecords,
  EventSchema,
  EventSource,
  KinesisStreamRecord,
  PayloadFormat,
  S3Object,
  S3ObjectEvent,
  SnsMessage,
  SnsNotification,
  SqsEnvelope,
  SqsMessage,
} from './types.js'
