import type { LambdaContext } from '../../core/context.js'
import type { RequestParts } from '../../core/request.js'
import type { GuardResponse } from '../../core/response.js'
import {
  asRecord,
  clientIp,
  decodeFormComponent,
  readHeaders,
  type UnknownRecord,
} from './event-fields.js'
import { type PayloadV1Result, requestFromPayloadV1, responseToPayloadV1 } from './payload-v1.js'
import { statusDescription } from './results.js'

/** Application Load Balancer target events carry `requestContext.elb`. */
export function isAlb(event: UnknownRecord): boolean {
  return asRecord(asRecord(event.requestContext)?.elb) !== undefined
}

export function requestFromAlb(
  event: UnknownRecord,
  lambda: LambdaContext | undefined,
  trustedProxies: number,
): RequestParts {
  const headers = readHeaders(event.headers, event.multiValueHeaders)
  // The load balancer appends the address it saw to X-Forwarded-For: the rightmost entry is the
  // peer, anything left of it was written by the client or by proxies in front.
  const forwardedFor = headers['x-forwarded-for'] ?? ''
  const lastComma = forwardedFor.lastIndexOf(',')
  const peer = forwardedFor.slice(lastComma + 1).trim() || undefined
  const inFront = lastComma === -1 ? undefined : forwardedFor.slice(0, lastComma)
  return requestFromPayloadV1(
    event,
    headers,
    undefined,
    clientIp(peer, inFront, trustedProxies),
    lambda?.awsRequestId ?? headers['x-amzn-trace-id'] ?? crypto.randomUUID(),
    // Unlike API Gateway, ALB passes query values still percent-encoded.
    decodeFormComponent,
  )
}

export interface AlbResult extends PayloadV1Result {
  statusDescription: string
}

/** The payload 1.0 answer, plus the status line's text, which ALB requires. */
export function responseToAlb(res: GuardResponse, event: UnknownRecord): AlbResult {
  return { ...responseToPayloadV1(res, event), statusDescription: statusDescription(res.status) }
}
