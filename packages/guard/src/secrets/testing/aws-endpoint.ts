// A local endpoint that speaks AWS JSON 1.1 for the real AWS SDK v3 clients: SSM GetParameter,
// GetParameters and GetParametersByPath, Secrets Manager GetSecretValue. It keeps what it was
// asked, so tests count requests, and can be told to fail like the services do.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type ParameterType = 'String' | 'StringList' | 'SecureString'

export interface StoredParameter {
  value: string
  type: ParameterType
  version: number
}

/** An AWS error answer: `status` with `{ "__type": type, "message": message }`. */
export interface AwsFailure {
  readonly status: number
  readonly type: string
  readonly message?: string
}

export interface ReceivedRequest {
  /** `AmazonSSM.GetParameter`, `secretsmanager.GetSecretValue`, … */
  readonly target: string
  readonly body: Record<string, unknown>
}

export const THROTTLED: AwsFailure = {
  status: 400,
  type: 'ThrottlingException',
  message: 'Rate exceeded',
}
export const INTERNAL_ERROR: AwsFailure = {
  status: 500,
  type: 'InternalServerError',
  message: 'An internal error occurred',
}

export interface AwsEndpoint {
  readonly url: string
  readonly requests: ReceivedRequest[]
  /** Parameters by name; `setParameter` bumps the version like PutParameter --overwrite. */
  readonly parameters: Map<string, StoredParameter>
  /** Secrets Manager secrets by name: a string is `SecretString`, bytes are `SecretBinary`. */
  readonly secrets: Map<string, string | Uint8Array>
  /** GetParametersByPath pages hold at most this many (and at most the request's MaxResults). */
  pageSize: number
  setParameter(name: string, value: string, type?: ParameterType): void
  /** Answer the next `times` requests (every one, by default) with `failure`. */
  fail(failure: AwsFailure, times?: number): void
  /** Never answer the next `times` requests (a service that hangs). */
  stall(times?: number): void
  /** Serve normally again. */
  recover(): void
  /** How many requests had this target (`GetParameter`, `GetParametersByPath`, …), or all. */
  count(operation?: string): number
  clientConfig(): {
    endpoint: string
    region: string
    credentials: { accessKeyId: string; secretAccessKey: string }
    maxAttempts: number
  }
  close(): Promise<void>
}

class AwsError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message)
  }
}

const SECURE_PREFIX = 'AQICAHh' // what an undecrypted SecureString looks like: KMS ciphertext

export async function startAwsEndpoint(): Promise<AwsEndpoint> {
  const requests: ReceivedRequest[] = []
  const parameters = new Map<string, StoredParameter>()
  const secrets = new Map<string, string | Uint8Array>()
  let failure: { failure: AwsFailure | 'stall'; remaining: number } | undefined
  const state = { pageSize: 10 }

  const operations: Record<string, (body: Record<string, unknown>) => unknown> = {
    'AmazonSSM.GetParameter': (body) => {
      const name = requireString(body, 'Name')
      return { Parameter: parameterRecord(name, body.WithDecryption === true) }
    },
    'AmazonSSM.GetParameters': (body) => {
      const names = body.Names
      if (!Array.isArray(names) || names.length < 1 || names.length > 10) {
        throw new AwsError(400, 'ValidationException', 'Names must hold 1 to 10 names')
      }
      const found = names.filter((n) => parameters.has(n))
      return {
        Parameters: found.map((n) => parameterRecord(n, body.WithDecryption === true)),
        InvalidParameters: names.filter((n) => !parameters.has(n)),
      }
    },
    'AmazonSSM.GetParametersByPath': (body) => {
      const path = requireString(body, 'Path')
      if (!path.startsWith('/')) throw new AwsError(400, 'ValidationException', 'bad path')
      const maxResults = typeof body.MaxResults === 'number' ? body.MaxResults : 10
      if (maxResults < 1 || maxResults > 10) {
        throw new AwsError(400, 'ValidationException', 'MaxResults must be 1 to 10')
      }
      const prefix = path.endsWith('/') ? path : `${path}/`
      const names = [...parameters.keys()]
        .filter((n) => n.startsWith(prefix))
        .filter((n) => body.Recursive === true || !n.slice(prefix.length).includes('/'))
        .sort()
      const start = typeof body.NextToken === 'string' ? decodeToken(body.NextToken) : 0
      const end = start + Math.min(maxResults, state.pageSize)
      const page = names.slice(start, end)
      return {
        Parameters: page.map((n) => parameterRecord(n, body.WithDecryption === true)),
        ...(end < names.length ? { NextToken: encodeToken(end) } : {}),
      }
    },
    'secretsmanager.GetSecretValue': (body) => {
      const id = requireString(body, 'SecretId')
      const secret = secrets.get(id)
      if (secret === undefined) {
        throw new AwsError(
          400,
          'ResourceNotFoundException',
          "Secrets Manager can't find the specified secret.",
        )
      }
      return {
        ARN: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${id}-AbCdEf`,
        Name: id,
        VersionId: randomUUID(),
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 1735689600,
        ...(typeof secret === 'string'
          ? { SecretString: secret }
          : { SecretBinary: Buffer.from(secret).toString('base64') }),
      }
    },
  }

  function parameterRecord(name: string, decrypt: boolean) {
    const parameter = parameters.get(name)
    if (parameter === undefined) throw new AwsError(400, 'ParameterNotFound', '')
    const value =
      parameter.type === 'SecureString' && !decrypt
        ? `${SECURE_PREFIX}${Buffer.from(parameter.value).toString('base64')}`
        : parameter.value
    return {
      Name: name,
      Type: parameter.type,
      Value: value,
      Version: parameter.version,
      LastModifiedDate: 1735689600,
      ARN: `arn:aws:ssm:eu-west-1:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`,
      DataType: 'text',
    }
  }

  function answer(response: ServerResponse, status: number, body: unknown) {
    response.writeHead(status, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
    })
    response.end(JSON.stringify(body))
  }

  function serve(request: IncomingMessage, response: ServerResponse, raw: string) {
    const target = String(request.headers['x-amz-target'] ?? '')
    let body: Record<string, unknown> = {}
    try {
      body = raw === '' ? {} : JSON.parse(raw)
    } catch {
      // recorded as an empty body; the checks below refuse it
    }
    requests.push({ target, body })
    try {
      if (request.method !== 'POST' || !String(request.headers['content-type']).includes('json')) {
        throw new AwsError(400, 'SerializationException', 'expected a POST of AWS JSON 1.1')
      }
      if (!String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=')) {
        throw new AwsError(400, 'MissingAuthenticationTokenException', 'request is not signed')
      }
      if (failure !== undefined) {
        const { failure: f } = failure
        if (--failure.remaining <= 0) failure = undefined
        if (f === 'stall') return
        throw new AwsError(f.status, f.type, f.message ?? '')
      }
      const operation = operations[target]
      if (operation === undefined) {
        throw new AwsError(400, 'UnknownOperationException', `unknown target ${target}`)
      }
      answer(response, 200, operation(body))
    } catch (error) {
      if (!(error instanceof AwsError)) throw error
      // AWS JSON 1.1 errors: the type in `__type` (and the header), the text in `message`.
      response.setHeader('x-amzn-errortype', error.type)
      answer(response, error.status, { __type: error.type, message: error.message })
    }
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => serve(request, response, Buffer.concat(chunks).toString('utf8')))
  })
  // Idle connections stay open: closing them after Node's 5 s default races a client that reuses
  // one at that moment (ECONNRESET), which on a loaded machine made tests fail at random.
  server.keepAliveTimeout = 0
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`

  return {
    url,
    requests,
    parameters,
    secrets,
    get pageSize() {
      return state.pageSize
    },
    set pageSize(size: number) {
      state.pageSize = size
    },
    setParameter(name, value, type = 'String') {
      const version = (parameters.get(name)?.version ?? 0) + 1
      parameters.set(name, { value, type, version })
    },
    fail(f, times = Number.POSITIVE_INFINITY) {
      failure = { failure: f, remaining: times }
    },
    stall(times = Number.POSITIVE_INFINITY) {
      failure = { failure: 'stall', remaining: times }
    },
    recover() {
      failure = undefined
    },
    count(operation) {
      if (operation === undefined) return requests.length
      return requests.filter((r) => r.target.endsWith(`.${operation}`)).length
    },
    clientConfig: () => ({
      endpoint: url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      // One attempt per send: the counts at this endpoint are the secrets module's own retries.
      maxAttempts: 1,
    }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

function requireString(body: Record<string, unknown>, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '') {
    throw new AwsError(400, 'ValidationException', `${key} is required`)
  }
  return value
}

function encodeToken(index: number): string {
  return Buffer.from(JSON.stringify({ index })).toString('base64')
}

function decodeToken(token: string): number {
  try {
    const { index } = JSON.parse(Buffer.from(token, 'base64').toString('utf8'))
    if (Number.isInteger(index) && index >= 0) return index
  } catch {
    // falls through to the service's own answer for a token it did not issue
  }
  throw new AwsError(400, 'ValidationException', 'The specified token is not valid')
}
