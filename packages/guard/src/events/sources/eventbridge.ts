import { asRecord, asString, type UnknownRecord } from '../../adapters/aws-lambda/event-fields.js'
import { malformedRecord } from '../errors.js'
import type { EventBridgeEvent, EventBridgeMetadata } from '../types.js'
import { nonEmptyText, requiredText, stringList } from './fields.js'
import type { SourceReader } from './source.js'

/**
 * Reads an EventBridge event: the Lambda event itself, or an SQS body when a rule targets a queue.
 *
 * @example
 * readEventBridgeEvent(event, 'event').detail
 */
export function readEventBridgeEvent(
  event: UnknownRecord,
  root?: string,
): { readonly metadata: EventBridgeMetadata; readonly detail: unknown } {
  if (!Object.hasOwn(event, 'detail')) {
    throw malformedRecord(root === undefined ? 'detail' : `${root}.detail`, 'is missing')
  }
  return {
    metadata: {
      id: requiredText(event, 'id', root),
      detailType: requiredText(event, 'detail-type', root),
      source: requiredText(event, 'source', root),
      account: asString(event.account),
      time: asString(event.time),
      region: asString(event.region),
      resources: stringList(event.resources),
    },
    detail: event.detail,
  }
}

export function isEventBridgeEvent(event: UnknownRecord): boolean {
  return typeof event['detail-type'] === 'string' && typeof event.source === 'string'
}

/**
 * EventBridge: a single event per invocation (asynchronous), not a batch; `detail` is the payload.
 */
export const eventBridgeSource: SourceReader = {
  source: 'eventbridge',
  reportsItemFailures: false,
  records: (event) => (isEventBridgeEvent(event) ? [event] : undefined),
  identify: (event) => ({
    id: nonEmptyText(asRecord(event)?.id),
    itemIdentifier: undefined,
    ip: undefined,
    fifo: false,
  }),
  async read(event, payload) {
    const { metadata, detail } = readEventBridgeEvent(event)
    const body = await payload.parsed('body', detail)
    return {
      body,
      id: metadata.id,
      detailType: metadata.detailType,
      source: metadata.source,
      account: metadata.account,
      time: metadata.time,
      region: metadata.region,
      resources: metadata.resources,
    } satisfies EventBridgeEvent
  },
}
