import { basename, posix } from 'node:path'
import type { Route, Service, Statement } from '../../model/types.js'
import { collectResources, readResources } from '../cloudformation/read-resources.js'
import type { LoadContext } from '../context.js'
import { resolveHandler } from '../handlers.js'
import { readStatements } from '../iam-statements.js'
import {
  type FunctionDraft,
  locatedNumber,
  locatedString,
  type RoleDraft,
  readEnvironment,
  ServiceBuilder,
} from '../service-builder.js'
import {
  at,
  entries,
  entry,
  isDynamic,
  list,
  type MapNode,
  type Node,
  referencedIds,
  spanAt,
  str,
  templateText,
} from '../tree.js'
import { readServerlessEvent } from './events.js'
import { VariableResolver } from './variables.js'

const EXECUTABLE = /\.(c|m)?(j|t)sx?$/
const DATA_FILES = /\.(ya?ml|json)$/

/**
 * Builds the model of one Serverless Framework service (v3 or v4) from its parsed config:
 * variables resolved inside the project only, the provider role and per-function roles
 * (`iam.role.statements`, the old `iamRoleStatements`, `serverless-iam-roles-per-function`),
 * `http`/`httpApi`/`websocket`/`alb` routes with their authorizers, API keys and CORS, and the
 * CloudFormation `resources`.
 *
 * @example
 * const service = loadServerless(ctx, 'serverless.yml', ctx.parseFile('serverless.yml'))
 */
export function loadServerless(ctx: LoadContext, file: string, raw: Node): Service {
  const dirRaw = posix.dirname(file)
  const dir = dirRaw === '.' ? '' : dirRaw
  const resolver = new VariableResolver(raw, {
    readFile(path, span) {
      if (path.startsWith('~') || posix.isAbsolute(path)) {
        ctx.problem({
          kind: 'refused-path',
          message: `\${file(${path})} is outside the project: not read`,
          span,
        })
        return 'refused'
      }
      const target = ctx.fs.normalize(posix.join(dir === '' ? '.' : dir, path))
      if (target === undefined || ctx.fs.escapesProject(target)) {
        ctx.problem({
          kind: 'refused-path',
          message: `\${file(${path})} is outside the project: not read`,
          span,
        })
        return 'refused'
      }
      if (!ctx.fs.isFile(target)) return 'missing'
      if (EXECUTABLE.test(target)) return 'executable'
      if (DATA_FILES.test(target)) return ctx.parseFile(target) ?? 'missing'
      const read = ctx.fs.readText(target, 256 * 1024)
      return read.ok ? read.text : 'missing'
    },
  })
  const root = resolver.resolveAll()
  const rawText = ctx.fs.textOf(file) ?? ''
  const provider = at(root, 'provider')
  const serviceEntry = entry(root, 'service')
  const name =
    str(serviceEntry?.value) ??
    str(at(serviceEntry?.value, 'name')) ??
    (posix.basename(dir) || basename(ctx.fs.root))
  const rawStage = str(at(raw, 'provider', 'stage'))
  const b = new ServiceBuilder({
    file,
    name,
    format: 'serverless',
    dir,
    span: serviceEntry?.keySpan ?? spanAt(file, 1, 1),
    root,
    settingsSpan: entry(root, 'provider')?.keySpan ?? spanAt(file, 1, 1),
    stage: {
      ...(resolver.stage() === undefined ? {} : { name: resolver.stage() as string }),
      variable:
        rawText.includes('opt:stage') ||
        rawText.includes('sls:stage') ||
        (rawStage?.includes('${') ?? false),
    },
  })
  b.plugins = [...list(at(root, 'plugins')), ...list(at(root, 'plugins', 'modules'))]
    .map((p) => str(p))
    .filter((p): p is string => p !== undefined)
  const retention = locatedNumber(at(provider, 'logRetentionInDays'))
  if (retention !== undefined) b.logRetention = retention

  const providerName = str(at(provider, 'name'))
  if (providerName !== undefined && providerName !== 'aws') return b.build()

  for (const resourcesNode of resourceMaps(at(root, 'resources')))
    collectResources(b, resourcesNode)
  readResources(b, { dir, isFile: (p) => ctx.fs.isFile(p) })
  const providerRole = readProviderRole(b, root, file)
  readFunctions(ctx, b, root, dir, providerRole, rawText)
  readApis(b, root)
  return b.build()
}

/** `resources:` is a map with `Resources`, or (v1 style) a list of such maps from `${file()}`. */
function resourceMaps(node: Node | undefined): Node[] {
  if (node === undefined) return []
  if (node.kind === 'seq')
    return node.items.map((i) => at(i, 'Resources')).filter((n): n is Node => n !== undefined)
  const resources = at(node, 'Resources')
  return resources === undefined ? [] : [resources]
}

/** The role every function gets unless it names its own. */
function readProviderRole(b: ServiceBuilder, root: Node, file: string): string {
  const provider = at(root, 'provider')
  const iamRole = at(provider, 'iam', 'role')
  const named = roleName(iamRole) ?? roleName(at(provider, 'role'))
  if (named !== undefined)
    return namedRole(b, named, (iamRole ?? at(provider, 'role'))?.span ?? spanAt(file, 1, 1))
  const statements: Statement[] = [
    ...readStatements(at(iamRole, 'statements')),
    ...readStatements(at(provider, 'iamRoleStatements')),
  ]
  const managed = [
    ...list(at(iamRole, 'managedPolicies')),
    ...list(at(provider, 'iamManagedPolicies')),
  ]
  const span =
    entry(at(provider, 'iam'), 'role')?.keySpan ??
    entry(provider, 'iamRoleStatements')?.keySpan ??
    entry(root, 'provider')?.keySpan ??
    spanAt(file, 1, 1)
  b.addRole({
    id: 'IamRoleLambdaExecution',
    kind: 'provider',
    span,
    statements,
    managedPolicies: managed.map((m) => ({ value: templateText(m) ?? 'unknown', span: m.span })),
    functions: [],
  })
  return 'IamRoleLambdaExecution'
}

/** A role named by logical id, ARN, or `!GetAtt MyRole.Arn` (the role's logical id). */
function roleName(node: Node | undefined): string | undefined {
  if (node?.kind === 'intrinsic') return [...referencedIds(node)][0]
  return str(node)
}

/** `role: MyRole` (a resource of the service) or `role: arn:aws:iam::…` (made elsewhere). */
function namedRole(b: ServiceBuilder, name: string, span: FunctionDraft['span']): string {
  if (b.roles.has(name)) return name
  b.addRole({
    id: name,
    kind: 'external',
    span,
    statements: [],
    managedPolicies: [],
    functions: [],
  })
  return name
}

function readFunctions(
  ctx: LoadContext,
  b: ServiceBuilder,
  root: Node,
  dir: string,
  providerRoleId: string,
  rawText: string,
): void {
  const provider = at(root, 'provider')
  const functionsNode = at(root, 'functions')
  const definitions =
    functionsNode?.kind === 'seq'
      ? functionsNode.items.flatMap((i) => entries(i))
      : entries(functionsNode)
  const perFunctionPlugin = b.plugins.includes('serverless-iam-roles-per-function')
  const defaultInherit = at(root, 'custom', 'serverless-iam-roles-per-function', 'defaultInherit')
  for (const def of definitions) {
    const fnNode = def.value
    if (fnNode.kind !== 'map') continue
    const runtime = locatedString(at(fnNode, 'runtime') ?? at(provider, 'runtime'))
    const handlerNode = at(fnNode, 'handler')
    const handlerText = str(handlerNode)
    const image = at(fnNode, 'image') !== undefined
    const handler =
      handlerText === undefined || handlerNode === undefined || image
        ? undefined
        : resolveHandler(
            handlerText,
            dir,
            runtime?.value === 'unknown' ? undefined : runtime?.value,
            handlerNode.span,
            (p) => ctx.fs.isFile(p),
          )
    const environment = new Map(
      readEnvironment(at(provider, 'environment')).map((e) => [e.name, e]),
    )
    for (const e of readEnvironment(at(fnNode, 'environment'))) environment.set(e.name, e)

    const fn: FunctionDraft = {
      name: def.key,
      logicalId: `${normalizeName(def.key)}LambdaFunction`,
      span: def.keySpan,
      packageType: image ? 'image' : 'zip',
      environment: [...environment.values()],
      events: [],
      routes: [],
      referenced: isReferenced(rawText, def.key),
      generated: false,
      roleId: functionRole(
        b,
        def.key,
        fnNode,
        provider,
        providerRoleId,
        perFunctionPlugin,
        defaultInherit,
      ),
      ...(runtime === undefined ? {} : { runtime }),
      ...(handler === undefined ? {} : { handler }),
    }
    const reserved = locatedNumber(at(fnNode, 'reservedConcurrency'))
    if (reserved !== undefined) fn.reservedConcurrency = reserved
    const timeout = locatedNumber(at(fnNode, 'timeout') ?? at(provider, 'timeout'))
    if (timeout !== undefined) fn.timeout = timeout
    const retention = locatedNumber(at(fnNode, 'logRetentionInDays'))
    if (retention !== undefined) fn.logRetention = retention
    readUrl(b, fn, entry(fnNode, 'url'))
    b.functions.push(fn)
    for (const eventNode of list(at(fnNode, 'events'))) {
      // An event the auditor cannot read (an unresolved `${file()}`) is still an event.
      if (isDynamic(eventNode)) fn.events.push({ type: 'unknown', span: eventNode.span })
      for (const ev of entries(eventNode)) {
        fn.events.push({ type: ev.key, span: ev.keySpan })
        for (const route of readServerlessEvent(ev, root, b.cors, fn.name)) b.addRoute(route, fn)
      }
    }
  }
}

/**
 * A function's role: its own `role:`, a per-function role from function-level statements, or
 * the provider role.
 */
function functionRole(
  b: ServiceBuilder,
  name: string,
  fnNode: MapNode,
  provider: Node | undefined,
  providerRoleId: string,
  perFunctionPlugin: boolean,
  defaultInherit: Node | undefined,
): string {
  const named = roleName(at(fnNode, 'role')) ?? roleName(at(fnNode, 'iam', 'role'))
  if (named !== undefined)
    return namedRole(
      b,
      named,
      (at(fnNode, 'role') ?? at(fnNode, 'iam', 'role'))?.span ?? fnNode.span,
    )
  const own = at(fnNode, 'iamRoleStatements') ?? at(fnNode, 'iam', 'role', 'statements')
  const ownManaged = at(fnNode, 'iam', 'role', 'managedPolicies')
  if (own === undefined && ownManaged === undefined) return providerRoleId
  const inheritNode = at(fnNode, 'iamRoleStatementsInherit') ?? defaultInherit
  const inherit = str(inheritNode) === 'true'
  const providerRole = b.roles.get(providerRoleId)
  const role: RoleDraft = {
    id: `${normalizeName(name)}IamRoleLambdaExecution`,
    kind: 'function',
    span:
      (entry(fnNode, 'iamRoleStatements') ?? entry(at(fnNode, 'iam'), 'role'))?.keySpan ??
      fnNode.span,
    statements: [
      ...readStatements(own),
      ...(inherit && providerRole !== undefined ? providerRole.statements : []),
    ],
    managedPolicies: list(at(fnNode, 'iam', 'role', 'managedPolicies')).map((m) => ({
      value: templateText(m) ?? 'unknown',
      span: m.span,
    })),
    functions: [],
  }
  // Without the plugin, Framework v3 ignores function-level statements; v4 reads
  // `iam.role.statements`. Either way the author meant a role of its own.
  void perFunctionPlugin
  void provider
  b.addRole(role)
  return role.id
}

function readUrl(b: ServiceBuilder, fn: FunctionDraft, urlEntry: ReturnType<typeof entry>): void {
  if (urlEntry === undefined) return
  const url = urlEntry.value
  if (url.kind === 'scalar' && url.value !== true) return
  // `authorizer: none` is written out by people who mean it public (Bref's docs do).
  const authorizer = str(at(url, 'authorizer'))?.toLowerCase()
  fn.url = {
    span: urlEntry.keySpan,
    authType:
      authorizer === undefined || authorizer === 'none'
        ? 'NONE'
        : authorizer === 'aws_iam'
          ? 'AWS_IAM'
          : 'unknown',
  }
  fn.events.push({ type: 'url', span: urlEntry.keySpan })
  const cors = entry(url, 'cors')
  if (cors === undefined) return
  const allowAll = cors.value.kind === 'scalar' && cors.value.value === true
  const origins = allowAll
    ? ['*']
    : list(at(cors.value, 'allowedOrigins')).map((o) => str(o) ?? 'unknown')
  b.cors.push({
    span: cors.keySpan,
    label: `function URL of ${fn.name}`,
    function: fn.name,
    origins,
    credentials: str(at(cors.value, 'allowCredentials')) === 'true',
  })
}

/** The REST, HTTP and websocket APIs the framework creates for the service's events. */
function readApis(b: ServiceBuilder, root: Node): void {
  const provider = at(root, 'provider')
  const custom = at(root, 'custom')
  const kinds = new Set(b.routes.map((r: Route) => r.kind))
  const wafPlugin =
    b.plugins.includes('serverless-associate-waf') || at(custom, 'associateWaf') !== undefined
  const resourcesProtect = b.resources.some(
    (r) =>
      r.type === 'AWS::WAFv2::WebACLAssociation' ||
      (r.type === 'AWS::ApiGateway::UsagePlan' && at(r.properties, 'Throttle') !== undefined),
  )
  if (kinds.has('rest')) {
    const external = at(provider, 'apiGateway', 'restApiId') !== undefined
    const usagePlan = at(provider, 'apiGateway', 'usagePlan') ?? at(provider, 'usagePlan')
    const throttled =
      usagePlan !== undefined ||
      at(custom, 'apiGatewayThrottling') !== undefined ||
      b.plugins.includes('serverless-api-gateway-throttling') ||
      wafPlugin ||
      resourcesProtect ||
      stageOverrideThrottles(b, 'ApiGatewayStage')
    const endpointType =
      str(at(provider, 'endpointType')) ?? str(at(provider, 'apiGateway', 'endpointType'))
    b.apis.set('ApiGatewayRestApi', {
      id: 'ApiGatewayRestApi',
      kind: 'rest',
      span: entry(provider, 'apiGateway')?.keySpan ?? b.base.settingsSpan,
      throttled: throttled ? true : external ? 'unknown' : false,
      accessLogs: truthy(at(provider, 'logs', 'restApi')) ? true : external ? 'unknown' : false,
      private: endpointType?.toUpperCase() === 'PRIVATE',
      definedByOpenApi: false,
    })
  }
  if (kinds.has('http')) {
    const external = at(provider, 'httpApi', 'id') !== undefined
    const throttled = wafPlugin || stageOverrideThrottles(b, 'HttpApiStage')
    b.apis.set('HttpApi', {
      id: 'HttpApi',
      kind: 'http',
      span: entry(provider, 'httpApi')?.keySpan ?? b.base.settingsSpan,
      throttled: throttled ? true : external ? 'unknown' : false,
      accessLogs: truthy(at(provider, 'logs', 'httpApi')) ? true : external ? 'unknown' : false,
      private: false,
      definedByOpenApi: false,
    })
  }
  if (kinds.has('websocket')) {
    b.apis.set('WebsocketsApi', {
      id: 'WebsocketsApi',
      kind: 'websocket',
      span: entry(provider, 'websocketsApiName')?.keySpan ?? b.base.settingsSpan,
      throttled: 'unknown',
      accessLogs: truthy(at(provider, 'logs', 'websocket')),
      private: false,
      definedByOpenApi: false,
    })
  }
}

/** `resources.extensions` / `resources.Resources` overriding the generated stage with limits. */
function stageOverrideThrottles(b: ServiceBuilder, logicalId: string): boolean {
  const root = b.base.root
  const overrides = [
    at(root, 'resources', 'extensions', logicalId, 'Properties'),
    at(root, 'resources', 'Resources', logicalId, 'Properties'),
  ]
  return overrides.some(
    (props) =>
      list(at(props, 'MethodSettings')).some((m) => at(m, 'ThrottlingRateLimit') !== undefined) ||
      at(props, 'DefaultRouteSettings', 'ThrottlingRateLimit') !== undefined ||
      at(props, 'DefaultRouteSettings', 'ThrottlingBurstLimit') !== undefined,
  )
}

function truthy(node: Node | undefined): boolean {
  if (node === undefined) return false
  if (node.kind === 'scalar')
    return node.value !== false && node.value !== null && node.value !== 'false'
  return true
}

/**
 * The Framework's logical-id normalization: `hello-world` → `HelloDashworld`, so that a
 * `!GetAtt HelloDashworldLambdaFunction.Arn` in resources can be traced back to the function.
 */
export function normalizeName(name: string): string {
  const replaced = name.replaceAll('-', 'Dash').replaceAll('_', 'Underscore')
  return replaced.charAt(0).toUpperCase() + replaced.slice(1)
}

/**
 * Whether the function is named anywhere else in the config (an authorizer, a state machine,
 * a `!GetAtt …LambdaFunction.Arn`): then "nothing triggers it" would be a wrong guess.
 */
function isReferenced(rawText: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const occurrences = rawText.match(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'g'))?.length ?? 0
  return occurrences > 1 || rawText.includes(`${normalizeName(name)}LambdaFunction`)
}
