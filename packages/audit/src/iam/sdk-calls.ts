import type { AnyNode } from '../code/ast.js'
import { positionOf } from '../code/parse.js'
import type { CallSite, ObjectSite, RuleHooks } from '../code/rule.js'
import type { ApiRef, Value } from '../code/values.js'
import { GUARD_SECRETS, guardSecretsHooks } from './guard-secrets.js'
import { operationNeeds, sdkClassOf } from './sdk-map.js'

/** Where something is in the project's code (file relative to the project, line and column from 1). */
export interface CodeSite {
  readonly file: string
  readonly line: number
  readonly column: number
}

/** One AWS SDK call the code makes, as the engine saw it once. */
export interface SdkCall {
  /** `file:offset` of the call: the same call seen in several evaluations shares it. */
  readonly key: string
  readonly site: CodeSite
  /** JS SDK v2 class name, as the iam-dataset map keys it (`DynamoDB`, `StepFunctions`). */
  readonly sdkClass: string
  readonly operation: string
  /** The request object (its abstract value), when there is one. */
  readonly input: Value | undefined
  /** Actions the call needs on top of the operation's (lib-storage uploads abort multipart uploads). */
  readonly extraActions?: readonly string[]
}

/** Something about the code that keeps the auditor from knowing every call it makes. */
export interface CodeGap {
  readonly site: CodeSite
  readonly reason: string
}

/** What the collector saw during one evaluation (a handler run or a module's file pass). */
export interface Observations {
  readonly calls: SdkCall[]
  readonly gaps: CodeGap[]
  /** Clients made with credentials of their own: their calls may not use the function's role. */
  readonly explicitCredentials: CodeSite[]
}

/** Methods of the DynamoDB document clients (v2 `DocumentClient`, v3 `DynamoDBDocument`). */
const DOCUMENT_METHODS: Readonly<Record<string, string>> = {
  get: 'GetItem',
  put: 'PutItem',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  query: 'Query',
  scan: 'Scan',
  batchGet: 'BatchGetItem',
  batchWrite: 'BatchWriteItem',
  transactGet: 'TransactGetItems',
  transactWrite: 'TransactWriteItems',
  executeStatement: 'ExecuteStatement',
  batchExecuteStatement: 'BatchExecuteStatement',
  executeTransaction: 'ExecuteTransaction',
}

/** `@aws-sdk/lib-dynamodb` commands (`GetCommand`) → DynamoDB operations. */
const DOCUMENT_COMMANDS: Readonly<Record<string, string>> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  Query: 'Query',
  Scan: 'Scan',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  ExecuteStatement: 'ExecuteStatement',
  BatchExecuteStatement: 'BatchExecuteStatement',
  ExecuteTransaction: 'ExecuteTransaction',
}

/** Waiters poll one operation until a state is reached. */
const WAITERS: Readonly<Record<string, string>> = {
  ObjectExists: 'HeadObject',
  ObjectNotExists: 'HeadObject',
  BucketExists: 'HeadBucket',
  BucketNotExists: 'HeadBucket',
  TableExists: 'DescribeTable',
  TableNotExists: 'DescribeTable',
  FunctionActive: 'GetFunctionConfiguration',
  FunctionActiveV2: 'GetFunction',
  FunctionExists: 'GetFunction',
  FunctionUpdated: 'GetFunctionConfiguration',
  FunctionUpdatedV2: 'GetFunction',
  StreamExists: 'DescribeStream',
  StreamNotExists: 'DescribeStream',
}

/** Client members that are not operations. */
const CLIENT_MEMBERS = new Set([
  'send',
  'destroy',
  'on',
  'promise',
  'config',
  'middlewareStack',
  'setupRequestListeners',
  'defineService',
  'createSet',
  'customizeRequests',
  'endpoint',
  'api',
])

/** S3 uploads in several parts: PutObject for the parts, AbortMultipartUpload on failure. */
const MULTIPART = ['s3:AbortMultipartUpload']

/**
 * AWS packages that never call AWS with the function's credentials themselves (types, helpers,
 * presigners of commands the code builds, tracing wrappers that return the client they get).
 */
const HARMLESS_AWS_MODULES = new Set([
  '@aws-sdk/types',
  '@aws-sdk/util-dynamodb',
  '@aws-sdk/s3-request-presigner',
  '@aws-sdk/smithy-client',
  '@aws-sdk/util-arn-parser',
  '@aws-sdk/protocol-http',
  '@aws-sdk/node-http-handler',
  '@aws-sdk/credential-provider-node',
  '@aws-sdk/util-utf8-node',
  '@aws-sdk/url-parser',
  '@aws-sdk/lib-storage',
  '@aws-sdk/s3-presigned-post',
  'aws-lambda',
  'aws-jwt-verify',
  'aws-embedded-metrics',
  'aws-xray-sdk',
  'aws-xray-sdk-core',
  'aws-sdk-client-mock',
  '@aws-lambda-powertools/logger',
  '@aws-lambda-powertools/metrics',
  '@aws-lambda-powertools/tracer',
  '@aws-lambda-powertools/batch',
  '@aws-lambda-powertools/commons',
  '@aws-lambda-powertools/jmespath',
  '@aws-lambda-powertools/event-handler',
  '@aws-lambda-powertools/parser',
  '@aws-lambda-powertools/validation',
  '@middy/core',
])

/** Packages that receive an SDK client and return it: handing them one is not a gap. */
const CLIENT_WRAPPERS = new Set([
  'aws-xray-sdk',
  'aws-xray-sdk-core',
  '@aws-lambda-powertools/tracer',
  '@aws-sdk/lib-dynamodb',
  '@aws-sdk/lib-storage',
  '@aws-sdk/s3-request-presigner',
  '@aws-sdk/s3-presigned-post',
  'aws-sdk-client-mock',
  GUARD_SECRETS,
])

/** Middy middlewares that fetch parameters, secrets or credentials from AWS. */
const MIDDY_AWS =
  /^@middy\/(?:ssm|secrets-manager|sts|rds-signer|dsql-signer|appconfig|dynamodb|service-discovery|s3|s3-object-response)$/

/**
 * A package that calls AWS itself with the function's credentials, where the auditor cannot see
 * which actions: ORMs and helpers over DynamoDB or S3, parameter and secret loaders, request
 * signers. Used for the module graph too (an import alone is enough).
 *
 * @example
 * callsAwsItself('dynamoose') // true
 */
export function callsAwsItself(module: string): boolean {
  if (HARMLESS_AWS_MODULES.has(module)) return false
  if (isV3Client(module) || module === LIB_DYNAMODB || isV2(module)) return false
  if (module.startsWith('@aws-sdk/') || module.startsWith('@smithy/signature')) return true
  if (module.startsWith('@aws-lambda-powertools/')) return true
  if (MIDDY_AWS.test(module)) return true
  return /^(?:dynamoose|electrodb|dynamodb-toolbox|dynamo-easy|@typedorm\/|typedorm|aws4|aws4fetch|aws-param-store|data-api-client|@aws-crypto\/client-)/.test(
    module,
  )
}

const LIB_DYNAMODB = '@aws-sdk/lib-dynamodb'
function isV3Client(module: string): boolean {
  return module.startsWith('@aws-sdk/client-')
}
function isV2(module: string): boolean {
  return module === 'aws-sdk' || module.startsWith('aws-sdk/')
}
function isAwsSdk(module: string): boolean {
  return isV3Client(module) || module === LIB_DYNAMODB || isV2(module)
}

/** The value is an SDK client instance (`new S3Client()`, `DynamoDBDocumentClient.from(c)`). */
function isClient(v: Value | undefined, depth = 0): boolean {
  if (v === undefined) return false
  const api = v.api
  if (api !== undefined && isAwsSdk(api.module) && api.path[api.path.length - 1] === '()')
    return true
  if (v.props !== undefined && depth < 2) {
    for (const inner of v.props.values()) if (isClient(inner, depth + 1)) return true
  }
  return false
}

/** A command class or a client's method taken as a value (not a client, not a call). */
function isStoredOperation(api: ApiRef | undefined): boolean {
  if (api === undefined || !isAwsSdk(api.module)) return false
  const last = api.path[api.path.length - 1]
  if (last === undefined || last === '()') return false
  if (api.path.length === 1) return last.endsWith('Command')
  // `client.getObject` itself: one instance, then the method (results of calls have more).
  return (
    parens(api.path) === 1 && api.path[api.path.length - 2] === '()' && !CLIENT_MEMBERS.has(last)
  )
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)
const parens = (path: readonly string[]) => path.filter((p) => p === '()').length

/**
 * The engine hooks that collect AWS SDK calls: v3 commands (`new GetObjectCommand(input)`),
 * aggregated v3 clients (`new S3().getObject(input)`), `@aws-sdk/lib-dynamodb` commands and
 * document clients, paginators and waiters, `@aws-sdk/lib-storage` uploads, presigned posts, and
 * the v2 `aws-sdk` (clients, `DocumentClient`, `aws-sdk/clients/x`), and the stores of Bulwark's
 * own `@bulwark/guard/secrets` (`guard-secrets.ts`). Uses the auditor can not
 * follow (computed methods, clients handed to other packages, packages that call AWS themselves)
 * become gaps. `observations(file)` says where what is seen in a module goes.
 */
export function sdkCallHooks(observations: (file: string) => Observations): RuleHooks & {
  /** The expression an object property's value was written as (template literals). */
  readonly nodeOf: WeakMap<object, AnyNode>
} {
  const nodeOf = new WeakMap<object, AnyNode>()
  const secrets = guardSecretsHooks()

  function where(site: CallSite): CodeSite {
    const { line, column } = positionOf(site.module, site.node.start)
    return { file: site.module.file, line, column }
  }

  function record(
    site: CallSite,
    sdkClass: string,
    operation: string,
    input: Value | undefined,
    extraActions?: readonly string[],
    keySuffix = '',
  ): void {
    const at = where(site)
    const needs = operationNeeds(sdkClass, operation)
    if (!needs.known) {
      observations(site.module.file).gaps.push({
        site: at,
        reason: `${sdkClass}.${operation} is not in the SDK → IAM table`,
      })
      return
    }
    observations(site.module.file).calls.push({
      key: `${site.module.file}:${site.node.start}${keySuffix}`,
      site: at,
      sdkClass,
      operation,
      input,
      ...(extraActions === undefined ? {} : { extraActions }),
    })
  }

  function gap(site: CallSite, reason: string): void {
    observations(site.module.file).gaps.push({ site: where(site), reason })
  }

  function credentials(site: CallSite, options: Value | undefined): void {
    const props = options?.props
    if (props === undefined) return
    if (props.has('credentials') || props.has('accessKeyId') || props.has('secretAccessKey'))
      observations(site.module.file).explicitCredentials.push(where(site))
  }

  function v3(site: CallSite, api: ApiRef): void {
    const module = api.module
    const sdkClass = module === LIB_DYNAMODB ? 'DynamoDB' : sdkClassOf(module.slice(16))
    const path = api.path
    const first = path[0] ?? ''
    if (path.length === 1 && site.isNew) {
      if (first.endsWith('Command')) {
        const name = first.slice(0, -'Command'.length)
        const operation = module === LIB_DYNAMODB ? DOCUMENT_COMMANDS[name] : name
        if (operation === undefined) gap(site, `unknown command ${first} of ${module}`)
        else record(site, sdkClass, operation, site.args[0])
      } else {
        credentials(site, site.args[0])
      }
      return
    }
    if (path.length === 1 && /^paginate[A-Z]/.test(first)) {
      const name = first.slice('paginate'.length)
      record(site, sdkClass, DOCUMENT_COMMANDS[name] ?? name, site.args[1])
      return
    }
    if (path.length === 1 && /^waitUntil[A-Z]/.test(first)) {
      const operation = WAITERS[first.slice('waitUntil'.length)]
      if (operation === undefined) gap(site, `waiter ${first} of ${module}`)
      else record(site, sdkClass, operation, site.args[1])
      return
    }
    if (site.isNew || parens(path) !== 1 || path[path.length - 2] !== '()') return
    const method = path[path.length - 1] as string
    if (CLIENT_MEMBERS.has(method)) return
    // Bare clients (`S3Client`, `DynamoDBDocumentClient`) only `send`; aggregated ones have methods.
    if (first.endsWith('Client')) return
    const operation = module === LIB_DYNAMODB ? DOCUMENT_METHODS[method] : capitalize(method)
    if (operation === undefined) gap(site, `unknown method ${method} of ${module}`)
    else record(site, sdkClass, operation, site.args[0])
  }

  function v2(site: CallSite, api: ApiRef): void {
    const fromFile = /^aws-sdk\/clients\/([a-z0-9]+)$/.exec(api.module)
    const path = fromFile === null ? api.path : [sdkClassOf(fromFile[1] as string), ...api.path]
    if (path[0] === 'config' && site.name === 'update') {
      credentials(site, site.args[0])
      return
    }
    const open = path.indexOf('()')
    if (open < 0) {
      if (site.isNew) credentials(site, site.args[0])
      return
    }
    if (site.isNew || parens(path) !== 1 || open !== path.length - 2) return
    const method = path[path.length - 1] as string
    const service = path.slice(0, open)
    const sdkClass = sdkClassOf(service[0] ?? '')
    if (service[service.length - 1] === 'DocumentClient') {
      const operation = DOCUMENT_METHODS[method]
      if (operation !== undefined) record(site, 'DynamoDB', operation, site.args[0])
      else if (!CLIENT_MEMBERS.has(method)) gap(site, `DocumentClient.${method}`)
      return
    }
    if (CLIENT_MEMBERS.has(method)) return
    if (method === 'getSignedUrl' || method === 'getSignedUrlPromise') {
      const operation = site.args[0]?.str
      if (operation === undefined) gap(site, `${method} with a computed operation`)
      else record(site, sdkClass, capitalize(operation), site.args[1])
      return
    }
    if (sdkClass === 'S3' && method === 'upload') {
      record(site, 'S3', 'PutObject', site.args[0], MULTIPART)
      return
    }
    if (/^(?:makeRequest|makeUnauthenticatedRequest|waitFor)$/.test(method)) {
      gap(site, `${sdkClass}.${method} (the operation is an argument)`)
      return
    }
    record(site, sdkClass, capitalize(method), site.args[0])
  }

  return {
    nodeOf,
    object(site: ObjectSite) {
      for (const [key, { value, node }] of site.props) {
        const written = (node as AnyNode).value as AnyNode | undefined
        if (written !== undefined && !Object.isFrozen(value)) nodeOf.set(value, written)
        // `{ get: GetCommand }`, `{ read: client.getObject }`: picked by a computed key later,
        // where the analysis no longer sees which.
        if (isStoredOperation(value.api)) {
          const { line, column } = positionOf(site.module, site.node.start)
          observations(site.module.file).gaps.push({
            site: { file: site.module.file, line, column },
            reason: `an SDK operation is kept in an object (${key}) to be picked at run time`,
          })
        }
      }
    },
    call(site: CallSite) {
      const api = site.callee.api
      if (api === undefined) {
        // `client[operation](params)`, `new commands[name](input)`: the operation is computed.
        const receiver = site.receiver?.api
        if (site.name === '' && receiver !== undefined && isAwsSdk(receiver.module))
          gap(site, `computed member of ${receiver.module}`)
        return
      }
      const module = api.module
      if (isV3Client(module) || module === LIB_DYNAMODB) {
        if (site.name === '' && !site.isNew) gap(site, `computed member of ${module}`)
        else v3(site, api)
        return
      }
      if (isV2(module)) {
        if (site.name === '') gap(site, `computed member of ${module}`)
        else v2(site, api)
        return
      }
      if (module === '@aws-sdk/lib-storage' && site.isNew && api.path[0] === 'Upload') {
        record(site, 'S3', 'PutObject', site.args[0]?.props?.get('params'), MULTIPART)
        return
      }
      if (module === '@aws-sdk/s3-presigned-post' && api.path[0] === 'createPresignedPost') {
        record(site, 'S3', 'PutObject', site.args[1])
        return
      }
      if (module === GUARD_SECRETS) {
        secrets.call(site, api, {
          record: (sdkClass, operation, input, keySuffix) =>
            record(site, sdkClass, operation, input, undefined, keySuffix),
          gap: (reason) => gap(site, reason),
        })
        return
      }
      if (module === '<global>') return
      if (callsAwsItself(module)) {
        gap(site, `${module} calls AWS itself`)
        return
      }
      if (!CLIENT_WRAPPERS.has(module) && site.args.some((a) => isClient(a)))
        gap(site, `an AWS SDK client is handed to ${module}`)
    },
  }
}
