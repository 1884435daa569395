import { nearestKey } from './nearest.js'

/** One entry of `ignore` in bulwark.config.json. */
export interface ConfigIgnore {
  readonly rule: string
  readonly reason: string
  /** Project-relative file (exact, or with `*` wildcards); every file when absent. */
  readonly file?: string
  readonly function?: string
  /** What the finding is about: a route (`GET /health`) or an environment variable name. */
  readonly subject?: string
}

/** A route that is public on purpose: `missing-auth` does not report it. */
export interface PublicRoute {
  readonly route: string
  readonly reason: string
  readonly file?: string
}

export interface BulwarkConfig {
  readonly ignore: readonly ConfigIgnore[]
  readonly publicRoutes: readonly PublicRoute[]
}

/** bulwark.config.json is wrong: the audit stops (exit 2) rather than guess what was meant. */
export class BulwarkConfigError extends Error {
  readonly code = 'ERR_BULWARK_CONFIG'
}

const TOP_KEYS = ['$schema', 'ignore', 'publicRoutes']
const IGNORE_KEYS = ['rule', 'reason', 'file', 'function', 'subject']
const PUBLIC_KEYS = ['route', 'reason', 'file']

/**
 * Parses and checks bulwark.config.json. Unknown keys are refused with the nearest valid one.
 * An entry without a reason is kept (it is reported as a finding and suppresses nothing).
 *
 * @example
 * parseConfig('{"publicRoutes":[{"route":"GET /catalog","reason":"public product catalog"}]}')
 */
export function parseConfig(text: string, where = 'bulwark.config.json'): BulwarkConfig {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new BulwarkConfigError(
      `${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const root = asObject(value, where)
  checkKeys(root, TOP_KEYS, where)
  const ignore = asArray(root.ignore, `${where}: ignore`).map((item, i) => {
    const at = `${where}: ignore[${i}]`
    const o = asObject(item, at)
    checkKeys(o, IGNORE_KEYS, at)
    return {
      rule: requiredString(o.rule, `${at}.rule`),
      reason: optionalString(o.reason, `${at}.reason`) ?? '',
      ...optional('file', optionalString(o.file, `${at}.file`)),
      ...optional('function', optionalString(o.function, `${at}.function`)),
      ...optional('subject', optionalString(o.subject, `${at}.subject`)),
    }
  })
  const publicRoutes = asArray(root.publicRoutes, `${where}: publicRoutes`).map((item, i) => {
    const at = `${where}: publicRoutes[${i}]`
    const o = asObject(item, at)
    checkKeys(o, PUBLIC_KEYS, at)
    return {
      route: normalizeRoute(requiredString(o.route, `${at}.route`)),
      reason: optionalString(o.reason, `${at}.reason`) ?? '',
      ...optional('file', optionalString(o.file, `${at}.file`)),
    }
  })
  return { ignore, publicRoutes }
}

/** `get  /health` → `GET /health` (`URL fnName` for a function URL), as reported. */
export function normalizeRoute(route: string): string {
  const [method = '', ...rest] = route.trim().split(/\s+/)
  if (rest.length === 0) return method
  const path = rest.join(' ')
  if (method.toUpperCase() === 'URL') return `URL ${path}`
  return `${method.toUpperCase()} ${path.startsWith('/') || path.startsWith('$') || path === '*' ? path : `/${path}`}`
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }
}

function asObject(value: unknown, at: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new BulwarkConfigError(`${at} must be an object`)
  }
  return value as Record<string, unknown>
}

function asArray(value: unknown, at: string): unknown[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) throw new BulwarkConfigError(`${at} must be a list`)
  return value
}

function requiredString(value: unknown, at: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new BulwarkConfigError(`${at} must be a non-empty string`)
  return value
}

function optionalString(value: unknown, at: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw new BulwarkConfigError(`${at} must be a string`)
  return value
}

function checkKeys(o: Record<string, unknown>, allowed: readonly string[], at: string): void {
  for (const key of Object.keys(o)) {
    if (allowed.includes(key)) continue
    const near = nearestKey(key, allowed)
    throw new BulwarkConfigError(
      `\`${key}\` is not an option of ${at}${near === undefined ? '' : `; did you mean \`${near}\`?`}`,
    )
  }
}
