import type { AuthKind, Located, Route, RouteAuth, Statement, Unknown } from '../../model/types.js'
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
  isDynamic,
  list,
  type MapEntry,
  type MapNode,
  type Node,
  referencedIds,
  type Span,
  str,
  templateText,
} from '../tree.js'
import { readOpenApiRoutes } from './openapi.js'
import {
  hasThrottle,
  isCdkFramework,
  protectedApi,
  type ResourceContext,
} from './read-resources.js'
import { SAM_POLICY_TEMPLATES } from './sam-policy-templates.js'

const IMPLICIT_REST = 'ServerlessRestApi'
const IMPLICIT_HTTP = 'ServerlessHttpApi'

/**
 * Reads the SAM resource types (`AWS::Serverless::Function`, `::Api`, `::HttpApi`,
 * `::StateMachine`) with `Globals` applied: each function's generated role with its
 * `Policies` (managed names, inline documents, policy templates expanded to actions), its
 * events and routes, the implicit `ServerlessRestApi`/`ServerlessHttpApi`, API auth defaults,
 * CORS, throttling and access logs.
 *
 * @example
 * readSamResources(builder, root, { dir: '', isFile })
 */
export function readSamResources(b: ServiceBuilder, root: Node, ctx: ResourceContext): void {
  const globals = at(root, 'Globals')
  const resources = entries(at(root, 'Resources')).filter((e) => e.value.kind === 'map')
  const typeOf = (e: MapEntry) => str(at(e.value, 'Type'))

  for (const e of resources.filter((r) => typeOf(r) === 'AWS::Serverless::Api')) {
    readSamApi(b, e, at(globals, 'Api'), 'rest')
  }
  for (const e of resources.filter((r) => typeOf(r) === 'AWS::Serverless::HttpApi')) {
    readSamApi(b, e, at(globals, 'HttpApi'), 'http')
  }
  for (const e of resources.filter((r) => typeOf(r) === 'AWS::Serverless::Function')) {
    const props = mergeGlobals(at(globals, 'Function'), at(e.value, 'Properties'))
    readSamFunction(b, e, props, globals, ctx)
  }
  // Inline OpenAPI documents name the functions they invoke: read them once functions exist.
  for (const e of resources) {
    const type = typeOf(e)
    if (type !== 'AWS::Serverless::Api' && type !== 'AWS::Serverless::HttpApi') continue
    const global = at(globals, type === 'AWS::Serverless::Api' ? 'Api' : 'HttpApi')
    const body = at(mergeGlobals(global, at(e.value, 'Properties')), 'DefinitionBody')
    readOpenApiRoutes(b, e.key, type === 'AWS::Serverless::Api' ? 'rest' : 'http', body, (id) =>
      b.findFunction(id),
    )
  }
  // `Globals.Api.Auth.Authorizers.X.FunctionArn: !GetAtt AuthFn.Arn`: the API calls that function.
  for (const id of referencedIds(globals)) {
    const fn = b.findFunction(id)
    if (fn !== undefined) fn.referenced = true
  }
  for (const e of resources.filter((r) => typeOf(r) === 'AWS::Serverless::StateMachine')) {
    const props = at(e.value, 'Properties')
    if (at(props, 'Role') !== undefined) continue
    b.addRole({
      id: `${e.key}Role`,
      kind: 'generated',
      span: entry(props, 'Policies')?.keySpan ?? e.keySpan,
      ...readPolicies(at(props, 'Policies')),
      functions: [],
    })
  }
}

/**
 * SAM's Globals rule: maps merge key by key (so `Environment.Variables` combine), anything else
 * in the resource replaces the global value.
 */
export function mergeGlobals(global: Node | undefined, local: Node | undefined): Node | undefined {
  if (global === undefined) return local
  if (local === undefined) return global
  if (global.kind !== 'map' || local.kind !== 'map') return local
  const merged = new Map(global.entries)
  for (const [key, e] of local.entries) {
    const g = global.entries.get(key)
    merged.set(key, g === undefined ? e : { ...e, value: mergeGlobals(g.value, e.value) as Node })
  }
  return { kind: 'map', span: local.span, entries: merged }
}

function readSamFunction(
  b: ServiceBuilder,
  e: MapEntry,
  props: Node | undefined,
  globals: Node | undefined,
  ctx: ResourceContext,
): void {
  const runtime = locatedString(at(props, 'Runtime'))
  const codeUri = str(at(props, 'CodeUri'))
  const inline = at(props, 'InlineCode') !== undefined
  const image = str(at(props, 'PackageType')) === 'Image'
  const handlerNode = at(props, 'Handler')
  const handlerText = str(handlerNode)
  const codeDir = joinDir(
    ctx.dir,
    codeUri !== undefined && !codeUri.startsWith('s3://') ? codeUri : '',
  )
  // A packaged template (`sam package`): the code is in S3, not in the project.
  const remote =
    codeUri?.startsWith('s3://') === true || at(props, 'CodeUri', 'Bucket') !== undefined
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
  const roleNode = at(props, 'Role')
  let roleId: string
  if (roleNode !== undefined) {
    roleId =
      [...referencedIds(roleNode)][0] ?? str(roleNode) ?? templateText(roleNode) ?? `${e.key}Role`
    if (!b.roles.has(roleId) && [...referencedIds(roleNode)].length === 0) {
      b.addRole({
        id: roleId,
        kind: 'external',
        span: roleNode.span,
        statements: [],
        managedPolicies: [],
        functions: [],
      })
    }
  } else {
    roleId = `${e.key}Role`
    b.addRole({
      id: roleId,
      kind: 'generated',
      span: entry(props, 'Policies')?.keySpan ?? e.keySpan,
      ...readPolicies(at(props, 'Policies')),
      functions: [],
    })
  }
  const fn: FunctionDraft = {
    name: e.key,
    logicalId: e.key,
    span: e.keySpan,
    packageType: inline ? 'inline' : image ? 'image' : 'zip',
    roleId,
    environment: readEnvironment(at(props, 'Environment', 'Variables')),
    events: [],
    routes: [],
    referenced: false,
    generated: isCdkFramework(e.key, e.value),
    ...(runtime === undefined ? {} : { runtime }),
    ...(handler === undefined ? {} : { handler }),
  }
  const reserved = locatedNumber(at(props, 'ReservedConcurrentExecutions'))
  if (reserved !== undefined) fn.reservedConcurrency = reserved
  const timeout = locatedNumber(at(props, 'Timeout'))
  if (timeout !== undefined) fn.timeout = timeout
  b.functions.push(fn)

  const urlConfig = entry(props, 'FunctionUrlConfig')
  if (urlConfig !== undefined) {
    const authType = str(at(urlConfig.value, 'AuthType'))
    fn.url = {
      span: urlConfig.keySpan,
      authType: authType === 'NONE' || authType === 'AWS_IAM' ? authType : 'unknown',
    }
    fn.events.push({ type: 'FunctionUrl', span: urlConfig.keySpan })
    const cors = entry(urlConfig.value, 'Cors')
    if (cors !== undefined) {
      b.cors.push({
        span: cors.keySpan,
        label: `function URL of ${e.key}`,
        function: e.key,
        origins: readOrigins(at(cors.value, 'AllowOrigins')),
        credentials: bool(at(cors.value, 'AllowCredentials')) ?? false,
      })
    }
  }

  // Events (or all the properties) behind `!If` or a reference: there may be a trigger.
  const events = at(props, 'Events')
  if (isDynamic(props) || isDynamic(events))
    fn.events.push({ type: 'unknown', span: (events ?? props ?? e.value).span })
  for (const ev of entries(events)) {
    const type = str(at(ev.value, 'Type')) ?? 'unknown'
    fn.events.push({ type, span: ev.keySpan })
    const evProps = at(ev.value, 'Properties')
    if (type === 'Api') {
      const apiId =
        [...referencedIds(at(evProps, 'RestApiId'))][0] ??
        ensureImplicitApi(b, globals, 'rest', ev.keySpan)
      const route = samRoute(b, ev, evProps, apiId, 'rest', fn)
      if (route !== undefined) b.addRoute(route, fn)
    } else if (type === 'HttpApi') {
      const apiId =
        [...referencedIds(at(evProps, 'ApiId'))][0] ??
        ensureImplicitApi(b, globals, 'http', ev.keySpan)
      const route = samRoute(b, ev, evProps, apiId, 'http', fn)
      if (route !== undefined) b.addRoute(route, fn)
    }
  }
}

function joinDir(dir: string, sub: string): string {
  const clean = sub.replace(/^\.\/?/, '').replace(/\/$/, '')
  if (clean === '') return dir
  return dir === '' ? clean : `${dir}/${clean}`
}

/**
 * The implicit API SAM creates for events without `RestApiId` / `ApiId`, with `Globals` applied.
 * It has no text of its own: findings about it point at `Globals.Api`, else at the first event
 * that creates it.
 */
function ensureImplicitApi(
  b: ServiceBuilder,
  globals: Node | undefined,
  kind: 'rest' | 'http',
  firstEvent: Span,
): string {
  const id = kind === 'rest' ? IMPLICIT_REST : IMPLICIT_HTTP
  if (b.apis.has(id)) return id
  const globalEntry = entry(globals, kind === 'rest' ? 'Api' : 'HttpApi')
  const span = globalEntry?.keySpan ?? firstEvent
  const synthetic: MapEntry = {
    key: id,
    keySpan: span,
    value: { kind: 'map', span, entries: new Map() },
  }
  readSamApi(b, synthetic, globalEntry?.value, kind)
  return id
}

interface SamApiAuth {
  readonly defaultAuthorizer?: string
  readonly authorizers: ReadonlyMap<string, AuthKind>
  readonly apiKeyRequired: boolean | Unknown
  /** `Auth.ResourcePolicy` allows only listed IP ranges, VPCs, endpoints or accounts. */
  readonly restrictedCallers: boolean
}

/** The `Auth.ResourcePolicy` keys that limit who can call the API at all. */
const CALLER_ALLOWLISTS = [
  'IpRangeWhitelist',
  'SourceVpcWhitelist',
  'AwsAccountWhitelist',
  'IntrinsicVpcWhitelist',
  'IntrinsicVpceWhitelist',
]
const apiAuth = new WeakMap<ServiceBuilder, Map<string, SamApiAuth>>()

function readSamApi(
  b: ServiceBuilder,
  e: MapEntry,
  global: Node | undefined,
  kind: 'rest' | 'http',
): void {
  const props = mergeGlobals(global, at(e.value, 'Properties'))
  const auth = at(props, 'Auth')
  const authorizers = new Map<string, AuthKind>()
  for (const a of entries(at(auth, 'Authorizers'))) {
    const kindOf: AuthKind =
      at(a.value, 'UserPoolArn') !== undefined
        ? 'cognito'
        : at(a.value, 'JwtConfiguration') !== undefined
          ? 'jwt'
          : at(a.value, 'FunctionArn') !== undefined
            ? 'lambda'
            : 'unknown'
    authorizers.set(a.key, kindOf)
  }
  const apiKey = at(auth, 'ApiKeyRequired')
  const defaultAuthorizer = str(at(auth, 'DefaultAuthorizer'))
  const perBuilder = apiAuth.get(b) ?? new Map<string, SamApiAuth>()
  apiAuth.set(b, perBuilder)
  const resourcePolicy = at(auth, 'ResourcePolicy')
  perBuilder.set(e.key, {
    ...(defaultAuthorizer === undefined ? {} : { defaultAuthorizer }),
    authorizers,
    apiKeyRequired: apiKey === undefined ? false : (bool(apiKey) ?? 'unknown'),
    restrictedCallers:
      CALLER_ALLOWLISTS.some((k) => at(resourcePolicy, k) !== undefined) ||
      limitsCallers(at(resourcePolicy, 'CustomStatements')),
  })

  const endpoint = at(props, 'EndpointConfiguration')
  const endpointType = str(endpoint) ?? str(at(endpoint, 'Type'))
  const usagePlan = at(auth, 'UsagePlan')
  const throttled =
    list(at(props, 'MethodSettings')).some(hasThrottle) ||
    hasThrottle(at(props, 'DefaultRouteSettings')) ||
    entries(at(props, 'RouteSettings')).some((r) => hasThrottle(r.value)) ||
    (usagePlan !== undefined && at(usagePlan, 'Throttle') !== undefined) ||
    protectedApi(b, e.key, kind)
  b.apis.set(e.key, {
    id: e.key,
    kind,
    span: e.keySpan,
    throttled,
    accessLogs: at(props, kind === 'rest' ? 'AccessLogSetting' : 'AccessLogSettings') !== undefined,
    private: endpointType === 'PRIVATE',
    definedByOpenApi:
      at(props, 'DefinitionBody') !== undefined || at(props, 'DefinitionUri') !== undefined,
  })

  const corsEntry = entry(props, kind === 'rest' ? 'Cors' : 'CorsConfiguration')
  if (corsEntry !== undefined) {
    const c = corsEntry.value
    const allowAll = c.kind === 'scalar' && c.value === true
    const origins = allowAll
      ? ['*']
      : c.kind === 'scalar'
        ? readOrigins(c)
        : readOrigins(at(c, kind === 'rest' ? 'AllowOrigin' : 'AllowOrigins'))
    const credentials = at(c, 'AllowCredentials')
    b.cors.push({
      span: corsEntry.keySpan,
      label: `${kind === 'rest' ? 'Api' : 'HttpApi'} ${e.key}`,
      origins,
      credentials:
        credentials === undefined
          ? false
          : (bool(credentials) ?? str(credentials)?.includes('true') ?? 'unknown'),
    })
  }
}

function samRoute(
  b: ServiceBuilder,
  ev: MapEntry,
  props: Node | undefined,
  apiId: string,
  kind: 'rest' | 'http',
  fn: FunctionDraft,
): Route | undefined {
  const method = (str(at(props, 'Method')) ?? (kind === 'http' ? 'ANY' : 'unknown')).toUpperCase()
  const path = str(at(props, 'Path')) ?? (kind === 'http' ? '$default' : '/')
  if (method === 'OPTIONS') return undefined
  const api = apiAuth.get(b)?.get(apiId)
  const eventAuth = at(props, 'Auth')
  const named = str(at(eventAuth, 'Authorizer')) ?? api?.defaultAuthorizer
  let auth: RouteAuth
  if (named === undefined && api?.restrictedCallers === true) {
    // Only allow-listed networks or accounts reach it: access is controlled, not open.
    auth = { kind: 'unknown', name: 'resource policy' }
  } else if (named === undefined) {
    // An API defined by OpenAPI (or in another stack) may declare security there: unknown.
    const known = api !== undefined && b.apis.get(apiId)?.definedByOpenApi !== true
    auth = { kind: known ? 'none' : 'unknown' }
  } else if (named === 'NONE') {
    auth = { kind: 'none' }
  } else if (named === 'AWS_IAM') {
    auth = { kind: 'iam' }
  } else {
    auth = { kind: api?.authorizers.get(named) ?? 'unknown', name: named }
  }
  const eventApiKey = at(eventAuth, 'ApiKeyRequired')
  return {
    kind,
    method: method === 'ANY' || method === '*' ? 'ANY' : method,
    path,
    span: ev.keySpan,
    auth,
    apiKeyRequired:
      eventApiKey !== undefined
        ? (bool(eventApiKey) ?? 'unknown')
        : (api?.apiKeyRequired ?? 'unknown'),
    apiId,
    function: fn.name,
  }
}

/** SAM `Policies`: managed policy names/ARNs, inline documents and policy templates. */
export function readPolicies(node: Node | undefined): {
  statements: Statement[]
  managedPolicies: Located<string | Unknown>[]
} {
  const statements: Statement[] = []
  const managedPolicies: Located<string | Unknown>[] = []
  for (const item of list(node)) {
    if (item.kind === 'scalar' || item.kind === 'intrinsic' || item.kind === 'unknown') {
      managedPolicies.push({ value: templateText(item) ?? 'unknown', span: item.span })
      continue
    }
    if (item.kind !== 'map') continue
    if (item.entries.has('Statement')) {
      statements.push(...readPolicyDocument(item))
      continue
    }
    for (const t of item.entries.values()) statements.push(expandTemplate(t))
  }
  return { statements, managedPolicies }
}

function expandTemplate(t: MapEntry): Statement {
  const template = SAM_POLICY_TEMPLATES[t.key]
  const span = t.keySpan
  if (template === undefined) {
    return {
      span,
      effect: 'Allow',
      actions: [{ value: 'unknown', span }],
      notActions: [],
      resources: [{ value: 'unknown', span }],
      notResources: [],
      hasCondition: false,
      origin: t.key,
    }
  }
  const args = t.value as MapNode
  const fill = (resource: string) =>
    resource.replace(
      /\{(\w+)\}/g,
      (_, name: string) => templateText(at(args, name)) ?? `\${${name}}`,
    )
  return {
    span,
    effect: 'Allow',
    actions: template.actions.map((value) => ({ value, span })),
    notActions: [],
    resources: template.resources.map((r) => ({ value: fill(r), span })),
    notResources: [],
    hasCondition: false,
    origin: t.key,
  }
}
