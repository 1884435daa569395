import type { Cors, Route, RouteAuth } from '../../model/types.js'
import { limitsCallers } from '../iam-statements.js'
import { at, bool, entry, list, type MapEntry, type Node, str } from '../tree.js'

/**
 * The routes one `events:` item of a function defines: `http` (REST API), `httpApi`,
 * `websocket` (`$connect` only: the other routes ride on an authorized connection) and `alb`.
 * CORS settings met on the way are added to `cors`.
 *
 * @example
 * readServerlessEvent(eventEntry, root, cors, 'createUser') // [{ kind: 'rest', method: 'POST', … }]
 */
export function readServerlessEvent(
  ev: MapEntry,
  root: Node,
  cors: Cors[],
  fnName: string,
): Route[] {
  switch (ev.key) {
    case 'http':
      return readHttp(
        ev,
        cors,
        fnName,
        limitsCallers(at(root, 'provider', 'apiGateway', 'resourcePolicy')),
      )
    case 'httpApi':
      return readHttpApi(ev, root, cors, fnName)
    case 'websocket':
      return readWebsocket(ev, fnName)
    case 'alb':
      return readAlb(ev, fnName)
    default:
      return []
  }
}

/** `GET /users`, `get users/{id}` → method and path. */
function methodAndPath(text: string): { method: string; path: string } {
  const [method = 'ANY', ...rest] = text.trim().split(/\s+/)
  return { method: method.toUpperCase(), path: normalizePath(rest.join(' ') || '/') }
}

function normalizePath(path: string): string {
  if (path === '*') return path
  return path.startsWith('/') ? path : `/${path}`
}

function readHttp(ev: MapEntry, cors: Cors[], fnName: string, restricted: boolean): Route[] {
  const value = ev.value
  const text = str(value)
  const { method, path } =
    text !== undefined
      ? methodAndPath(text)
      : {
          method: (str(at(value, 'method')) ?? 'ANY').toUpperCase(),
          path: normalizePath(str(at(value, 'path')) ?? '/'),
        }
  if (method === 'OPTIONS') return []
  const corsEntry = entry(value, 'cors')
  if (corsEntry !== undefined) {
    const c = corsEntry.value
    const allowAll = c.kind === 'scalar' && c.value === true
    if (allowAll || c.kind === 'map') {
      const origins = allowAll
        ? ['*']
        : [...list(at(c, 'origin')), ...list(at(c, 'origins'))].map((o) => str(o) ?? 'unknown')
      cors.push({
        span: corsEntry.keySpan,
        label: `http event ${method} ${path}`,
        function: fnName,
        origins: origins.length === 0 ? ['*'] : origins,
        credentials: bool(at(c, 'allowCredentials')) ?? false,
      })
    }
  }
  const isPrivate = bool(at(value, 'private'))
  return [
    {
      kind: 'rest',
      method,
      path,
      span: ev.keySpan,
      auth:
        restricted && at(value, 'authorizer') === undefined
          ? { kind: 'unknown', name: 'resource policy' }
          : restAuthorizer(at(value, 'authorizer')),
      apiKeyRequired:
        isPrivate === undefined
          ? at(value, 'private') === undefined
            ? false
            : 'unknown'
          : isPrivate,
      apiId: 'ApiGatewayRestApi',
      function: fnName,
    },
  ]
}

/** REST authorizers: `aws_iam`, a function name or ARN, a Cognito pool ARN, or a map of these. */
function restAuthorizer(node: Node | undefined): RouteAuth {
  if (node === undefined || (node.kind === 'scalar' && node.value === null)) return { kind: 'none' }
  const text = str(node)
  if (text !== undefined) {
    if (text.toLowerCase() === 'aws_iam') return { kind: 'iam' }
    if (text.includes('cognito-idp')) return { kind: 'cognito', name: text }
    return { kind: 'lambda', name: text }
  }
  if (node.kind !== 'map') return { kind: 'unknown' }
  const type = (str(at(node, 'type')) ?? '').toUpperCase()
  const name = str(at(node, 'name')) ?? str(at(node, 'arn')) ?? str(at(node, 'authorizerId'))
  const arn = str(at(node, 'arn')) ?? ''
  const kind =
    type === 'AWS_IAM'
      ? 'iam'
      : type === 'COGNITO_USER_POOLS' || arn.includes('cognito-idp')
        ? 'cognito'
        : type === 'TOKEN' || type === 'REQUEST' || name !== undefined
          ? 'lambda'
          : 'unknown'
  return name === undefined ? { kind } : { kind, name }
}

function readHttpApi(ev: MapEntry, root: Node, cors: Cors[], fnName: string): Route[] {
  const value = ev.value
  const text = str(value)
  let method: string
  let path: string
  if (text !== undefined) {
    if (text.trim() === '*') {
      method = 'ANY'
      path = '*'
    } else {
      ;({ method, path } = methodAndPath(text))
    }
  } else {
    method = (str(at(value, 'method')) ?? 'ANY').toUpperCase()
    if (method === '*') method = 'ANY'
    path = normalizePath(str(at(value, 'path')) ?? '*')
  }
  if (method === 'OPTIONS') return []
  readHttpApiCors(root, cors)
  return [
    {
      kind: 'http',
      method,
      path,
      span: ev.keySpan,
      auth: httpApiAuthorizer(at(value, 'authorizer'), root),
      apiKeyRequired: false,
      apiId: 'HttpApi',
      function: fnName,
    },
  ]
}

function httpApiAuthorizer(node: Node | undefined, root: Node): RouteAuth {
  if (node === undefined) return { kind: 'none' }
  const text = str(node)
  const name = text ?? str(at(node, 'name'))
  const type = (str(at(node, 'type')) ?? '').toLowerCase()
  if (type === 'aws_iam' || text?.toLowerCase() === 'aws_iam') return { kind: 'iam' }
  if (name !== undefined) {
    const definition = at(root, 'provider', 'httpApi', 'authorizers', name)
    const definedType = (str(at(definition, 'type')) ?? 'jwt').toLowerCase()
    return { kind: definedType === 'request' ? 'lambda' : 'jwt', name }
  }
  if (at(node, 'id') !== undefined) return { kind: 'unknown', name: str(at(node, 'id')) ?? 'id' }
  return { kind: 'unknown' }
}

/** `provider.httpApi.cors` applies to the whole HTTP API: recorded once per config. */
function readHttpApiCors(root: Node, cors: Cors[]): void {
  const httpApi = at(root, 'provider', 'httpApi')
  const corsEntry = entry(httpApi, 'cors')
  if (corsEntry === undefined || cors.some((c) => c.span === corsEntry.keySpan)) return
  const c = corsEntry.value
  const allowAll = c.kind === 'scalar' && c.value === true
  if (!allowAll && c.kind !== 'map') return
  const origins = allowAll ? ['*'] : list(at(c, 'allowedOrigins')).map((o) => str(o) ?? 'unknown')
  cors.push({
    span: corsEntry.keySpan,
    label: 'provider.httpApi.cors',
    origins: origins.length === 0 ? ['*'] : origins,
    credentials: bool(at(c, 'allowCredentials')) ?? false,
  })
}

function readWebsocket(ev: MapEntry, fnName: string): Route[] {
  const value = ev.value
  const route = str(value) ?? str(at(value, 'route'))
  if (route !== '$connect') return []
  const authorizer = at(value, 'authorizer')
  const auth: RouteAuth =
    authorizer === undefined
      ? { kind: 'none' }
      : {
          kind: 'lambda',
          ...((str(authorizer) ?? str(at(authorizer, 'name')))
            ? { name: (str(authorizer) ?? str(at(authorizer, 'name'))) as string }
            : {}),
        }
  return [
    {
      kind: 'websocket',
      method: '$connect',
      path: '$connect',
      span: ev.keySpan,
      auth,
      apiKeyRequired: false,
      apiId: 'WebsocketsApi',
      function: fnName,
    },
  ]
}

function readAlb(ev: MapEntry, fnName: string): Route[] {
  const value = ev.value
  const conditions = at(value, 'conditions')
  const methods = list(at(conditions, 'method')).map((m) => (str(m) ?? 'ANY').toUpperCase())
  const paths = list(at(conditions, 'path')).map((p) => str(p) ?? '*')
  const authorizer = at(value, 'authorizer')
  return [
    {
      kind: 'alb',
      method:
        methods.length === 1
          ? (methods[0] as string)
          : methods.length === 0
            ? 'ANY'
            : methods.join(','),
      path: paths[0] ?? '*',
      span: ev.keySpan,
      auth: authorizer === undefined ? { kind: 'none' } : { kind: 'alb' },
      apiKeyRequired: false,
      function: fnName,
    },
  ]
}
