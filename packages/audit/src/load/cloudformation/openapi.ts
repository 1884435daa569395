import type { AuthKind, Route, RouteAuth } from '../../model/types.js'
import type { FunctionDraft, ServiceBuilder } from '../service-builder.js'
import { at, entries, list, type Node, referencedIds, str } from '../tree.js'

const METHODS = new Set([
  'get',
  'put',
  'post',
  'delete',
  'patch',
  'head',
  'x-amazon-apigateway-any-method',
])

interface Scheme {
  readonly apiKey: boolean
  readonly kind: AuthKind
}

/** What each security scheme of the document is: an API key, or a kind of authorizer. */
function readSchemes(body: Node): Map<string, Scheme> {
  const schemes = new Map<string, Scheme>()
  const definitions = [
    ...entries(at(body, 'securityDefinitions')),
    ...entries(at(body, 'components', 'securitySchemes')),
  ]
  for (const e of definitions) {
    const type = (str(at(e.value, 'type')) ?? '').toLowerCase()
    const authType = (str(at(e.value, 'x-amazon-apigateway-authtype')) ?? '').toLowerCase()
    const authorizerType = (
      str(at(e.value, 'x-amazon-apigateway-authorizer', 'type')) ?? ''
    ).toLowerCase()
    const headerName = (str(at(e.value, 'name')) ?? '').toLowerCase()
    if (type === 'apikey' && authType === '' && headerName === 'x-api-key') {
      schemes.set(e.key, { apiKey: true, kind: 'none' })
      continue
    }
    const kind: AuthKind =
      authType === 'awssigv4'
        ? 'iam'
        : authType === 'cognito_user_pools' || authorizerType === 'cognito_user_pools'
          ? 'cognito'
          : authorizerType === 'jwt' || type === 'oauth2' || type === 'openidconnect'
            ? 'jwt'
            : authorizerType === 'token' || authorizerType === 'request' || authType === 'custom'
              ? 'lambda'
              : 'unknown'
    schemes.set(e.key, { apiKey: false, kind })
  }
  return schemes
}

/** `security: [{ a: [] }, { b: [] }]` (any one may be satisfied) → the weakest protection. */
function authOf(
  security: Node | undefined,
  schemes: Map<string, Scheme>,
): { auth: RouteAuth; apiKey: boolean } {
  const alternatives = list(security)
  if (alternatives.length === 0) return { auth: { kind: 'none' }, apiKey: false }
  let weakest: { auth: RouteAuth; apiKey: boolean } | undefined
  for (const alternative of alternatives) {
    const names = entries(alternative).map((e) => e.key)
    if (names.length === 0) return { auth: { kind: 'none' }, apiKey: false }
    const found = names.map((n) => schemes.get(n))
    const authorizer = found.find((s) => s !== undefined && !s.apiKey)
    const option = {
      auth:
        authorizer === undefined
          ? ({ kind: found.some((s) => s === undefined) ? 'unknown' : 'none' } as RouteAuth)
          : { kind: authorizer.kind },
      apiKey: found.some((s) => s?.apiKey === true),
    }
    if (weakest === undefined || (weakest.auth.kind !== 'none' && option.auth.kind === 'none'))
      weakest = option
  }
  return weakest ?? { auth: { kind: 'none' }, apiKey: false }
}

/**
 * Routes of an API written as an inline OpenAPI/Swagger document (`DefinitionBody`, `Body`):
 * each operation's security (or the document's default) against its security schemes, and the
 * function its `x-amazon-apigateway-integration` invokes. Returns false when the document is not
 * inline (an `AWS::Include` transform, an S3 location): its routes stay unknown.
 *
 * @example
 * readOpenApiRoutes(builder, 'MyApi', 'rest', at(props, 'DefinitionBody'))
 */
export function readOpenApiRoutes(
  b: ServiceBuilder,
  apiId: string,
  kind: 'rest' | 'http',
  body: Node | undefined,
  findFunction: (id: string) => FunctionDraft | undefined,
): boolean {
  if (body?.kind !== 'map' || at(body, 'paths')?.kind !== 'map') return false
  const schemes = readSchemes(body)
  const defaultSecurity = at(body, 'security')
  for (const path of entries(at(body, 'paths'))) {
    for (const op of entries(path.value)) {
      const method = op.key.toLowerCase()
      if (!METHODS.has(method)) continue
      const { auth, apiKey } = authOf(at(op.value, 'security') ?? defaultSecurity, schemes)
      let fn: FunctionDraft | undefined
      for (const id of referencedIds(at(op.value, 'x-amazon-apigateway-integration', 'uri')))
        fn ??= findFunction(id)
      const route: Route = {
        kind,
        method: method === 'x-amazon-apigateway-any-method' ? 'ANY' : method.toUpperCase(),
        path: path.key,
        span: op.keySpan,
        auth,
        apiKeyRequired: apiKey,
        apiId,
        ...(fn === undefined ? {} : { function: fn.name }),
      }
      b.addRoute(route, fn)
    }
  }
  return true
}
