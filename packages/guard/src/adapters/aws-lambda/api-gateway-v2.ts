import type { LambdaContext } from '../../core/context.js'
import type { RequestParts } from '../../core/request.js'
import type { GuardResponse } from '../../core/response.js'
import {
  asRecord,
  asString,
  clientIp,
  readHeaders,
  readParams,
  readQueryString,
  type UnknownRecord,
} from './event-fields.js'
import { encodeBody, singleValueHeaders } from './results.js'

/** HTTP API (payload 2.0) and Lambda Function URL events share this shape. */
export function isApiGatewayV2(event: UnknownRecord): boolean {
  return event.version === '2.0' && asRecord(asRecord(event.requestContext)?.http) !== undefined
}

export function requestFromApiGatewayV2(
  event: UnknownRecord,
  lambda: LambdaContext | undefined,
  trustedProxies: number,
): RequestParts {
  const context = asRecord(event.requestContext) ?? {}
  const http = asRecord(context.http) ?? {}
  const headers = readHeaders(event.headers, undefined)
  // Payload 2.0 moves cookies out of the headers into their own array.
  if (Array.isArray(event.cookies)) {
    const cookies = event.cookies.filter((c): c is string => typeof c === 'string')
    if (cookies.length > 0) headers.cookie = cookies.join('; ')
  }
  const rawQuery = asString(event.rawQueryString) ?? ''
  return {
    method: (asString(http.method) ?? 'GET').toUpperCase(),
    path: asString(event.rawPath) ?? asString(http.path) ?? '/',
    params: readParams(event.pathParameters),
    headers,
    readQuery: () => readQueryString(rawQuery),
    body: asString(event.body),
    bodyIsBase64: event.isBase64Encoded === true,
    ip: clientIp(asString(http.sourceIp), headers['x-forwarded-for'], trustedProxies),
    requestId: asString(context.requestId) ?? lambda?.awsRequestId ?? crypto.randomUUID(),
  }
}

export interface ApiGatewayV2Result {
  statusCode: number
  headers: Record<string, string>
  cookies?: string[]
  body: string
  isBase64Encoded: boolean
}

/** Set-Cookie values go into `cookies`, the only place payload 2.0 keeps more than one. */
export function responseToApiGatewayV2(res: GuardResponse): ApiGatewayV2Result {
  const result: ApiGatewayV2Result = {
    statusCode: res.status,
    headers: singleValueHeaders(res.headers, 'set-cookie'),
    body: encodeBody(res.body),
    isBase64Encoded: typeof res.body === 'object', // bytes, which encodeBody put in base64
  }
  const setCookie = res.headers['set-cookie']
  if (setCookie !== undefined)
    result.cookies = typeof setCookie === 'string' ? [setCookie] : [...setCookie]
  return result
}
