import type { Node } from 'oxc-parser'
import type { ParsedModule } from './parse.js'

/** Where user-controlled data came from (bit flags, so one value can carry several). */
export const Source = {
  /** Any other part of the event: non-HTTP records (SQS, S3 keys, …), the URL, the client IP. */
  event: 1,
  body: 2,
  query: 4,
  path: 8,
  headers: 16,
  cookie: 32,
} as const

/** The sinks a taint is still dangerous for; sanitizers clear the bits they make safe. */
export const Danger = {
  code: 1,
  command: 2,
  sql: 4,
  nosql: 8,
  xss: 16,
  ssrf: 32,
  path: 64,
  deserialize: 128,
  all: 255,
} as const

/** The value contains a whole container of request data: what logging it would leak. */
export const Whole = { event: 1, body: 2, headers: 4, request: 8 } as const

/** Data an attacker controls, with where it came from. */
export interface Taint {
  readonly sources: number
  readonly danger: number
  readonly whole: number
  /** Could be an object rather than a string (a parsed JSON body field): NoSQL operators fit. */
  readonly objectCapable: boolean
  /** A readable path to where it came from, such as `event.body.url`. */
  readonly origin: string
}

/** A reference to a package's API, such as `child_process` › `exec` or `pg` › `Pool()` › `query`. */
export interface ApiRef {
  readonly module: string
  readonly path: readonly string[]
}

/** The shapes of request data containers whose members are read in known ways. */
export type SourceShape = 'lambda-event' | 'request' | 'headers' | 'cookies' | 'response'

/** A function the project defines, with the scope it closes over. */
export interface FunctionValue {
  readonly node: FunctionNode
  readonly module: ParsedModule
  readonly scope: ScopeLike
  /** `this` for methods of object literals and class instances. */
  readonly self?: Value
  /** A route callback of a web framework (Express, Fastify, Hono, Koa) rather than a Lambda handler. */
  readonly route?: boolean
  /** The package whose call wrapped this function as a handler (`@middy/core`, `@bulwark/guard`). */
  readonly wrapper?: string
  /**
   * For `guard.http(options, fn)` / `guard.fetch(...)` of `@bulwark/guard`: what `options.auth`
   * says. `'required'`: the guard denies unauthenticated callers before `fn` runs;
   * `'public'`: the code declares the route public on purpose.
   */
  readonly guardAuth?: 'public' | 'required'
}

/** What the engine needs of a scope to keep it in a closure. */
export interface ScopeLike {
  readonly id: number
}

export type FunctionNode = Extract<
  Node,
  { type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression' }
>

/** A class declared in the project. */
export interface ClassValue {
  readonly node: Extract<Node, { type: 'ClassDeclaration' | 'ClassExpression' }>
  readonly module: ParsedModule
  readonly scope: ScopeLike
}

/**
 * The engine's abstract value of an expression: what is known about it that some rule cares about.
 * Every field is optional; `{}` is "unknown, harmless".
 */
export interface Value {
  readonly taint?: Taint
  readonly shape?: SourceShape
  readonly api?: ApiRef
  readonly fns?: readonly FunctionValue[]
  readonly cls?: ClassValue
  /** Known properties: object literals, instances, project module namespaces. Mutable on purpose. */
  readonly props?: Map<string, Value>
  /** A compile-time string. */
  readonly str?: string
  /** A compile-time number, boolean or null. */
  readonly lit?: number | boolean | null
  /** Derived from `Math.random()`. */
  readonly random?: boolean
  /** A string built from constant SQL text and other parts. */
  readonly sql?: boolean
  /** A string built from constant HTML text and other parts. */
  readonly html?: boolean
  /** Derived from who the caller is (authorizer context, `req.user`): checked, not attacker data. */
  readonly identity?: boolean
  /** Functions registered on a web framework app or router, or wrapped by a middleware engine. */
  readonly handlers?: FunctionValue[]
  /** A project module's namespace, resolved lazily. */
  readonly moduleFile?: string
  /** The constant text a built string starts with (`/tmp/` for `` `/tmp/${id}` ``). */
  readonly prefix?: string
  /** A string whose constant text starts a URL with a host (`https://api.example.com/`). */
  readonly fixedHost?: boolean
}

export const UNKNOWN: Value = Object.freeze({})

/**
 * Joins two taints: sources, dangers and containers add up; the first origin is kept.
 *
 * @example
 * joinTaint(a, undefined) === a
 */
export function joinTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (a === undefined) return b
  if (b === undefined || a === b) return a
  return {
    sources: a.sources | b.sources,
    danger: a.danger | b.danger,
    whole: a.whole | b.whole,
    objectCapable: a.objectCapable || b.objectCapable,
    origin: a.origin,
  }
}

/**
 * A taint derived from another: a part of it (`whole` dropped), or a string made from it.
 *
 * @example
 * deriveTaint(t, { origin: `${t.origin}.id` })
 */
export function deriveTaint(
  t: Taint | undefined,
  change: Partial<Omit<Taint, 'sources'>> & { sources?: number },
): Taint | undefined {
  if (t === undefined) return undefined
  return { ...t, whole: 0, ...change }
}

/**
 * Removes the dangers a sanitizer makes safe; a taint dangerous for nothing is dropped.
 *
 * @example
 * sanitize(t, Danger.all) // undefined
 */
export function sanitize(t: Taint | undefined, cleared: number): Taint | undefined {
  if (t === undefined) return undefined
  const danger = t.danger & ~cleared
  return danger === 0 && t.whole === 0 ? undefined : { ...t, danger }
}

/**
 * The union of two abstract values, for a variable assigned in two branches or a `a || b`.
 *
 * @example
 * joinValues({ str: 'a' }, { taint }) // { taint } (the constant is no longer known)
 */
export function joinValues(a: Value, b: Value): Value {
  if (a === b || b === UNKNOWN) return a.str !== undefined && b === UNKNOWN ? dropConstant(a) : a
  if (a === UNKNOWN) return dropConstant(b)
  const fns = a.fns && b.fns ? [...new Set([...a.fns, ...b.fns])] : (a.fns ?? b.fns)
  const handlers =
    a.handlers && b.handlers
      ? [...new Set([...a.handlers, ...b.handlers])]
      : (a.handlers ?? b.handlers)
  const joined: {
    -readonly [K in keyof Value]: Value[K]
  } = {}
  const taint = joinTaint(a.taint, b.taint)
  if (taint) joined.taint = taint
  const shape = a.shape ?? b.shape
  if (shape) joined.shape = shape
  const api = a.api ?? b.api
  if (api) joined.api = api
  if (fns) joined.fns = fns
  const cls = a.cls ?? b.cls
  if (cls) joined.cls = cls
  const props = a.props && b.props ? mergeProps(a.props, b.props) : (a.props ?? b.props)
  if (props) joined.props = props
  if (a.str !== undefined && a.str === b.str) joined.str = a.str
  if (a.lit !== undefined && a.lit === b.lit) joined.lit = a.lit
  if (a.random || b.random) joined.random = true
  if (a.sql || b.sql) joined.sql = true
  if (a.html || b.html) joined.html = true
  if (a.identity || b.identity) joined.identity = true
  if (handlers) joined.handlers = handlers
  const moduleFile = a.moduleFile ?? b.moduleFile
  if (moduleFile) joined.moduleFile = moduleFile
  if (a.fixedHost && b.fixedHost) joined.fixedHost = true
  return joined
}

function dropConstant(v: Value): Value {
  if (v.str === undefined && v.lit === undefined) return v
  const { str: _s, lit: _l, ...rest } = v
  return rest
}

function mergeProps(a: Map<string, Value>, b: Map<string, Value>): Map<string, Value> {
  const merged = new Map(a)
  for (const [k, v] of b) {
    const existing = merged.get(k)
    merged.set(k, existing ? joinValues(existing, v) : v)
  }
  return merged
}

/**
 * Everything tainted that a value holds, including inside the properties of objects built from it
 * (bounded, since objects can refer to themselves).
 *
 * @example
 * deepTaint({ props: new Map([['q', { taint }]]) }) // taint
 */
export function deepTaint(v: Value, depth = 0): Taint | undefined {
  let t = v.taint
  if (v.props && depth < 4)
    for (const inner of v.props.values()) t = joinTaint(t, deepTaint(inner, depth + 1))
  return t
}

/** A value tainted as a source container (the whole Lambda event, a request, its headers). */
export function sourceValue(shape: SourceShape, taint: Taint): Value {
  return { shape, taint }
}
