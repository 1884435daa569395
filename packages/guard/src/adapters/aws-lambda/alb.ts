import type { LambdaContext } from '../../core/context.js'
import type { RequestParts } from '../../core/request.js'
import type { GuardResponse } from '../../core/response.js'
import {
  asRecord,
  asString,
  clientIp,
  decodeFormComponent,
  readHeaders,
  readQueryObjects,
  type UnknownRecord,
} from './event-fields.js'
import { encodeBody, multiValueHeaders, singleValueHeaders, statusDescription } from './results.js'

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
  const forwarded = (headers['x-forwarded-for'] ?? '').split(',').map((entry) => entry.trim())
  const peer = forwarded.pop() || undefined
  return {
    method: (asString(event.httpMethod) ?? 'GET').toUpperCase(),
    path: asString(event.path) ?? '/',
    params: undefined,
    headers,
    // Unlike API Gateway, ALB passes query values still percent-encoded.
    readQuery: () =>
      readQueryObjects(
        event.queryStringParameters,
        event.multiValueQueryStringParameters,
        decodeFormComponent,
      ),
    body: asString(event.body),
    bodyIsBase64: event.isBase64Encoded === true,
    ip: clientIp(peer, forwarded.length > 0 ? forwarded.join(',') : undefined, trustedProxies),
    requestId: lambda?.awsRequestId ?? headers['x-amzn-trace-id'] ?? crypto.randomUUID(),
  }
}

export interface AlbResult {
  statusCode: number
  statusDescription: string
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

/** A target group with multi-value headers enabled must answer with `multiValueHeaders`. */
export function responseToAlb(res: GuardResponse, event: UnknownRecord): AlbResult {
  const { body, isBase64Encoded } = encodeBody(res.body)
  const base = {
    statusCode: res.status,
    statusDescription: statusDescription(res.status),
    body,
    isBase64Encoded,
  }
  return asRecord(event.multiValueHeaders) !== undefined
    ? { ...base, multiValueHeaders: multiValueHeaders(res.headers) }
    : { ...base, headers: singleValueHeaders(res.headers) }
}
