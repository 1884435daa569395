import type { LambdaContext } from '../../core/context.js'
import type { RequestParts } from '../../core/request.js'
import {
  asRecord,
  asString,
  clientIp,
  readHeaders,
  readParams,
  type UnknownRecord,
} from './event-fields.js'
import { type PayloadV1Result, requestFromPayloadV1, responseToPayloadV1 } from './payload-v1.js'

/** API Gateway REST API (payload 1.0) proxy event: `httpMethod` plus a non-ELB request context. */
export function isApiGatewayV1(event: UnknownRecord): boolean {
  const context = asRecord(event.requestContext)
  return typeof event.httpMethod === 'string' && context !== undefined && context.elb === undefined
}

// API Gateway has already percent-decoded the query.
const alreadyDecoded = (value: string) => value

export function requestFromApiGatewayV1(
  event: UnknownRecord,
  lambda: LambdaContext | undefined,
  trustedProxies: number,
): RequestParts {
  const context = asRecord(event.requestContext) ?? {}
  const headers = readHeaders(event.headers, event.multiValueHeaders)
  const peer = asString(asRecord(context.identity)?.sourceIp)
  return requestFromPayloadV1(
    event,
    headers,
    readParams(event.pathParameters),
    clientIp(peer, headers['x-forwarded-for'], trustedProxies),
    asString(context.requestId) ?? lambda?.awsRequestId ?? crypto.randomUUID(),
    alreadyDecoded,
  )
}

export type ApiGatewayV1Result = PayloadV1Result

export const responseToApiGatewayV1 = responseToPayloadV1
