import type { AuthKind, FunctionUrl, Located, Route, Unknown } from '../../model/types.js'
import { resolveHandler } from '../handlers.js'
import { limitsCallers, readPolicyDocument } from '../iam-statements.js'
import {
  type FunctionDraft,
  locatedNumber,
  locatedString,
  readEnvironment,
  readOrigins,
  type ServiceBuilder,
} from '../service-builder.js'
import {
  at,
  bool,
  entries,
  entry,
  list,
  type MapNode,
  type Node,
  referencedIds,
  str,
  templateText,
} from '../tree.js'
import { readOpenApiRoutes } from './openapi.js'

/** What reading template resources needs from the project. */
export interface ResourceContext {
  isFile(path: string): boolean
  /** Folder that relative code paths start from (the template's folder). */
  readonly dir: string
}

/**
 * CDK creates these functions for its own custom resources (log retention, bucket auto-delete,
 * AwsCustomResource, notifications): the user cannot change them, so they are not audited.
 */
const CDK_FRAMEWORK_IDS = [
  /^LogRetention[0-9a-f]{32}/,
  /^AWS679f53fac002430cb0da5b7982bd2287/,
  /^BucketNotificationsHandler[0-9a-f]{32}/,
  /^CustomS3AutoDeleteObjectsCustomResourceProvider/,
  /^CustomCDKBucketDeployment[0-9A-F]{32}/,
  /^CustomVpcRestrictDefaultSG/,
  /^Custom[A-Za-z0-9]*CustomResourceProvider/,
  /^CDKMetadata$/,
]
const CDK_FRAMEWORK_PATHS = [/\/Provider\/framework-/, /\/Custom::/, /\/LogRetention[0-9a-f]{32}\//]

/** Whether a resource was made by the CDK itself rather than by the user's constructs. */
export function isCdkFramework(logicalId: string, node: Node): boolean {
  if (CDK_FRAMEWORK_IDS.some((re) => re.test(logicalId))) return true
  const path = str(at(node, 'Metadata', 'aws:cdk:path'))
  return path !== undefined && CDK_FRAMEWORK_PATHS.some((re) => re.test(path))
}

/** Lists a template's resources (logical id, type, properties, position) in the builder. */
export function collectResources(b: ServiceBuilder, resources: Node | undefined): void {
  for (const e of entries(resources)) {
    if (e.value.kind !== 'map') continue
    const node = e.value
    const type = str(entry(node, 'Type')?.value) ?? 'unknown'
    const properties = entry(node, 'Properties')?.value
    b.resources.push({
      logicalId: e.key,
      type,
      span: e.keySpan,
      node,
      ...(properties?.kind === 'map' ? { properties } : {}),
    })
  }
}

/**
 * Reads the collected plain CloudFormation resources into the builder: Lambda functions, IAM
 * roles and policies, function URLs, API Gateway REST and HTTP APIs with their methods, routes,
 * stages and usage plans, and log groups. SAM resources are read by `readSamResources` first.
 *
 * @example
 * collectResources(builder, at(root, 'Resources'))
 * readResources(builder, { dir: '', isFile })
 */
export function readResources(b: ServiceBuilder, ctx: ResourceContext): void {
  const byId = new Map<string, MapNode>(b.resources.map((r) => [r.logicalId, r.node]))
  const ofType = (type: string) => b.resources.filter((r) => r.type === type)

  for (const r of ofType('AWS::IAM::Role')) {
    b.addRole({
      id: r.logicalId,
      kind: isCdkFramework(r.logicalId, r.node) ? 'framework' : 'resource',
      span: r.span,
      statements: list(at(r.properties, 'Policies')).flatMap((p) =>
        readPolicyDocument(at(p, 'PolicyDocument')),
      ),
      managedPolicies: list(at(r.properties, 'ManagedPolicyArns')).map((m) => ({
        value: templateText(m) ?? 'unknown',
        span: m.span,
      })),
      functions: [],
    })
  }
  // Separate policies attached to roles (what the CDK generates as `…DefaultPolicy`).
  for (const r of [...ofType('AWS::IAM::Policy'), ...ofType('AWS::IAM::ManagedPolicy')]) {
    const statements = readPolicyDocument(at(r.properties, 'PolicyDocument'))
    for (const roleRef of list(at(r.properties, 'Roles'))) {
      for (const id of referencedIds(roleRef)) {
        const role = b.roles.get(id)
        if (role !== undefined) role.statements.push(...statements)
      }
    }
  }

  for (const r of ofType('AWS::Lambda::Function')) {
    if (b.findFunction(r.logicalId) !== undefined) continue
    const props = r.properties
    const cdkPath = str(at(r.node, 'Metadata', 'aws:cdk:path'))
    const assetPath = str(at(r.node, 'Metadata', 'aws:asset:path'))
    const runtime = locatedString(at(props, 'Runtime'))
    const handlerNode = at(props, 'Handler')
    const handlerText = str(handlerNode)
    const inline = at(props, 'Code', 'ZipFile') !== undefined
    const image =
      str(at(props, 'PackageType')) === 'Image' || at(props, 'Code', 'ImageUri') !== undefined
    const codeDir = assetPath === undefined ? ctx.dir : joinDir(ctx.dir, assetPath)
    // Code uploaded to S3 by some other step: its source is not next to the template.
    const remote = assetPath === undefined && at(props, 'Code', 'S3Bucket') !== undefined
    const handler =
      handlerText === undefined || handlerNode === undefined || inline || image || remote
        ? undefined
        : resolveHandler(
            handlerText,
            codeDir,
            runtime?.value === 'unknown' ? undefined : runtime?.value,
            handlerNode.span,
            ctx.isFile,
          )
    const roleIds = [...referencedIds(at(props, 'Role'))]
    const roleArn = str(at(props, 'Role'))
    if (roleArn !== undefined) {
      b.addRole({
        id: roleArn,
        kind: 'external',
        span: r.span,
        statements: [],
        managedPolicies: [],
        functions: [],
      })
    }
    const fn: FunctionDraft = {
      name: cdkPath === undefined ? r.logicalId : cdkPath.replace(/\/Resource$/, ''),
      logicalId: r.logicalId,
      span: r.span,
      packageType: inline ? 'inline' : image ? 'image' : 'zip',
      environment: readEnvironment(at(props, 'Environment', 'Variables')),
      events: [],
      routes: [],
      referenced: false,
      generated: isCdkFramework(r.logicalId, r.node),
      ...(runtime === undefined ? {} : { runtime }),
      ...(handler === undefined ? {} : { handler }),
      ...(roleIds[0] !== undefined
        ? { roleId: roleIds[0] }
        : roleArn !== undefined
          ? { roleId: roleArn }
          : {}),
    }
    const reserved = locatedNumber(at(props, 'ReservedConcurrentExecutions'))
    if (reserved !== undefined) fn.reservedConcurrency = reserved
    const timeout = locatedNumber(at(props, 'Timeout'))
    if (timeout !== undefined) fn.timeout = timeout
    b.functions.push(fn)
  }

  readTriggers(b)
  readFunctionUrls(b)
  readRestApis(b, byId)
  readHttpApis(b)
  readLogGroups(b)
}

function joinDir(dir: string, sub: string): string {
  return dir === '' ? sub : `${dir}/${sub}`
}

/** The function a value points at (`!GetAtt Fn.Arn`, `!Ref Fn`, an ARN built with `!Sub`). */
function functionOf(b: ServiceBuilder, node: Node | undefined): FunctionDraft | undefined {
  for (const id of referencedIds(node)) {
    const fn = b.findFunction(id)
    if (fn !== undefined) return fn
  }
  return undefined
}

/** Permissions and event source mappings are what trigger a template's functions. */
function readTriggers(b: ServiceBuilder): void {
  for (const r of b.resources) {
    if (r.type === 'AWS::Lambda::Permission' || r.type === 'AWS::Lambda::EventSourceMapping') {
      const fn = functionOf(b, at(r.properties, 'FunctionName'))
      fn?.events.push({ type: r.type, span: r.span })
      continue
    }
    // Anything else that refers to a function (a state machine, a rule target, a custom
    // resource) keeps it alive.
    if (r.type.startsWith('AWS::IAM::') || r.type === 'AWS::Logs::LogGroup') continue
    if (r.type === 'Custom::LogRetention') continue
    for (const id of referencedIds(r.node)) {
      if (id === r.logicalId) continue
      const fn = b.findFunction(id)
      if (fn !== undefined) fn.referenced = true
    }
  }
}

function readFunctionUrls(b: ServiceBuilder): void {
  for (const r of b.resources.filter((x) => x.type === 'AWS::Lambda::Url')) {
    const fn = functionOf(b, at(r.properties, 'TargetFunctionArn'))
    const authType = str(at(r.properties, 'AuthType'))
    const url: FunctionUrl = {
      span: r.span,
      authType: authType === 'NONE' || authType === 'AWS_IAM' ? authType : 'unknown',
    }
    if (fn !== undefined) {
      fn.url = url
      fn.events.push({ type: 'url', span: r.span })
    }
    const cors = at(r.properties, 'Cors')
    if (cors !== undefined) {
      b.cors.push({
        span: cors.span,
        label: `function URL ${r.logicalId}`,
        origins: readOrigins(at(cors, 'AllowOrigins')),
        credentials: bool(at(cors, 'AllowCredentials')) ?? false,
        ...(fn === undefined ? {} : { function: fn.name }),
      })
    }
  }
}

const REST_AUTH: Record<string, AuthKind> = {
  NONE: 'none',
  AWS_IAM: 'iam',
  CUSTOM: 'lambda',
  COGNITO_USER_POOLS: 'cognito',
}

function readRestApis(b: ServiceBuilder, byId: Map<string, MapNode>): void {
  for (const r of b.resources.filter((x) => x.type === 'AWS::ApiGateway::RestApi')) {
    const types = list(at(r.properties, 'EndpointConfiguration', 'Types')).map((t) => str(t))
    b.apis.set(r.logicalId, {
      id: r.logicalId,
      kind: 'rest',
      span: r.span,
      throttled: protectedApi(b, r.logicalId, 'rest'),
      accessLogs: stageHasAccessLogs(b, r.logicalId, 'AWS::ApiGateway::Stage', 'AccessLogSetting'),
      private: types.includes('PRIVATE'),
      definedByOpenApi:
        at(r.properties, 'Body') !== undefined || at(r.properties, 'BodyS3Location') !== undefined,
    })
  }
  for (const r of b.resources.filter((x) => x.type === 'AWS::ApiGateway::RestApi')) {
    readOpenApiRoutes(b, r.logicalId, 'rest', at(r.properties, 'Body'), (id) => b.findFunction(id))
  }
  // `Policy` of a REST API (the CDK's `policy`) allowing only listed networks or an organization.
  const restricted = new Set(
    b.resources
      .filter((x) => x.type === 'AWS::ApiGateway::RestApi')
      .filter((x) => limitsCallers(at(x.properties, 'Policy', 'Statement')))
      .map((x) => x.logicalId),
  )
  for (const r of b.resources.filter((x) => x.type === 'AWS::ApiGateway::Method')) {
    const method = (str(at(r.properties, 'HttpMethod')) ?? 'unknown').toUpperCase()
    const apiId = [...referencedIds(at(r.properties, 'RestApiId'))][0]
    const path = restPath(byId, at(r.properties, 'ResourceId'))
    if (method === 'OPTIONS') {
      readPreflightCors(b, r.properties, r.span, `OPTIONS ${path}`)
      continue
    }
    const authType = str(at(r.properties, 'AuthorizationType')) ?? 'NONE'
    const fn = functionOf(b, at(r.properties, 'Integration', 'Uri'))
    const apiKey = bool(at(r.properties, 'ApiKeyRequired'))
    const route: Route = {
      kind: 'rest',
      method,
      path,
      span: r.span,
      auth:
        authType === 'NONE' && apiId !== undefined && restricted.has(apiId)
          ? { kind: 'unknown', name: 'resource policy' }
          : { kind: REST_AUTH[authType] ?? 'unknown' },
      apiKeyRequired:
        apiKey ?? (at(r.properties, 'ApiKeyRequired') === undefined ? false : 'unknown'),
      ...(apiId === undefined ? {} : { apiId }),
      ...(fn === undefined ? {} : { function: fn.name }),
    }
    b.addRoute(route, fn)
    fn?.events.push({ type: 'AWS::ApiGateway::Method', span: r.span })
  }
}

/** A CORS preflight written as an OPTIONS mock integration (what the CDK generates). */
function readPreflightCors(
  b: ServiceBuilder,
  props: MapNode | undefined,
  span: Route['span'],
  label: string,
): void {
  for (const response of list(at(props, 'Integration', 'IntegrationResponses'))) {
    const params = at(response, 'ResponseParameters')
    const origin = at(params, 'method.response.header.Access-Control-Allow-Origin')
    if (origin === undefined) continue
    const credentials = str(at(params, 'method.response.header.Access-Control-Allow-Credentials'))
    b.cors.push({
      span: origin.span ?? span,
      label,
      origins: readOrigins(origin),
      credentials: credentials === undefined ? false : credentials.includes('true'),
    })
  }
}

/** `/users/{id}` from a method's resource and its parents. */
function restPath(byId: Map<string, MapNode>, resourceRef: Node | undefined): string {
  const parts: string[] = []
  let ref = resourceRef
  for (let depth = 0; depth < 50; depth++) {
    if (ref?.kind !== 'intrinsic' || ref.name !== 'Ref') break
    const id = str(ref.arg)
    const resource = id === undefined ? undefined : byId.get(id)
    if (resource === undefined) break
    parts.unshift(str(at(resource, 'Properties', 'PathPart')) ?? '{?}')
    ref = at(resource, 'Properties', 'ParentId')
  }
  return `/${parts.join('/')}`
}

const V2_AUTH: Record<string, AuthKind> = {
  NONE: 'none',
  AWS_IAM: 'iam',
  JWT: 'jwt',
  CUSTOM: 'lambda',
}

function readHttpApis(b: ServiceBuilder): void {
  const integrations = new Map<string, FunctionDraft | undefined>()
  for (const r of b.resources.filter((x) => x.type === 'AWS::ApiGatewayV2::Integration')) {
    integrations.set(r.logicalId, functionOf(b, at(r.properties, 'IntegrationUri')))
  }
  for (const r of b.resources.filter((x) => x.type === 'AWS::ApiGatewayV2::Api')) {
    const protocol = str(at(r.properties, 'ProtocolType')) === 'WEBSOCKET' ? 'websocket' : 'http'
    b.apis.set(r.logicalId, {
      id: r.logicalId,
      kind: protocol,
      span: r.span,
      throttled: protectedApi(b, r.logicalId, 'http'),
      accessLogs: stageHasAccessLogs(
        b,
        r.logicalId,
        'AWS::ApiGatewayV2::Stage',
        'AccessLogSettings',
      ),
      private: false,
      definedByOpenApi:
        at(r.properties, 'Body') !== undefined || at(r.properties, 'BodyS3Location') !== undefined,
    })
    readOpenApiRoutes(b, r.logicalId, 'http', at(r.properties, 'Body'), (id) => b.findFunction(id))
    const cors = at(r.properties, 'CorsConfiguration')
    if (cors !== undefined) {
      b.cors.push({
        span: cors.span,
        label: `HTTP API ${r.logicalId}`,
        origins: readOrigins(at(cors, 'AllowOrigins')),
        credentials: bool(at(cors, 'AllowCredentials')) ?? false,
      })
    }
    // Quick create: an API with a Target has one `$default` route with no authorizer.
    const target = at(r.properties, 'Target')
    if (target !== undefined) {
      const fn = functionOf(b, target)
      b.addRoute(
        {
          kind: 'http',
          method: 'ANY',
          path: '$default',
          span: target.span,
          auth: { kind: 'none' },
          apiKeyRequired: false,
          apiId: r.logicalId,
          ...(fn === undefined ? {} : { function: fn.name }),
        },
        fn,
      )
    }
  }
  for (const r of b.resources.filter((x) => x.type === 'AWS::ApiGatewayV2::Route')) {
    const key = str(at(r.properties, 'RouteKey')) ?? 'unknown'
    const apiId = [...referencedIds(at(r.properties, 'ApiId'))][0]
    const api = apiId === undefined ? undefined : b.apis.get(apiId)
    let fn: FunctionDraft | undefined
    for (const id of referencedIds(at(r.properties, 'Target'))) fn ??= integrations.get(id)
    const [method = key, path = ''] = key.includes(' ') ? key.split(' ') : [key, key]
    if (api?.kind === 'websocket' && key !== '$connect') continue
    if (method.toUpperCase() === 'OPTIONS') continue
    const authType = str(at(r.properties, 'AuthorizationType')) ?? 'NONE'
    b.addRoute(
      {
        kind: api?.kind === 'websocket' ? 'websocket' : 'http',
        method: method.toUpperCase(),
        path,
        span: r.span,
        auth: { kind: V2_AUTH[authType] ?? 'unknown' },
        apiKeyRequired: bool(at(r.properties, 'ApiKeyRequired')) ?? false,
        ...(apiId === undefined ? {} : { apiId }),
        ...(fn === undefined ? {} : { function: fn.name }),
      },
      fn,
    )
    fn?.events.push({ type: 'AWS::ApiGatewayV2::Route', span: r.span })
  }
}

/**
 * Throttling for an API: a stage with throttling limits, a usage plan with a throttle, or a WAF
 * web ACL associated with it.
 */
export function protectedApi(b: ServiceBuilder, apiId: string, kind: 'rest' | 'http'): boolean {
  for (const r of b.resources) {
    const refs = referencedIds(r.properties)
    if (!refs.has(apiId)) continue
    if (
      r.type === 'AWS::WAFv2::WebACLAssociation' ||
      r.type === 'AWS::WAFRegional::WebACLAssociation'
    )
      return true
    if (r.type === 'AWS::ApiGateway::UsagePlan' && at(r.properties, 'Throttle') !== undefined)
      return true
    if (kind === 'rest' && r.type === 'AWS::ApiGateway::Stage') {
      if (list(at(r.properties, 'MethodSettings')).some(hasThrottle)) return true
    }
    if (kind === 'http' && r.type === 'AWS::ApiGatewayV2::Stage') {
      if (hasThrottle(at(r.properties, 'DefaultRouteSettings'))) return true
      if (entries(at(r.properties, 'RouteSettings')).some((e) => hasThrottle(e.value))) return true
    }
  }
  return false
}

/** A settings map with a throttling limit (`ThrottlingRateLimit` / `ThrottlingBurstLimit`). */
export function hasThrottle(node: Node | undefined): boolean {
  return (
    at(node, 'ThrottlingRateLimit') !== undefined || at(node, 'ThrottlingBurstLimit') !== undefined
  )
}

function stageHasAccessLogs(
  b: ServiceBuilder,
  apiId: string,
  stageType: string,
  key: string,
): boolean {
  return b.resources.some(
    (r) =>
      r.type === stageType &&
      referencedIds(r.properties).has(apiId) &&
      at(r.properties, key) !== undefined,
  )
}

/** Log groups named after a function (`/aws/lambda/${Fn}`) give that function its retention. */
function readLogGroups(b: ServiceBuilder): void {
  for (const r of b.resources) {
    const isGroup = r.type === 'AWS::Logs::LogGroup'
    const isCdkRetention = r.type === 'Custom::LogRetention'
    if (!isGroup && !isCdkRetention) continue
    const retention: Located<number | Unknown> = locatedNumber(
      at(r.properties, 'RetentionInDays'),
    ) ?? {
      value: 'unknown',
      span: r.span,
    }
    const named = functionOf(b, at(r.properties, 'LogGroupName'))
    const fns = named === undefined ? [] : [named]
    for (const fn of b.functions) {
      const configured = at(
        b.resources.find((x) => x.logicalId === fn.logicalId)?.properties,
        'LoggingConfig',
        'LogGroup',
      )
      if (configured !== undefined && referencedIds(configured).has(r.logicalId)) fns.push(fn)
    }
    // A group without RetentionInDays keeps logs forever: the function stays without retention.
    if (at(r.properties, 'RetentionInDays') === undefined) continue
    for (const fn of fns) fn.logRetention = retention
  }
}
