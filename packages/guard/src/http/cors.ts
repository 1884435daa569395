import { parseDuration } from '../core/duration.js'
import { ConfigError } from '../core/errors.js'
import { assertKnownKeys, describe } from '../core/options.js'

/**
 * Cross-origin access. Only the origins listed here get CORS headers; everything else is
 * answered without them, so the browser blocks the page that asked.
 */
export interface CorsOptions {
  /**
   * Exact origins (`https://app.example.com`), patterns whose leftmost label is `*`
   * (`https://*.example.com` matches one label: `a.example.com`, not `a.b.example.com`),
   * or `['*']` for any origin (never together with `credentials`).
   */
  readonly origins: readonly string[]
  /** Methods a preflight may ask for. Default: GET, HEAD, POST, PUT, PATCH, DELETE. */
  readonly methods?: readonly string[]
  /** Request headers a preflight may ask for. Default: authorization, content-type. */
  readonly headers?: readonly string[]
  /** Response headers scripts may read. Default: the rate-limit headers and x-request-id. */
  readonly exposeHeaders?: readonly string[]
  /** Allow cookies and HTTP auth on cross-origin requests. Default false. */
  readonly credentials?: boolean
  /** How long browsers may cache a preflight. Default '10m'. */
  readonly maxAge?: string | number
}

const CORS_KEYS = ['origins', 'methods', 'headers', 'exposeHeaders', 'credentials', 'maxAge']
const DEFAULT_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']
const DEFAULT_HEADERS = ['authorization', 'content-type']
const DEFAULT_EXPOSE = ['ratelimit', 'ratelimit-policy', 'retry-after', 'x-request-id']
const DEFAULT_MAX_AGE_SECONDS = 600
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

interface OriginPattern {
  readonly prefix: string // scheme + '://'
  readonly suffix: string // '.example.com' plus ':port' when given
}

/** The result of compiling `CorsOptions` once, at construction. */
export interface CorsPolicy {
  /** The value for `Access-Control-Allow-Origin`, or undefined when the origin is not allowed. */
  allowOrigin(origin: string | undefined): string | undefined
  /** Headers for an actual (non-preflight) response to an allowed origin. */
  readonly responseHeaders: Readonly<Record<string, string>>
  /** Headers for a successful preflight, without the origin itself. */
  readonly preflightHeaders: Readonly<Record<string, string>>
  allowsMethod(method: string): boolean
  allowsHeaders(requested: string | undefined): boolean
}

/**
 * Checks and compiles CORS options; throws ConfigError for anything unsafe or unreadable.
 *
 * @example
 * const cors = compileCors({ origins: ['https://app.example.com'], credentials: true })
 * cors.allowOrigin('https://evil.example') // undefined
 */
export function compileCors(options: CorsOptions): CorsPolicy {
  assertKnownKeys('cors', options, CORS_KEYS)
  if (!Array.isArray(options.origins) || options.origins.length === 0) {
    throw new ConfigError('cors.origins must be a non-empty array of origins')
  }
  const credentials = options.credentials === true
  if (options.credentials !== undefined && typeof options.credentials !== 'boolean') {
    throw new ConfigError('cors.credentials must be true or false')
  }
  const anyOrigin = options.origins.includes('*')
  if (anyOrigin && options.origins.length > 1) {
    throw new ConfigError("cors.origins: '*' cannot be combined with other origins")
  }
  if (anyOrigin && credentials) {
    throw new ConfigError(
      "cors: origins '*' with credentials: true would let any site act as the user; list the origins instead",
    )
  }
  const exact = new Set<string>()
  const patterns: OriginPattern[] = []
  if (!anyOrigin) {
    for (const origin of options.origins) {
      const pattern = parseOriginPattern(origin)
      if (pattern === undefined) exact.add(normalizeOrigin(origin))
      else patterns.push(pattern)
    }
  }
  // Defaults are known good: checking them again would only cost the cold start its regexes.
  const methods =
    options.methods === undefined
      ? DEFAULT_METHODS
      : tokenList('cors.methods', options.methods).map((m) => m.toUpperCase())
  const headers =
    options.headers === undefined
      ? DEFAULT_HEADERS
      : tokenList('cors.headers', options.headers).map((h) => h.toLowerCase())
  const expose =
    options.exposeHeaders === undefined
      ? DEFAULT_EXPOSE
      : tokenList('cors.exposeHeaders', options.exposeHeaders)
  const maxAgeSeconds =
    options.maxAge === undefined
      ? DEFAULT_MAX_AGE_SECONDS
      : Math.floor(parseDuration('cors.maxAge', options.maxAge) / 1000)
  const allowedMethods = new Set(methods)
  const allowedHeaders = new Set(headers)

  const responseHeaders: Record<string, string> = {}
  if (credentials) responseHeaders['access-control-allow-credentials'] = 'true'
  if (expose.length > 0) responseHeaders['access-control-expose-headers'] = expose.join(', ')
  const preflightHeaders: Record<string, string> = {
    'access-control-allow-methods': methods.join(', '),
    'access-control-allow-headers': headers.join(', '),
    'access-control-max-age': String(maxAgeSeconds),
  }
  if (credentials) preflightHeaders['access-control-allow-credentials'] = 'true'

  return {
    allowOrigin(origin) {
      if (anyOrigin) return '*'
      if (origin === undefined || origin.length > 2048) return undefined
      const normalized = origin.toLowerCase()
      if (exact.has(normalized)) return origin
      for (const pattern of patterns) if (matchesPattern(normalized, pattern)) return origin
      return undefined
    },
    responseHeaders,
    preflightHeaders,
    allowsMethod: (method) => allowedMethods.has(method.toUpperCase()),
    allowsHeaders(requested) {
      if (requested === undefined || requested.trim() === '') return true
      for (const name of requested.split(',')) {
        const header = name.trim().toLowerCase()
        if (header !== '' && !allowedHeaders.has(header)) return false
      }
      return true
    },
  }
}

function tokenList(where: string, value: unknown): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && TOKEN.test(v))) {
    throw new ConfigError(`${where} must be an array of header or method names`)
  }
  return value as string[]
}

// scheme://host[:port] and nothing more: a DNS name or a bracketed IPv6 address.
const ORIGIN = /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/

/**
 * `scheme://host[:port]` lower-cased; anything else (paths, `null`, bare hosts) is refused. Read
 * with one regex, not `new URL`: the first URL a process parses costs its cold start more.
 */
function normalizeOrigin(origin: string): string {
  const lower = origin.toLowerCase()
  if (!lower.startsWith('https://') && !lower.startsWith('http://')) {
    throw new ConfigError(
      `cors.origins: ${describe(origin)} is not an origin like https://app.example.com`,
    )
  }
  const match = ORIGIN.exec(lower.endsWith('/') ? lower.slice(0, -1) : lower)
  const [, scheme, host, port] = match ?? []
  // A default port is left out of the Origin header browsers send, so it would never match.
  if (match === null || Number(port) > 65_535 || port === (scheme === 'https' ? '443' : '80')) {
    throw new ConfigError(
      `cors.origins: ${describe(origin)} must be scheme://host[:port] with no path, like https://app.example.com`,
    )
  }
  return port === undefined ? `${scheme}://${host}` : `${scheme}://${host}:${port}`
}

const PATTERN = /^(https?):\/\/\*\.((?:[a-z0-9-]+\.)*[a-z0-9-]+\.[a-z]{2,63})(:\d{1,5})?$/

function parseOriginPattern(origin: string): OriginPattern | undefined {
  if (!origin.includes('*')) return undefined
  const match = PATTERN.exec(origin.toLowerCase())
  if (!match) {
    throw new ConfigError(
      `cors.origins: ${describe(origin)} is not a valid pattern; only the leftmost label may be '*', as in https://*.example.com`,
    )
  }
  return { prefix: `${match[1]}://`, suffix: `.${match[2]}${match[3] ?? ''}` }
}

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

function matchesPattern(origin: string, pattern: OriginPattern): boolean {
  if (!origin.startsWith(pattern.prefix) || !origin.endsWith(pattern.suffix)) return false
  const label = origin.slice(pattern.prefix.length, origin.length - pattern.suffix.length)
  return LABEL.test(label)
}
