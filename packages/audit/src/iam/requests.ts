import type { AnyNode } from '../code/ast.js'
import { unwrapExpression } from '../code/ast.js'
import type { Value } from '../code/values.js'
import { ACCOUNT, normalizeArn, PARTITION, REGION, type RefTable, WILD } from './symbolic.js'

/** What resolving a request needs from the function: its environment, as the template sets it. */
export interface RequestContext {
  /** The symbolic value of an environment variable; `undefined` when the template does not set it. */
  env(name: string): string | undefined
  /** The expressions object properties were written as (template literals). */
  readonly nodeOf: WeakMap<object, AnyNode>
  readonly refs: RefTable
}

/** A request field is missing from a request whose fields are all known. */
const ABSENT = Symbol('absent')
type Resolved = string[] | typeof ABSENT

/** What became of one resource: the symbolic ARNs, and why parts were not resolved. */
export interface ResolvedResources {
  readonly resources: string[]
  readonly unresolved: string[]
}

/**
 * The resources a call touches: the first of the operation's ARN templates whose fields the
 * request has, filled in with the request's values (literals, `process.env.X` through the
 * template's environment, template literals of those). Unknown parts become `WILD`; a call with
 * no template (or a request the auditor cannot read) needs `*`.
 *
 * @example
 * resourcesOf(['arn:…:table/${TableName}'], request, ctx) // { resources: ['arn:…:table/Orders'], unresolved: [] }
 */
export function resourcesOf(
  templates: readonly string[],
  input: Value | undefined,
  ctx: RequestContext,
): ResolvedResources {
  const unresolved: string[] = []
  for (const template of templates) {
    const parsed = parseTemplate(template)
    const result = evaluate(parsed, input, ctx, unresolved)
    if (result === ABSENT) continue
    return { resources: [...new Set(result.map((r) => tidy(r, ctx.refs)))], unresolved }
  }
  return { resources: [WILD], unresolved: templates.length === 0 ? [] : unresolved }
}

/**
 * Whether an iam-dataset condition (`VersionId Exists`, `Statement IContains SELECT `) holds for
 * the request: `undefined` when the request does not tell.
 *
 * @example
 * conditionHolds('VersionId NotExists', { props: new Map() }, ctx) // true
 */
export function conditionHolds(
  condition: string,
  input: Value | undefined,
  ctx: RequestContext,
): boolean | undefined {
  let result: boolean | undefined = true
  for (const part of condition.split(' && ')) {
    const [lhs = '', op = '', ...rest] = part.split(' ')
    const rhs = rest.join(' ')
    const values = fieldValues(input, lhs, ctx, [])
    let holds: boolean | undefined
    if (op === 'Exists') holds = values !== ABSENT
    else if (op === 'NotExists') holds = values === ABSENT
    else if (values === ABSENT) holds = false
    else if (values.some((v) => v.includes(WILD))) holds = undefined
    else {
      const test = (v: string): boolean | undefined => {
        switch (op) {
          case 'IContains':
            return v.toLowerCase().includes(rhs.toLowerCase())
          case 'INotContains':
            return !v.toLowerCase().includes(rhs.toLowerCase())
          case 'Contains':
            return v.includes(rhs)
          case 'Equals':
            return v === rhs
          case 'NotEquals':
            return v !== rhs
          case 'StartsWith':
            return v.startsWith(rhs)
          case 'NotStartsWith':
            return !v.startsWith(rhs)
          default:
            return undefined
        }
      }
      const tests = values.map(test)
      holds = tests.some((t) => t === true)
        ? true
        : tests.some((t) => t === undefined)
          ? undefined
          : false
    }
    if (holds === false) return false
    if (holds === undefined) result = undefined
  }
  return result
}

type Part =
  | { kind: 'text'; text: string }
  | { kind: 'field'; path: string }
  | { kind: 'regex'; inner: Part[]; regex: string }
  | { kind: 'iftruthy'; test: Part[]; whenTrue: Part[]; otherwise: Part[] }
  | { kind: 'many'; options: Part[][] }

const parsedTemplates = new Map<string, Part[]>()

/** Parses an iam-dataset template: text, `${Field}` and `%%op%…%%` forms. */
function parseTemplate(template: string): Part[] {
  const cached = parsedTemplates.get(template)
  if (cached !== undefined) return cached
  const parts: Part[] = []
  let i = 0
  let text = ''
  const flush = () => {
    if (text !== '') parts.push({ kind: 'text', text })
    text = ''
  }
  while (i < template.length) {
    if (template.startsWith('%%', i)) {
      const close = template.indexOf('%%', i + 2)
      if (close < 0) break
      const body = template.slice(i + 2, close)
      const pieces = body.split('%')
      const op = pieces[0]
      flush()
      if (op === 'regex') {
        parts.push({
          kind: 'regex',
          inner: parseTemplate(pieces[1] ?? ''),
          regex: pieces.slice(2).join('%'),
        })
      } else if (op === 'iftruthy') {
        parts.push({
          kind: 'iftruthy',
          test: parseTemplate(pieces[1] ?? ''),
          whenTrue: parseTemplate(pieces[2] ?? ''),
          otherwise: parseTemplate(pieces[3] ?? ''),
        })
      } else if (op === 'many') {
        parts.push({ kind: 'many', options: pieces.slice(1).map(parseTemplate) })
      } else {
        parts.push({ kind: 'text', text: WILD })
      }
      i = close + 2
      continue
    }
    if (template.startsWith('${', i)) {
      // A body may end in `{}` (a map's keys): the placeholder closes at the next lone `}`.
      let close = template.indexOf('}', i)
      while (close > 0 && template[close - 1] === '{') close = template.indexOf('}', close + 1)
      if (close < 0) break
      const body = template.slice(i + 2, close)
      flush()
      const pseudo = PSEUDO[body]
      if (pseudo !== undefined) {
        parts.push({ kind: 'text', text: pseudo })
      } else {
        parts.push({ kind: 'field', path: body })
      }
      i = close + 1
      continue
    }
    text += template[i]
    i++
  }
  flush()
  parsedTemplates.set(template, parts)
  return parts
}

const PSEUDO: Readonly<Record<string, string>> = {
  'AWS::Partition': PARTITION,
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
}

/** Every string the parts make (one per combination of field values). */
function evaluate(
  parts: readonly Part[],
  input: Value | undefined,
  ctx: RequestContext,
  unresolved: string[],
): Resolved {
  let out: string[] = ['']
  for (const part of parts) {
    let options: Resolved
    switch (part.kind) {
      case 'text':
        options = [part.text]
        break
      case 'field':
        options = fieldValues(input, part.path, ctx, unresolved)
        break
      case 'regex': {
        const inner = evaluate(part.inner, input, ctx, unresolved)
        options = inner === ABSENT ? ABSENT : inner.map((v) => applyRegex(part.regex, v))
        break
      }
      case 'iftruthy': {
        const test = evaluate(part.test, input, ctx, [])
        const truthy = test !== ABSENT && test.some((v) => v !== '')
        options = evaluate(truthy ? part.whenTrue : part.otherwise, input, ctx, unresolved)
        break
      }
      case 'many': {
        const all: string[] = []
        for (const option of part.options) {
          const values = evaluate(option, input, ctx, unresolved)
          if (values !== ABSENT) all.push(...values)
        }
        options = all.length === 0 ? ABSENT : all
        break
      }
    }
    if (options === ABSENT) return ABSENT
    const next: string[] = []
    for (const prefix of out) for (const option of options) next.push(prefix + option)
    out = next.slice(0, 50)
  }
  return out
}

function applyRegex(source: string, value: string): string {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(source)
  if (m === null) return WILD
  // The snapshot's patterns spell the partition `aws`; here it is a symbol.
  const body = (m[1] as string).replaceAll('arn\\:aws\\:', 'arn\\:[^:]+\\:')
  let re: RegExp
  try {
    re = new RegExp(body, (m[2] as string).replace('g', ''))
  } catch {
    return WILD
  }
  const found = re.exec(value)
  if (found === null) return WILD
  return found[1] ?? found[0]
}

/** The values a request field path has: `A.B`, `List[].Field`, `Map{}` (its keys). */
function fieldValues(
  input: Value | undefined,
  path: string,
  ctx: RequestContext,
  unresolved: string[],
): Resolved {
  let current: (Value | string)[] = [input ?? {}]
  for (const raw of path.split('.')) {
    const each = raw.endsWith('[]')
    const keys = raw.endsWith('{}')
    const name = each || keys ? raw.slice(0, -2) : raw
    const next: (Value | string)[] = []
    for (const value of current) {
      if (typeof value === 'string') continue
      if (value.props === undefined) {
        unresolved.push(path)
        next.push(WILD)
        continue
      }
      const field = value.props.get(name)
      if (field === undefined) continue
      if (each) {
        if (field.props === undefined || field.props.size === 0) {
          unresolved.push(path)
          next.push(WILD)
        } else next.push(...field.props.values())
      } else if (keys) {
        // Computed keys (`{ [TABLE]: items }`) are not kept: no key means "not known".
        if (field.props === undefined || field.props.size === 0) {
          unresolved.push(path)
          next.push(WILD)
        } else next.push(...field.props.keys())
      } else next.push(field)
    }
    current = next
  }
  if (current.length === 0) return ABSENT
  return current.map((v) => {
    if (typeof v === 'string') return v
    const resolved = leafValue(v, ctx)
    if (resolved.includes(WILD)) unresolved.push(path)
    return resolved
  })
}

/** A request value as a symbolic string. */
function leafValue(v: Value, ctx: RequestContext): string {
  if (v.str !== undefined) return normalizeArn(v.str)
  const env = envName(v)
  if (env !== undefined) return ctx.env(env) ?? WILD
  const node = ctx.nodeOf.get(v)
  if (node !== undefined) {
    const built = fromExpression(node, ctx)
    if (built !== undefined) return normalizeArn(built)
  }
  if (v.prefix !== undefined) return normalizeArn(v.prefix + WILD)
  if (typeof v.lit === 'number') return String(v.lit)
  return WILD
}

/** `process.env.X` (and `const { X } = process.env`) as the engine sees it. */
function envName(v: Value): string | undefined {
  const api = v.api
  if (api?.module !== '<global>' || api.path.length !== 3) return undefined
  return api.path[0] === 'process' && api.path[1] === 'env' ? api.path[2] : undefined
}

/** A template literal or concatenation of literals and `process.env.X`, read from the source. */
function fromExpression(raw: AnyNode, ctx: RequestContext): string | undefined {
  const node = unwrapExpression(raw)
  if (node.type === 'Literal') return typeof node.value === 'string' ? node.value : undefined
  if (node.type === 'TemplateLiteral') {
    let out = ''
    node.quasis.forEach((q: AnyNode, i: number) => {
      out += q.value.cooked ?? q.value.raw
      const expr = node.expressions[i] as AnyNode | undefined
      if (expr !== undefined) out += fromExpression(expr, ctx) ?? WILD
    })
    return out
  }
  if (node.type === 'BinaryExpression' && node.operator === '+') {
    return (fromExpression(node.left, ctx) ?? WILD) + (fromExpression(node.right, ctx) ?? WILD)
  }
  if (node.type === 'MemberExpression') {
    const env = envMember(node)
    if (env !== undefined) return ctx.env(env) ?? WILD
  }
  if (node.type === 'LogicalExpression' && (node.operator === '||' || node.operator === '??'))
    return fromExpression(node.left, ctx)
  return undefined
}

function envMember(node: AnyNode): string | undefined {
  const object = unwrapExpression(node.object)
  if (
    object.type !== 'MemberExpression' ||
    unwrapExpression(object.object).type !== 'Identifier' ||
    unwrapExpression(object.object).name !== 'process'
  )
    return undefined
  const env = object.property
  if (env.type !== 'Identifier' || env.name !== 'env') return undefined
  const property = node.property
  if (!node.computed && property.type === 'Identifier') return property.name
  if (property.type === 'Literal' && typeof property.value === 'string') return property.value
  return undefined
}

/**
 * Fixes what joining templates and values leaves behind: `parameter//name` (SSM names with their
 * leading slash), a secret known only by its ARN inside a template that builds one.
 */
function tidy(symbolic: string, refs: RefTable): string {
  let out = symbolic.replace(/:parameter\/\//, ':parameter/')
  for (const char of out) {
    if (refs.meaning(char)?.wholeArn) return char
  }
  // A secret named without its random suffix: `-??????` matches the six characters Secrets
  // Manager adds and nothing longer (`name-*` would also match `name-admin-…`, another secret).
  const secret = /:secretsmanager:[^:]*:[^:]*:secret:(.+)$/.exec(out)
  if (secret !== null) {
    const name = secret[1] as string
    if (!/-[A-Za-z0-9]{6}$/.test(name) && !name.endsWith(WILD) && !name.endsWith('*'))
      out = `${out}-??????`
  }
  return out
}
