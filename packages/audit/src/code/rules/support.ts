import type { AnyNode } from '../ast.js'
import { lastName, unwrapExpression } from '../ast.js'
import type { CallSite } from '../rule.js'
import { deepTaint, type Taint, type Value } from '../values.js'

/** OWASP Top 10 (2017) references used by the code rules. */
export const OWASP = {
  injection: 'A1:2017-Injection',
  brokenAuth: 'A2:2017-Broken Authentication',
  dataExposure: 'A3:2017-Sensitive Data Exposure',
  accessControl: 'A5:2017-Broken Access Control',
  misconfiguration: 'A6:2017-Security Misconfiguration',
  xss: 'A7:2017-Cross-Site Scripting (XSS)',
  deserialization: 'A8:2017-Insecure Deserialization',
  components: 'A9:2017-Using Components with Known Vulnerabilities',
  logging: 'A10:2017-Insufficient Logging & Monitoring',
} as const

/** The practices of the serverless security guide that the code rules enforce. */
export const PRACTICE = {
  defensive: 'Defensive code: validate input, no eval, prepared statements',
  injection: 'Injection, XSS and event injection: treat every event field as attacker input',
  userData: 'Protect user data: no secrets or sensitive data in logs',
  moduleScope: 'Defensive code: no user data in module scope',
  keys: 'Protect keys and credentials: no hard-coding, use a parameter store or secrets manager',
  auth: 'Authenticate every endpoint: bearer tokens checked against a token store, no cookie auth',
  crypto: 'Protect user data: strong hashing for passwords and secure randomness for tokens',
  cors: 'CORS: allow only the origins that need access',
} as const

/** A short description of where tainted data came from, for messages. */
export function origin(t: Taint | undefined): string {
  return t?.origin ? `\`${t.origin}\`` : 'request data'
}

/** The first argument's taint when it is still dangerous for a kind of sink. */
export function dangerousArg(site: CallSite, index: number, danger: number): Taint | undefined {
  const arg = site.args[index]
  if (arg === undefined) return undefined
  const t = deepTaint(arg)
  return t && (t.danger & danger) !== 0 ? t : undefined
}

/** The package a call goes to (`child_process`, `pg`, `<global>` for globals), when known. */
export function calleeModule(site: CallSite): string | undefined {
  return site.callee.api?.module ?? site.receiver?.api?.module
}

/**
 * The name of the package function a call reaches: `exec` for `run(…)` after
 * `const run = promisify(exec)`, else the name written at the call.
 */
export function apiName(site: CallSite): string {
  const path = site.callee.api?.path
  if (path && path.length > 0 && site.callee.api?.module !== '<global>') {
    const last = path[path.length - 1] as string
    if (last !== '()' && last !== 'default') return last
  }
  return site.name
}

/** The package itself is called: `cors()`, `md5(x)`, `jwtDecode(t)` (its default export). */
export function callsModuleItself(site: CallSite, module: string): boolean {
  const api = site.callee.api
  if (api?.module !== module) return false
  return api.path.length === 0 || (api.path.length === 1 && api.path[0] === 'default')
}

/** The path of a call into a package: `['Pool', '()', 'query']`. */
export function calleePath(site: CallSite): readonly string[] {
  return site.callee.api?.path ?? []
}

/** A global (`eval`, `fetch`, `console.log`) called by its usual name. */
export function isGlobal(site: CallSite, ...path: string[]): boolean {
  const api = site.callee.api
  if (api?.module !== '<global>') return false
  if (pathEquals(api.path, 0, path)) return true
  const first = api.path[0]
  return (
    (first === 'globalThis' || first === 'window' || first === 'global') &&
    pathEquals(api.path, 1, path)
  )
}

// Every rule asks on every call: compared in place, without copies or closures.
function pathEquals(full: readonly string[], from: number, path: readonly string[]): boolean {
  if (full.length - from !== path.length) return false
  for (let i = 0; i < path.length; i++) if (full[from + i] !== path[i]) return false
  return true
}

/** The syntax node of an argument. */
export function argNode(site: CallSite, index: number): AnyNode | undefined {
  const arg = (site.node.arguments as unknown as AnyNode[])[index]
  return arg ? unwrapExpression(arg) : undefined
}

const wordCache = new Map<string, string[]>()

/** Splits an identifier into lower-case words: `dbPassword` → `db password`, `API_KEY` → `api key`. */
export function words(name: string): string[] {
  let cached = wordCache.get(name)
  if (cached === undefined) {
    cached = name
      .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
      .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0)
    if (wordCache.size > 50_000) wordCache.clear()
    wordCache.set(name, cached)
  }
  return cached
}

const SENSITIVE_LAST = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'credentials',
  'credential',
  'cookie',
  'ssn',
  'cvv',
  'cvc',
  'pin',
  'otp',
])

/**
 * A name that holds a secret or sensitive value: `password`, `newPassword`, `accessToken`,
 * `apiKey`, `client_secret`, `Authorization`, `creditCardNumber` — but not `tokenType`,
 * `passwordLength`, `secretArn` or `s3Key` (the last word decides).
 *
 * @example
 * isSensitiveName('refreshToken') // true
 * isSensitiveName('secretName') // false
 */
export function isSensitiveName(name: string): boolean {
  const w = words(name)
  const last = w[w.length - 1]
  if (last === undefined) return false
  // Pagination cursors (`nextToken`, `continuationToken`) are not credentials.
  if (
    w.some(
      (x) =>
        x === 'next' ||
        x === 'continuation' ||
        x === 'page' ||
        x === 'pagination' ||
        x === 'cursor' ||
        x === 'cancellation',
    )
  ) {
    return false
  }
  if (SENSITIVE_LAST.has(last)) return true
  const prev = w[w.length - 2]
  if (
    last === 'key' &&
    (prev === 'api' ||
      prev === 'private' ||
      prev === 'secret' ||
      prev === 'access' ||
      prev === 'signing' ||
      prev === 'encryption')
  )
    return true
  if (last === 'number' && (prev === 'card' || prev === 'ssn' || prev === 'account')) return true
  if (last === 'card' && prev === 'credit') return true
  return (
    w.length === 1 &&
    (last === 'apikey' || last === 'accesstoken' || last === 'creditcard' || last === 'privatekey')
  )
}

/** The name an argument expression reads, for name-based rules: `password`, `body.password`. */
export function nameOf(node: AnyNode | undefined): string | undefined {
  return node ? lastName(node) : undefined
}

/** The constant string a value holds, when it is one. */
export function constantString(v: Value | undefined): string | undefined {
  return v?.str
}
