import type { RequestParts } from '../../core/request.js'
import type { GuardResponse } from '../../core/response.js'
import { asRecord, asString, readQueryObjects, type UnknownRecord } from './event-fields.js'
import { encodeBody, multiValueHeaders, singleValueHeaders } from './results.js'

// REST APIs (payload format 1.0) and ALB target groups send and take the same fields; what differs
// is read by api-gateway-v1.ts and alb.ts, everything else here, once for both.

/**
 * The request in a payload 1.0 event. The caller reads the parts that differ: the headers (which
 * it needs for the rest), path parameters (ALB has none), the client address and request id
 * (each from its own place), and how to decode the query (API Gateway has decoded it already,
 * ALB passes it still percent-encoded).
 */
export function requestFromPayloadV1(
  event: UnknownRecord,
  headers: Record<string, string>,
  params: Record<string, string> | undefined,
  ip: string,
  requestId: string,
  decodeQuery: (value: string) => string,
): RequestParts {
  return {
    method: (asString(event.httpMethod) ?? 'GET').toUpperCase(),
    path: asString(event.path) ?? '/',
    params,
    headers,
    readQuery: () =>
      readQueryObjects(
        event.queryStringParameters,
        event.multiValueQueryStringParameters,
        decodeQuery,
      ),
    body: asString(event.body),
    bodyIsBase64: event.isBase64Encoded === true,
    ip,
    requestId,
  }
}

export interface PayloadV1Result {
  statusCode: number
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

/**
 * Multi-value headers when the event came with them (REST APIs send both; a target group with
 * multi-value headers turned on must be answered with them), else single values.
 */
export function responseToPayloadV1(res: GuardResponse, event: UnknownRecord): PayloadV1Result {
  const body = encodeBody(res.body)
  const isBase64Encoded = typeof res.body === 'object' // bytes, which encodeBody put in base64
  return asRecord(event.multiValueHeaders) !== undefined
    ? {
        statusCode: res.status,
        multiValueHeaders: multiValueHeaders(res.headers),
        body,
        isBase64Encoded,
      }
    : { statusCode: res.status, headers: singleValueHeaders(res.headers), body, isBase64Encoded }
}
