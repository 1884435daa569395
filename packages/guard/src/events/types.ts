import type { GuardContext, LambdaContext } from '../core/context.js'
import type { InputLimits } from '../input/limits.js'
import type { StandardSchemaV1 } from '../input/standard-schema.js'

/** The non-HTTP event sources `guard.event` reads. */
export type EventSource = 'sqs' | 'sns' | 's3' | 'eventbridge' | 'dynamodb' | 'kinesis'

/** Sources whose event source mapping reads `batchItemFailures` from the handler's answer. */
export type BatchEventSource = 'sqs' | 'kinesis' | 'dynamodb'

/**
 * What validates each record's payload: a Standard Schema (zod, valibot, arktype, …), or
 * `'unvalidated'` to take the payload as parsed. There is no default, so no handler goes without
 * validation by omission; the input limits apply either way.
 */
export type EventSchema = StandardSchemaV1 | 'unvalidated'

/** How a text payload (an SQS body, an SNS message, Kinesis data) is read. Default `'json'`. */
export type PayloadFormat = 'json' | 'text'

/**
 * What an SQS body carries when something else delivered it to the queue: `'sns'` for a topic
 * subscription without raw message delivery, `'eventbridge'` for a rule that targets the queue.
 */
export type SqsEnvelope = 'sns' | 'eventbridge'

/**
 * Options of one event handler (`guard.event(options, fn)`), checked when it is created.
 *
 * @example
 * guard.event({ source: 'sqs', schema: OrderPlaced }, async (message, ctx) => { … })
 */
export interface EventOptions<
  S extends EventSource = EventSource,
  Schema extends EventSchema = EventSchema,
> {
  readonly source: S
  /** The schema of each record's payload (for DynamoDB streams: of each item image). */
  readonly schema: Schema
  /** A name for logs and metrics. Default: the Lambda function name. */
  readonly name?: string
  /** Tighter or looser input limits than the guard's, applied to each payload. */
  readonly limits?: Partial<InputLimits>
  /** `sqs`, `sns` and `kinesis`: `'json'` (default) or `'text'`. */
  readonly format?: PayloadFormat
  /** `sqs` only: unwrap an SNS notification or an EventBridge event from each body. */
  readonly envelope?: SqsEnvelope
  /**
   * `sqs`, `kinesis`, `dynamodb`: stop at the first record that fails and report it and every
   * later one as failed, so nothing is processed out of order. Default: on for FIFO queues
   * (an `eventSourceARN` ending in `.fifo`), off otherwise.
   */
  readonly ordered?: boolean
  /**
   * `sqs`, `kinesis`, `dynamodb`: no record is started with less time left in the invocation than
   * this (`'2s'`, `'500ms'` or milliseconds); it and every record not yet started are named in
   * `batchItemFailures`, so only they are retried, instead of Lambda timing out and retrying the
   * whole batch. Default `'1s'`; set it to at least your slowest record's time.
   */
  readonly stopBefore?: string | number
  /**
   * Every source but `eventbridge`: at most this many records in flight at once, started in
   * record order, each with its own context, validation and failure (an integer from 1 to 100;
   * default 1, one at a time). For handlers that wait on I/O and do not depend on the order of
   * records: refused with `ordered: true`, and ignored, with a warning, for a FIFO queue's batch.
   */
  readonly concurrency?: number
}

/** The SNS notification an SQS message came in (`envelope: 'sns'`), or an SNS record's own. */
export interface SnsNotification {
  readonly messageId: string
  readonly topicArn: string
  readonly subject: string | undefined
  readonly timestamp: string | undefined
  readonly messageAttributes: Readonly<Record<string, unknown>>
}

/** The EventBridge event an SQS message came in (`envelope: 'eventbridge'`), without its detail. */
export interface EventBridgeMetadata {
  readonly id: string
  readonly detailType: string
  /** The event's `source` field (`aws.ec2`, `com.example.orders`): who says it sent it. */
  readonly source: string
  readonly account: string | undefined
  readonly time: string | undefined
  readonly region: string | undefined
  readonly resources: readonly string[]
}

/** One SQS message: `body` is the validated payload. */
export interface SqsMessage<T = unknown> {
  readonly body: T
  readonly messageId: string
  readonly eventSourceARN: string | undefined
  /** `ApproximateReceiveCount`, `SentTimestamp`, `MessageGroupId`, … as SQS sent them. */
  readonly attributes: Readonly<Record<string, string>>
  /** As the sender set them: not checked against the limits, not validated. */
  readonly messageAttributes: Readonly<Record<string, unknown>>
  /** With `envelope: 'sns'`: the notification the body was unwrapped from. */
  readonly sns: SnsNotification | undefined
  /** With `envelope: 'eventbridge'`: the event the body (its `detail`) was unwrapped from. */
  readonly eventBridge: EventBridgeMetadata | undefined
}

/** One SNS notification: `body` is its validated `Message`. */
export interface SnsMessage<T = unknown> extends SnsNotification {
  readonly body: T
}

/** An S3 object as an S3 notification names it, the key URL-decoded. */
export interface S3Object {
  readonly bucket: string
  /** Decoded: `my photo.jpg`, not `my+photo.jpg`. */
  readonly key: string
  readonly size: number | undefined
  readonly eTag: string | undefined
  readonly versionId: string | undefined
  readonly sequencer: string | undefined
}

/** One S3 event notification record: `body` is the object, validated by the schema. */
export interface S3ObjectEvent<T = S3Object> {
  readonly body: T
  /** `ObjectCreated:Put`, `ObjectRemoved:Delete`, … */
  readonly eventName: string
  readonly eventTime: string | undefined
  readonly awsRegion: string | undefined
  /** The address that made the request S3 reports (`requestParameters.sourceIPAddress`). */
  readonly sourceIp: string | undefined
}

/** One EventBridge event: `body` is its validated `detail`. */
export interface EventBridgeEvent<T = unknown> extends EventBridgeMetadata {
  readonly body: T
}

/** One DynamoDB stream record: each image present is unmarshalled and validated by the schema. */
export interface DynamoDbChange<T = Readonly<Record<string, unknown>>> {
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE'
  /** The item's key attributes, unmarshalled (checked against the limits, not the schema). */
  readonly keys: Readonly<Record<string, unknown>>
  /** After the change (INSERT, MODIFY), when the stream view type includes it. */
  readonly newImage: T | undefined
  /** Before the change (MODIFY, REMOVE), when the stream view type includes it. */
  readonly oldImage: T | undefined
  readonly sequenceNumber: string
  readonly eventID: string | undefined
  readonly eventSourceARN: string | undefined
}

/** One Kinesis record: `body` is its decoded, validated `data`. */
export interface KinesisStreamRecord<T = unknown> {
  readonly body: T
  readonly sequenceNumber: string
  readonly partitionKey: string | undefined
  readonly eventID: string | undefined
  readonly eventSourceARN: string | undefined
  readonly approximateArrivalTimestamp: number | undefined
}

/** The record each source hands the handler, by source. */
export interface EventRecords<T> {
  sqs: SqsMessage<T>
  sns: SnsMessage<T>
  s3: S3ObjectEvent<T>
  eventbridge: EventBridgeEvent<T>
  dynamodb: DynamoDbChange<T>
  kinesis: KinesisStreamRecord<T>
}

/** A source's payload when no schema types it. */
interface UnvalidatedPayloads {
  sqs: unknown
  sns: unknown
  s3: S3Object
  eventbridge: unknown
  dynamodb: Readonly<Record<string, unknown>>
  kinesis: unknown
}

/** The payload type: the schema's output, or what the source delivers unvalidated. */
export type EventPayload<
  S extends EventSource,
  Schema extends EventSchema,
> = Schema extends StandardSchemaV1 ? StandardSchemaV1.InferOutput<Schema> : UnvalidatedPayloads[S]

/** Everything a handler knows about the one record it is given. */
export interface EventContext extends Pick<GuardContext, 'log' | 'audit' | 'lambda'> {
  /**
   * The record's id, on every log and audit line about it: the SQS or SNS message id, the Kinesis
   * or DynamoDB event id, the EventBridge event id, the S3 request id.
   */
  readonly requestId: string
  readonly source: EventSource
}

/** A handler of one record; throwing marks that record failed (see the failure semantics). */
export type EventHandler<S extends EventSource, Schema extends EventSchema> = (
  record: EventRecords<EventPayload<S, Schema>>[S],
  ctx: EventContext,
) => unknown

/** The answer an SQS, Kinesis or DynamoDB event source mapping reads (`ReportBatchItemFailures`). */
export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[]
}

/**
 * The Lambda handler `guard.event` returns: for SQS, Kinesis and DynamoDB it answers
 * `{ batchItemFailures }`; SNS, S3 and EventBridge read no answer.
 */
export type EventLambdaHandler<S extends EventSource = EventSource> = (
  event: unknown,
  context?: LambdaContext,
) => Promise<S extends BatchEventSource ? BatchResponse : void>
