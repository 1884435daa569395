// Lambda HTTP events in the shapes AWS documents ("Input format of a Lambda function for proxy
// integration", "Working with AWS Lambda proxy integrations for HTTP APIs", "Lambda function URL
// request payload", "Lambda functions as targets for an Application Load Balancer"). Each builder
// starts from the documented example and takes overrides.

type Json = Record<string, unknown>

export interface HttpEventInput {
  method?: string
  path?: string
  headers?: Record<string, string>
  query?: Record<string, string[]>
  pathParameters?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
  sourceIp?: string
  cookies?: string[]
}

const DEFAULT_HEADERS = {
  Accept: 'application/json',
  Host: 'id.execute-api.us-east-1.amazonaws.com',
  'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) test',
  'X-Amzn-Trace-Id': 'Root=1-5e66d96f-7491f09xmpl79d18acf3d050',
}

/** API Gateway REST API, payload format 1.0, with the multi-value maps REST APIs always send. */
export function restApiEvent(
  input: HttpEventInput = {},
  options: { multiValue?: boolean } = {},
): Json {
  const headers = { ...DEFAULT_HEADERS, ...input.headers }
  const query = input.query ?? {}
  const multiValue = options.multiValue ?? true
  const event: Json = {
    resource: '/my/path',
    path: input.path ?? '/my/path',
    httpMethod: input.method ?? 'GET',
    headers,
    queryStringParameters:
      Object.keys(query).length === 0
        ? null
        : Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v[v.length - 1]])),
    requestContext: {
      accountId: '123456789012',
      apiId: 'id',
      authorizer: { claims: null, scopes: null },
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      extendedRequestId: 'request-id',
      httpMethod: input.method ?? 'GET',
      identity: {
        accessKey: null,
        accountId: null,
        caller: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: input.sourceIp ?? '192.0.2.10',
        user: null,
        userAgent: 'user-agent',
        userArn: null,
        clientCert: null,
      },
      path: input.path ?? '/my/path',
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '04/Mar/2020:19:15:17 +0000',
      requestTimeEpoch: 1583349317135,
      resourceId: null,
      resourcePath: '/my/path',
      stage: '$default',
    },
    pathParameters: input.pathParameters ?? null,
    stageVariables: null,
    body: input.body ?? null,
    isBase64Encoded: input.isBase64Encoded ?? false,
  }
  if (multiValue) {
    event.multiValueHeaders = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, v.split(/,\s*/)]),
    )
    event.multiValueQueryStringParameters = Object.keys(query).length === 0 ? null : query
  }
  return event
}

function rawQueryString(query: Record<string, string[]>): string {
  const params = new URLSearchParams()
  for (const [name, values] of Object.entries(query)) for (const v of values) params.append(name, v)
  return params.toString()
}

/** HTTP API, payload format 2.0. */
export function httpApiEvent(input: HttpEventInput = {}): Json {
  const query = input.query ?? {}
  const headers = Object.fromEntries(
    Object.entries({ ...DEFAULT_HEADERS, ...input.headers }).map(([k, v]) => [k.toLowerCase(), v]),
  )
  const event: Json = {
    version: '2.0',
    routeKey: '$default',
    rawPath: input.path ?? '/my/path',
    rawQueryString: rawQueryString(query),
    headers,
    queryStringParameters:
      Object.keys(query).length === 0
        ? undefined
        : Object.fromEntries(Object.entries(query).map(([k, v]) => [k, v.join(',')])),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api-id',
      authorizer: { jwt: { claims: { claim1: 'value1' }, scopes: ['scope1'] } },
      domainName: 'id.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'id',
      http: {
        method: input.method ?? 'GET',
        path: input.path ?? '/my/path',
        protocol: 'HTTP/1.1',
        sourceIp: input.sourceIp ?? '192.0.2.20',
        userAgent: 'agent',
      },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '12/Mar/2020:19:03:58 +0000',
      timeEpoch: 1583348638390,
    },
    body: input.body,
    pathParameters: input.pathParameters,
    isBase64Encoded: input.isBase64Encoded ?? false,
    stageVariables: { stageVariable1: 'value1' },
  }
  if (input.cookies !== undefined) event.cookies = input.cookies
  return event
}

/** Lambda function URL: payload 2.0 with an IAM/none authorizer and a lambda-url domain. */
export function functionUrlEvent(input: HttpEventInput = {}): Json {
  const event = httpApiEvent(input)
  const context = event.requestContext as Json
  return {
    ...event,
    requestContext: {
      ...context,
      apiId: '<urlid>',
      authorizer: undefined,
      domainName: '<url-id>.lambda-url.us-west-2.on.aws',
      domainPrefix: '<url-id>',
    },
  }
}

/** Application Load Balancer target, with or without multi-value headers enabled. */
export function albEvent(input: HttpEventInput = {}, options: { multiValue?: boolean } = {}): Json {
  const headers = Object.fromEntries(
    Object.entries({
      ...DEFAULT_HEADERS,
      'x-forwarded-for': input.sourceIp ?? '72.12.164.125',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...input.headers,
    }).map(([k, v]) => [k.toLowerCase(), v]),
  )
  const query = input.query ?? {}
  const encode = (s: string) => encodeURIComponent(s)
  const event: Json = {
    requestContext: {
      elb: {
        targetGroupArn:
          'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a',
      },
    },
    httpMethod: input.method ?? 'GET',
    path: input.path ?? '/lambda',
    body: input.body ?? '',
    isBase64Encoded: input.isBase64Encoded ?? false,
  }
  if (options.multiValue) {
    event.multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]]))
    event.multiValueQueryStringParameters = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [encode(k), v.map(encode)]),
    )
  } else {
    event.headers = headers
    event.queryStringParameters = Object.fromEntries(
      Object.entries(query).map(([k, v]) => [encode(k), encode(v[v.length - 1] as string)]),
    )
  }
  return event
}

/** A Lambda context object with the fields the guard reads. */
export function lambdaContext(overrides: Json = {}) {
  return {
    awsRequestId: 'a1b2c3d4-0000-4000-8000-lambda000001',
    functionName: 'test-function',
    getRemainingTimeInMillis: () => 3000,
    ...overrides,
  }
}

/** The four event builders, for tests that run across every shape. */
export const EVENT_SHAPES = {
  'REST API (v1)': (input: HttpEventInput) => restApiEvent(input),
  'REST API (v1, no multi-value maps)': (input: HttpEventInput) =>
    restApiEvent(input, { multiValue: false }),
  'HTTP API (v2)': httpApiEvent,
  'Function URL': functionUrlEvent,
  ALB: (input: HttpEventInput) => albEvent(input),
  'ALB (multi-value)': (input: HttpEventInput) => albEvent(input, { multiValue: true }),
} as const

/** Reads status, lower-cased headers (lists) and body from any of the result shapes. */
export function readResult(result: unknown): {
  status: number
  headers: Record<string, string[]>
  body: string
  json: () => Record<string, unknown>
  cookies: string[]
} {
  const r = result as {
    statusCode: number
    headers?: Record<string, string>
    multiValueHeaders?: Record<string, string[]>
    cookies?: string[]
    body: string
    isBase64Encoded: boolean
  }
  const headers: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = [v]
  for (const [k, v] of Object.entries(r.multiValueHeaders ?? {})) headers[k.toLowerCase()] = v
  const body = r.isBase64Encoded ? Buffer.from(r.body, 'base64').toString('utf8') : r.body
  return {
    status: r.statusCode,
    headers,
    body,
    json: () => JSON.parse(body),
    cookies: r.cookies ?? headers['set-cookie'] ?? [],
  }
}
