import {
  type ApiRef,
  Danger,
  deepTaint,
  deriveTaint,
  joinTaint,
  sanitize,
  type Taint,
  UNKNOWN,
  type Value,
} from '../values.js'

/** `node:fs` and `fs` are one module; `fs/promises` is `fs` › `promises`. */
export function normalizeModuleName(specifier: string): ApiRef {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier
  const slash = name.startsWith('@') ? name.indexOf('/', name.indexOf('/') + 1) : name.indexOf('/')
  if (slash === -1) return { module: name, path: [] }
  const base = name.slice(0, slash)
  const rest = name.slice(slash + 1)
  if (base === 'fs' || base === 'dns' || base === 'timers' || base === 'stream') {
    return { module: base, path: rest.split('/') }
  }
  // mysql2/promise, pg/lib/…: the same API surface as the package.
  if (base === 'mysql2' || base === 'pg' || base === 'mongodb') return { module: base, path: [] }
  return { module: name, path: [] }
}

/** Packages whose calls create apps or routers that route callbacks are registered on. */
export const WEB_FRAMEWORKS = new Set([
  'express',
  'koa',
  '@koa/router',
  'koa-router',
  'fastify',
  'hono',
  'restify',
  'lambda-api',
  'polka',
  'connect',
  'router',
  'itty-router',
  '@hapi/hapi',
])

/** Methods that register a route callback on an app or router. */
export const ROUTE_METHODS = new Set([
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'del',
  'all',
  'use',
  'options',
  'head',
  'any',
  'on',
  'route',
  'handle',
])

/** Array and promise methods whose callback receives the receiver's elements (or resolution). */
export const ELEMENT_CALLBACK_METHODS = new Set([
  'map',
  'forEach',
  'filter',
  'find',
  'findLast',
  'findIndex',
  'some',
  'every',
  'flatMap',
  'sort',
  'then',
  'reduce',
  'reduceRight',
])

/** Methods whose result says nothing about the content of the receiver: numbers and booleans. */
const SCALAR_METHODS = new Set([
  'length',
  'indexOf',
  'lastIndexOf',
  'includes',
  'startsWith',
  'endsWith',
  'test',
  'some',
  'every',
  'has',
  'localeCompare',
  'charCodeAt',
  'codePointAt',
  'search',
  'findIndex',
  'getTime',
  'valueOf',
  'isArray',
  'isInteger',
  'isSafeInteger',
  'isFinite',
  'isNaN',
])

/** Global functions and constructors that turn anything into a number, boolean or date. */
const SCALAR_FUNCTIONS = new Set([
  'parseInt',
  'parseFloat',
  'Number',
  'Boolean',
  'isNaN',
  'isFinite',
  'Date',
  'BigInt',
  'toNumber',
  'toInteger',
  'toSafeInteger',
  'toFinite',
])

/** Functions (global or in a package) whose result carries the taint of their arguments. */
const PASSTHROUGH_FUNCTIONS = new Set([
  'String',
  'decodeURIComponent',
  'decodeURI',
  'encodeURI',
  'unescape',
  'atob',
  'btoa',
  'from',
  'format',
  'sprintf',
  'vsprintf',
  'join',
  'resolve',
  'normalize',
  'relative',
  'dirname',
  'extname',
  'parse',
  'URL',
  'URLSearchParams',
  'stringify',
  'inspect',
  'assign',
  'values',
  'entries',
  'keys',
  'fromEntries',
  'structuredClone',
  'cloneDeep',
  'clone',
  'merge',
  'get',
  'pick',
  'omit',
  'concat',
  'all',
  'allSettled',
  'race',
  'any',
  'Buffer',
  'trim',
  'toLowerCase',
  'toUpperCase',
  'template',
  'decode',
  'decodeJwt',
  'jwtDecode',
  'jwt_decode',
])

/** Passthroughs that keep the shape of their input (objects stay objects). */
const STRUCTURAL_PASSTHROUGH = new Set([
  'parse',
  'assign',
  'structuredClone',
  'cloneDeep',
  'clone',
  'merge',
  'get',
  'pick',
  'omit',
  'values',
  'fromEntries',
  'all',
  'allSettled',
  'race',
  'any',
  'decode',
  'decodeJwt',
  'jwtDecode',
  'jwt_decode',
])

/** Packages that parse text into objects: their `parse` is not a schema validation. */
const PARSER_RECEIVERS = new Set([
  'JSON',
  'qs',
  'querystring',
  'url',
  'cookie',
  'path',
  'Date',
  'YAML',
  'yaml',
  'jsyaml',
  'xml2js',
  'csv',
  'papa',
  'Papa',
  'parser',
  'URL',
  'BigInt',
  'Number',
  'DateTime',
  'moment',
  'dayjs',
  'JSON5',
  'toml',
  'ini',
])

/** Schema libraries: their `parse`/`validate` is the validation the guide asks for. */
const SCHEMA_MODULES = new Set([
  'zod',
  'joi',
  'yup',
  'valibot',
  'superstruct',
  'ajv',
  '@sinclair/typebox',
  'class-validator',
  'arktype',
  'io-ts',
  'runtypes',
  '@effect/schema',
  'effect',
  '@vinejs/vine',
])

const VALIDATE_METHODS = new Set([
  'parse',
  'safeParse',
  'parseAsync',
  'safeParseAsync',
  'validate',
  'validateSync',
  'validateAsync',
  'assert',
  'cast',
  'check',
  'decode',
  'create',
  'mask',
])

/** What a sanitizer, judged by its name and module, makes safe. */
export function sanitizerEffect(name: string, module: string | undefined): number {
  if (SCALAR_FUNCTIONS.has(name)) return Danger.all
  if (module === 'pg-format' || module === 'sqlstring') return Danger.sql
  if (module === 'shell-quote' || module === 'shell-escape' || module === 'shellwords')
    return Danger.command
  if ((module === 'mysql' || module === 'mysql2' || module === 'pg') && name.startsWith('escape'))
    return Danger.sql
  let effect = effectByName.get(name)
  if (effect === undefined) {
    effect = nameEffect(name)
    if (effectByName.size > 10_000) effectByName.clear()
    effectByName.set(name, effect)
  }
  return effect
}

// Every call into a package asks, so the name patterns are matched once per name.
const effectByName = new Map<string, number>()

function nameEffect(name: string): number {
  if (/^(?:escape(?:Literal|Identifier|Id|Sql|String)|sqlEscape)$/.test(name)) return Danger.sql
  if (/^(?:shell|cmd)[-_]?(?:escape|quote)$|^(?:escapeShell|quoteShell)/i.test(name))
    return Danger.command
  if (/html|xss|purify|sanitize|^escape$|^encode(?:ForHTML|HTML)?$/i.test(name))
    return Danger.xss | Danger.code
  if (name === 'basename') return Danger.path
  if (name === 'encodeURIComponent') return Danger.path | Danger.xss | Danger.ssrf
  return 0
}

/** A call is a schema validation: `schema.parse(x)`, `Joi.validate`, `v.parse(S, x)`, `validate(x)` from ajv. */
export function isSchemaValidation(
  name: string,
  receiverName: string | undefined,
  module: string | undefined,
): boolean {
  if (!VALIDATE_METHODS.has(name)) return false
  if (receiverName !== undefined && PARSER_RECEIVERS.has(receiverName)) return false
  if (module !== undefined && SCHEMA_MODULES.has(module)) return true
  if (receiverName === undefined) return name === 'validate'
  return /schema|validator|^[zvt]$|^Joi$|^yup$|Model$|Dto$|Input$|Body$|Payload$|Request$|Params$|Query$/i.test(
    receiverName,
  )
}

/**
 * The result of a call the engine does not follow into (a package or a global), from what is
 * known of its name and inputs. `undefined` when nothing specific is known.
 *
 * @example
 * externalCallResult('parseInt', undefined, undefined, [{ taint }]) // {} — a number is safe
 */
export function externalCallResult(
  name: string,
  calleeApi: ApiRef | undefined,
  receiver: Value | undefined,
  receiverName: string | undefined,
  args: readonly Value[],
  regexArg: string | undefined,
): Value | undefined {
  const module = calleeApi?.module
  if (module === '<global>' && calleeApi?.path[0] === 'Math') {
    return name === 'random' || args.some((a) => a.random) ? { random: true } : UNKNOWN
  }
  if (
    SCALAR_FUNCTIONS.has(name) &&
    (receiver === undefined || receiverName === 'Number' || module === 'lodash')
  ) {
    return UNKNOWN
  }
  if (receiver?.taint !== undefined || receiver?.random) {
    if (SCALAR_METHODS.has(name)) return UNKNOWN
    const cleared = sanitizerEffect(name, module)
    if (name === 'replace' || name === 'replaceAll') {
      // `.replace(/[^a-z0-9]/g, '')` keeps only safe characters: an allowlist.
      if (regexArg?.startsWith('[^')) return UNKNOWN
    }
    const base = joinTaint(receiver.taint, argsTaint(args))
    const derived = deriveTaint(base, {
      origin: base?.origin ?? '',
      objectCapable: false,
      whole: wholeKept(name, receiver.taint),
    })
    const taint = sanitize(derived, cleared)
    const out: { taint?: Taint; random?: boolean } = {}
    if (taint) out.taint = taint
    if (receiver.random) out.random = true
    return out
  }
  const validation = isSchemaValidation(name, receiverName, module)
  if (validation) {
    const t = argsTaint(args)
    // Validated data is safe for sinks but still holds the whole body for logging.
    const kept = t && t.whole !== 0 ? { taint: { ...t, danger: 0 } } : UNKNOWN
    return kept
  }
  const cleared = sanitizerEffect(name, module)
  if (cleared !== 0) {
    const taint = sanitize(argsTaint(args), cleared)
    return taint ? { taint } : UNKNOWN
  }
  if (name === 'tmpdir') return { str: '/tmp' }
  if (PASSTHROUGH_FUNCTIONS.has(name) || (name === 'parse' && receiverName === 'JSON')) {
    const t = argsTaint(args)
    const random = args.some((a) => a.random)
    const first = args[0]
    const prefix =
      (name === 'join' || name === 'resolve') && first ? (first.str ?? first.prefix) : undefined
    if (t === undefined) return random ? { random } : prefix !== undefined ? { prefix } : undefined
    const structural = STRUCTURAL_PASSTHROUGH.has(name)
    const keepsWhole = structural || name === 'stringify' || name === 'inspect'
    const taint: Taint = {
      ...t,
      objectCapable:
        name === 'parse' || name === 'fromEntries' ? true : structural && t.objectCapable,
      whole: keepsWhole ? t.whole : 0,
    }
    return { taint, ...(random ? { random } : {}), ...(prefix !== undefined ? { prefix } : {}) }
  }
  return undefined
}

function wholeKept(name: string, t: Taint | undefined): number {
  return t && (name === 'toString' || name === 'toJSON') ? t.whole : 0
}

/** Everything tainted among some arguments. */
export function argsTaint(args: readonly Value[]): Taint | undefined {
  let t: Taint | undefined
  for (const a of args) t = joinTaint(t, deepTaint(a))
  return t
}
