/**
 * Credentials anywhere but a header leak: URLs land in access logs, proxies and browser history,
 * and cookies turn every cross-site request into an authenticated one (CSRF). RFC 6750 allows
 * `access_token` in a form body or the query string; the guard refuses both, and any value that
 * looks like one of our tokens or a JWT in the query or a cookie.
 */

const CREDENTIAL_NAMES = new Set([
  'access_token',
  'accesstoken',
  'id_token',
  'token',
  'auth',
  'auth_token',
  'authorization',
  'bearer',
  'jwt',
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'session_token',
  'sessiontoken',
])
const MAX_JSON_SCAN = 65_536
const CREDENTIAL_VALUE = /^(?:bws_|bwk_)[A-Za-z0-9_-]{20,}$|^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\./

/** Where a credential was found outside the headers. */
export type MisplacedCredential = 'query' | 'cookie' | 'body'

export interface CredentialSources {
  readonly query: Readonly<Record<string, string>>
  readonly cookie: string | undefined
  readonly contentType: string | undefined
  readonly rawBody: string | undefined
}

/**
 * The first place a credential was offered outside the Authorization header, if any.
 *
 * @example
 * findMisplacedCredential({ query: { access_token: 'x' }, cookie: undefined, contentType: undefined, rawBody: undefined }) // 'query'
 */
export function findMisplacedCredential(
  sources: CredentialSources,
): MisplacedCredential | undefined {
  for (const [name, value] of Object.entries(sources.query)) {
    if (CREDENTIAL_NAMES.has(name.toLowerCase()) || looksLikeCredential(value)) return 'query'
  }
  if (sources.cookie !== undefined && cookieHasCredential(sources.cookie)) return 'cookie'
  if (sources.rawBody !== undefined && bodyHasAccessToken(sources.contentType, sources.rawBody)) {
    return 'body'
  }
  return undefined
}

function looksLikeCredential(value: unknown): boolean {
  return typeof value === 'string' && CREDENTIAL_VALUE.test(value.trim())
}

function cookieHasCredential(header: string): boolean {
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim().toLowerCase()
    const value = eq < 0 ? '' : pair.slice(eq + 1).trim()
    if (CREDENTIAL_NAMES.has(name) || looksLikeCredential(value)) return true
  }
  return false
}

function bodyHasAccessToken(contentType: string | undefined, body: string): boolean {
  // Cheap gate first: most bodies never mention it.
  if (!body.includes('access_token')) return false
  const type = (contentType ?? '').toLowerCase()
  if (type.startsWith('application/x-www-form-urlencoded')) {
    return new URLSearchParams(body).has('access_token')
  }
  // Past this size the input stage refuses the body anyway; no parsing it twice here.
  if (type.includes('json') && body.length <= MAX_JSON_SCAN) {
    try {
      const parsed: unknown = JSON.parse(body)
      return parsed !== null && typeof parsed === 'object' && Object.hasOwn(parsed, 'access_token')
    } catch {
      return false
    }
  }
  return false
}
