import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type GuardedLambdaHandler, ROUTE_ENTRY, type RouteEntry } from '../core/assemble.js'
import { ConfigError } from '../core/errors.js'
import { type GuardResponse, json } from '../core/response.js'
import { compileSecurityHeaders } from '../http/security-headers.js'
import { clientIp, readQueryString } from './aws-lambda/event-fields.js'
import { readBodyWithin } from './body-stream.js'

/**
 * Routes keyed the way API Gateway writes them: `'GET /notes/{id}'`, `'ANY /files/{path+}'`.
 * The values are the very handlers you deploy (`guard.http(...)`).
 */
export type LocalRoutes = Readonly<Record<string, GuardedLambdaHandler>>

interface CompiledLocalRoute {
  readonly method: string
  readonly segments: readonly string[]
  readonly entry: RouteEntry
}

const ROUTE_KEY = /^(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|ANY)\s+(\/\S*)$/
const FALLBACK_HEADERS = compileSecurityHeaders().api

/**
 * A node:http request listener that serves guarded routes locally, through the same pipeline as
 * on Lambda.
 *
 * @example
 * createServer(nodeHttpListener({ 'GET /health': health, 'POST /notes': createNote })).listen(3000)
 */
export function nodeHttpListener(
  routes: LocalRoutes,
): (req: IncomingMessage, res: ServerResponse) => void {
  const table = compileRoutes(routes)
  return (req, res) => {
    serve(table, req, res).catch(() => {
      if (!res.headersSent)
        writeResponse(res, json(500, { error: 'internal error', code: 'ERR_INTERNAL' }))
      else res.destroy()
    })
  }
}

/**
 * Starts a local server for the routes; resolves once it listens.
 *
 * @example
 * const server = await serveRoutes(routes, { port: 3000 })
 */
export async function serveRoutes(
  routes: LocalRoutes,
  options: { port?: number; host?: string } = {},
): Promise<Server> {
  // Loaded here, not at import: node:http costs a deployed function's cold start milliseconds,
  // and only local runs serve routes themselves.
  const { createServer } = await import('node:http')
  const server = createServer(nodeHttpListener(routes))
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 3000, options.host ?? '127.0.0.1', () => resolve())
  })
  return server
}

/** The URL a listening server answers on. */
export function serverUrl(server: Server): string {
  const address = server.address() as AddressInfo
  return `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
}

function compileRoutes(routes: LocalRoutes): CompiledLocalRoute[] {
  return Object.entries(routes).map(([key, handler]) => {
    const match = ROUTE_KEY.exec(key)
    if (!match) throw new ConfigError(`route key "${key}" must look like 'GET /notes/{id}'`)
    const entry = (handler as Partial<GuardedLambdaHandler>)[ROUTE_ENTRY]
    if (entry === undefined)
      throw new ConfigError(`route "${key}" must be a handler made by guard.http`)
    return { method: match[1] as string, segments: splitPath(match[2] as string), entry }
  })
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

function matchPath(
  segments: readonly string[],
  path: readonly string[],
): Record<string, string> | undefined {
  const params: Record<string, string> = Object.create(null)
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string
    if (segment.startsWith('{') && segment.endsWith('+}')) {
      if (i >= path.length) return undefined
      params[segment.slice(1, -2)] = path.slice(i).join('/')
      return params
    }
    const value = path[i]
    if (value === undefined) return undefined
    if (segment.startsWith('{') && segment.endsWith('}')) params[segment.slice(1, -1)] = value
    else if (segment !== value) return undefined
  }
  return segments.length === path.length ? params : undefined
}

async function serve(table: CompiledLocalRoute[], req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost')
  const method = (req.method ?? 'GET').toUpperCase()
  let pathSegments: string[]
  try {
    pathSegments = splitPath(url.pathname).map(decodeURIComponent)
  } catch {
    writeResponse(res, json(400, { error: 'malformed path', code: 'ERR_MALFORMED_PATH' }))
    return
  }
  const preflightFor = req.headers['access-control-request-method']
  const wanted =
    method === 'OPTIONS' && typeof preflightFor === 'string' ? preflightFor.toUpperCase() : method
  let pathMatched = false
  for (const route of table) {
    const params = matchPath(route.segments, pathSegments)
    if (params === undefined) continue
    pathMatched = true
    if (
      route.method !== 'ANY' &&
      route.method !== wanted &&
      !(wanted === 'HEAD' && route.method === 'GET')
    ) {
      continue
    }
    const headers: Record<string, string> = Object.create(null)
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
    }
    // Read before the body: a refused oversized body ends the request and detaches its socket.
    const peer = req.socket.remoteAddress
    const body = await readBodyWithin(req, route.entry.route.limits.maxBodyBytes)
    const answer = await route.entry.handle(
      {
        method,
        path: url.pathname,
        params,
        headers,
        readQuery: () => readQueryString(url.search.slice(1)),
        body,
        bodyIsBase64: false,
        ip: clientIp(peer, headers['x-forwarded-for'], route.entry.trustedProxies),
        requestId: crypto.randomUUID(),
      },
      undefined,
    )
    writeResponse(res, answer, method === 'HEAD')
    return
  }
  writeResponse(
    res,
    pathMatched
      ? json(405, { error: 'method not allowed', code: 'ERR_METHOD_NOT_ALLOWED' })
      : json(404, { error: 'not found', code: 'ERR_NOT_FOUND' }),
  )
}

function writeResponse(res: ServerResponse, answer: GuardResponse, headOnly = false): void {
  const headers =
    answer.headers['x-content-type-options'] === undefined
      ? { ...FALLBACK_HEADERS, ...answer.headers }
      : answer.headers
  res.writeHead(answer.status, headers as Record<string, string | string[]>)
  res.end(headOnly || answer.body === undefined ? undefined : answer.body)
}
