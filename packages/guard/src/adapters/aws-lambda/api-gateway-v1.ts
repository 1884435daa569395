import type { LambdaContext } from '../../core/context.js'
import type { RequestParts } from '../../core/request.js'
import type { GuardResponse } from '../../core/response.js'
import {
  asRecord,
  asString,
  clientIp,
  readHeaders,
  readParams,
  readQueryObjects,
  type UnknownRecord,
} from './event-fields.js'
import { encodeBody, multiValueHeaders, singleValueHeaders } from './results.js'

/** API Gateway REST API (payload 1.0) proxy event: `httpMethod` plus a non-ELB request context. */
export function isApiGatewayV1(event: UnknownRecord): boolean {
  const context = asRecord(event.requestContext)
  return typeof event.httpMethod === 'string' && context !== undefined && context.elb === undefined
}

const identity = (value: string) => value

export function requestFromApiGatewayV1(
  event: UnknownRecord,
  lambda: LambdaContext | undefined,
  trustedProxies: number,
): RequestParts {
  const context = asRecord(event.requestContext) ?? {}
  const headers = readHeaders(event.headers, event.multiValueHeaders)
  const peer = asString(asRecord(context.identity)?.sourceIp)
  return {
    method: (asString(event.httpMethod) ?? 'GET').toUpperCase(),
    path: asString(event.path) ?? '/',
    params: readParams(event.pathParameters),
    headers,
    // API Gateway has already percent-decoded these values.
    readQuery: () =>
      readQueryObjects(
        event.queryStringParameters,
        event.multiValueQueryStringParameters,
        identity,
      ),
    body: asString(event.body),
    bodyIsBase64: event.isBase64Encoded === true,
    ip: clientIp(peer, headers['x-forwarded-for'], trustedProxies),
    requestId: asString(context.requestId) ?? lambda?.awsRequestId ?? crypto.randomUUID(),
  }
}

export interface ApiGatewayV1Result {
  statusCode: number
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  body: string
  isBase64Encoded: boolean
}

/** Multi-value headers when the event came with them (REST APIs send both), else single values. */
export function responseToApiGatewayV1(
  res: GuardResponse,
  event: UnknownRecord,
): ApiGatewayV1Result {
  const { body, isBase64Encoded } = encodeBody(res.body)
  return asRecord(event.multiValueHeaders) !== undefined
    ? {
        statusCode: res.status,
        multiValueHeaders: multiValueHeaders(res.headers),
        body,
        isBase64Encoded,
      }
    : { statusCode: res.status, headers: singleValueHeaders(res.headers), body, isBase64Encoded }
}
