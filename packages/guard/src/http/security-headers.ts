import { ConfigError } from '../core/errors.js'

/**
 * Headers on every response. Set one to `false` to drop it, or to a string to replace it.
 *
 * @example
 * createGuard({ securityHeaders: { 'x-frame-options': 'SAMEORIGIN' } })
 */
export type SecurityHeaderOptions = Readonly<Record<string, string | false>>

const CSP = 'content-security-policy'

// A JSON or text response never needs to load anything or be framed.
const API_HEADERS: Readonly<Record<string, string>> = {
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  [CSP]: "default-src 'none'; frame-ancestors 'none'",
}
// HTML has to load its own assets; no plugins, no foreign framing, no <base> hijack.
const HTML_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

/** Precomputed header sets for the kinds of responses the guard sends. */
export interface SecurityHeaders {
  readonly api: Readonly<Record<string, string>>
  readonly html: Readonly<Record<string, string>>
}

/**
 * Merges the defaults with the user's overrides once, at construction.
 *
 * @example
 * compileSecurityHeaders({ 'strict-transport-security': false }).api['x-frame-options'] // 'DENY'
 */
export function compileSecurityHeaders(overrides: SecurityHeaderOptions = {}): SecurityHeaders {
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    throw new ConfigError('securityHeaders must be an object of header names to strings or false')
  }
  const api = { ...API_HEADERS }
  let overridesCsp = false
  for (const [name, value] of Object.entries(overrides)) {
    const key = name.toLowerCase()
    if (value === false) delete api[key]
    else if (typeof value === 'string' && !/[\r\n]/.test(value)) api[key] = value
    else throw new ConfigError(`securityHeaders.${name} must be a string or false`)
    if (key === CSP) overridesCsp = true
  }
  // The two sets differ only in the default policy: a policy the user sets (or drops) holds for
  // both, so the overrides are applied once and HTML gets its own policy only when it is default.
  const html = overridesCsp ? api : { ...api, [CSP]: HTML_CSP }
  return { api: Object.freeze(api), html: Object.freeze(html) }
}
