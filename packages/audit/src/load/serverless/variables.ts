import type { MapEntry, Node, Span, UnknownRef } from '../tree.js'

/** What the resolver needs from the outside world: only files inside the project. */
export interface VariableHost {
  /**
   * Reads `${file(path)}` (path relative to the service folder): a parsed tree, a text for
   * files that are not YAML/JSON, `'missing'`, `'refused'` (outside the project) or
   * `'executable'` (a JS/TS file, which would have to run to produce a value).
   */
  readFile(path: string, span: Span): Node | string | 'missing' | 'refused' | 'executable'
}

/** Sources whose value lives outside the project (or needs AWS): left unknown, never read. */
const EXTERNAL_SOURCES = new Set([
  'env',
  'ssm',
  'aws',
  'cf',
  's3',
  'param',
  'secretsmanager',
  'git',
  'strToBool',
  'terraform',
  'vault',
  'doppler',
])

const MAX_RESOLUTIONS = 500_000
const MAX_STRING_LENGTH = 256 * 1024

type Resolved = Node | undefined

/**
 * Resolves Serverless Framework variables in a config tree: `${self:…}`, `${opt:stage, 'dev'}`
 * chains (no CLI options are given, so `opt:` falls through to its default), `${sls:stage}`,
 * `${file(…)}` inside the project, nested variables. `${env:}`, `${ssm:}`, `${aws:}`, `${cf:}`,
 * `${param:}` stay unknown nodes that remember what they refer to: the environment is never read.
 *
 * @example
 * const resolved = new VariableResolver(raw, host).resolveAll()
 */
export class VariableResolver {
  private readonly memo = new Map<Node, Node>()
  private readonly active = new Set<Node>()
  private resolutions = 0
  private stageCache: string | undefined | null = null

  constructor(
    private readonly raw: Node,
    private readonly host: VariableHost,
  ) {}

  resolveAll(): Node {
    return this.resolveDeep(this.raw)
  }

  /** The stage a plain deploy would use: `provider.stage` resolved, or `dev`. */
  stage(): string | undefined {
    if (this.stageCache !== null) return this.stageCache
    this.stageCache = 'dev'
    const stageNode = this.raw.kind === 'map' ? this.raw.entries.get('provider')?.value : undefined
    const raw = stageNode?.kind === 'map' ? stageNode.entries.get('stage')?.value : undefined
    if (raw !== undefined) {
      const resolved = this.resolveDeep(raw)
      this.stageCache =
        resolved.kind === 'scalar' && resolved.value !== null ? String(resolved.value) : undefined
    }
    return this.stageCache
  }

  private resolveDeep(node: Node): Node {
    const done = this.memo.get(node)
    if (done !== undefined) return done
    if (this.active.has(node))
      return unknownAt(node.span, '${…}', [{ source: 'self', address: '(cycle)' }])
    this.active.add(node)
    let result: Node
    switch (node.kind) {
      case 'scalar':
        result =
          typeof node.value === 'string' && node.value.includes('${')
            ? this.resolveString(node.value, node.span)
            : node
        break
      case 'map': {
        const entries = new Map<string, MapEntry>()
        for (const [key, e] of node.entries) {
          entries.set(key, { key, keySpan: e.keySpan, value: this.resolveDeep(e.value) })
        }
        result = { kind: 'map', span: node.span, entries }
        break
      }
      case 'seq':
        result = { kind: 'seq', span: node.span, items: node.items.map((i) => this.resolveDeep(i)) }
        break
      case 'intrinsic':
        result = { ...node, arg: this.resolveDeep(node.arg) }
        break
      default:
        result = node
    }
    this.active.delete(node)
    this.memo.set(node, result)
    return result
  }

  /** A string with variables: one whole variable yields its value; a mix yields a string. */
  private resolveString(text: string, span: Span): Node {
    const segments = splitVariables(text)
    if (segments.length === 1 && segments[0]?.kind === 'variable') {
      const value = this.resolveExpression(segments[0].body, span)
      return value ?? unknownAt(span, text, [{ source: 'self', address: segments[0].body }])
    }
    let out = ''
    const refs: UnknownRef[] = []
    for (const segment of segments) {
      if (segment.kind === 'text') {
        out += segment.text
        continue
      }
      const value = this.resolveExpression(segment.body, span)
      if (value === undefined) {
        refs.push({ source: 'self', address: segment.body })
      } else if (value.kind === 'unknown') {
        refs.push(...value.refs)
      } else if (value.kind === 'scalar') {
        out += value.value === null ? '' : String(value.value)
      } else {
        refs.push({ source: 'self', address: segment.body })
      }
      if (out.length > MAX_STRING_LENGTH) {
        return unknownAt(span, text.slice(0, 200), [{ source: 'self', address: '(too long)' }])
      }
    }
    if (refs.length > 0) return unknownAt(span, text, refs)
    return { kind: 'scalar', span, value: out }
  }

  /**
   * `self:custom.x, 'default'`: tries each candidate in turn. A candidate that is absent (a
   * missing self path, an `opt:` never given) falls through; an external one makes it unknown.
   */
  private resolveExpression(body: string, span: Span): Resolved {
    if (++this.resolutions > MAX_RESOLUTIONS) {
      return unknownAt(span, `\${${body}}`, [{ source: 'self', address: '(resolution budget)' }])
    }
    let expanded = body
    if (body.includes('${')) {
      const inner = this.resolveString(body, span)
      if (inner.kind !== 'scalar') return inner.kind === 'unknown' ? inner : undefined
      expanded = String(inner.value)
    }
    for (const candidate of splitTopLevel(expanded, ',')) {
      const value = this.resolveCandidate(candidate.trim(), span)
      if (value === 'absent') continue
      return value
    }
    return undefined
  }

  private resolveCandidate(candidate: string, span: Span): Node | 'absent' {
    const quoted = /^(['"])(.*)\1$/s.exec(candidate)
    if (quoted !== null) return { kind: 'scalar', span, value: quoted[2] as string }
    if (/^-?\d+(\.\d+)?$/.test(candidate)) return { kind: 'scalar', span, value: Number(candidate) }
    if (candidate === 'true' || candidate === 'false') {
      return { kind: 'scalar', span, value: candidate === 'true' }
    }
    if (candidate === 'null') return 'absent'
    const match = /^([A-Za-z][\w-]*)(?:\((.*)\))?(?::(.*))?$/s.exec(candidate)
    if (match === null)
      return unknownAt(span, `\${${candidate}}`, [{ source: '?', address: candidate }])
    const [, source = '', args, address = ''] = match
    switch (source) {
      case 'self':
        return this.lookupSelf(address, span) ?? this.frameworkDefault(address, span) ?? 'absent'
      case 'opt':
        return 'absent'
      case 'sls':
        if (address === 'stage') {
          const stage = this.stage()
          return stage === undefined
            ? unknownAt(span, '${sls:stage}', [{ source: 'sls', address }])
            : { kind: 'scalar', span, value: stage }
        }
        return unknownAt(span, `\${${candidate}}`, [{ source: 'sls', address }])
      case 'file':
        return this.lookupFile(args ?? '', address, span)
      default:
        if (EXTERNAL_SOURCES.has(source) || args !== undefined || address !== '') {
          return unknownAt(span, `\${${candidate}}`, [
            { source, address: args !== undefined ? `(${args})${address}` : address },
          ])
        }
        return unknownAt(span, `\${${candidate}}`, [{ source: '?', address: candidate }])
    }
  }

  /** What the Framework fills in when the config leaves it out: the stage and the region. */
  private frameworkDefault(address: string, span: Span): Node | undefined {
    if (address === 'provider.stage') {
      const stage = this.stage()
      return stage === undefined ? undefined : { kind: 'scalar', span, value: stage }
    }
    if (address === 'provider.region') return { kind: 'scalar', span, value: 'us-east-1' }
    return undefined
  }

  private lookupSelf(address: string, span: Span): Resolved {
    const path = address === '' ? [] : address.split('.').filter((p) => p !== '')
    let current: Node | undefined = this.raw
    for (const key of path) {
      if (current === undefined) return undefined
      current = this.shallow(current)
      if (current.kind === 'unknown') return current
      if (current.kind === 'map') current = current.entries.get(key)?.value
      else if (current.kind === 'seq' && /^\d+$/.test(key)) current = current.items[Number(key)]
      else return undefined
    }
    if (current === undefined) return undefined
    const value = this.resolveDeep(current)
    if (value.kind === 'scalar' && value.value === null) return undefined
    return value ?? unknownAt(span, address, [])
  }

  /** Resolves a node only as far as needed to step into it (a string that is one variable). */
  private shallow(node: Node): Node {
    if (node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${')) {
      return this.resolveDeep(node)
    }
    return node
  }

  private lookupFile(args: string, address: string, span: Span): Node | 'absent' {
    const path = args.trim().replace(/^(['"])(.*)\1$/, '$2')
    const loaded = this.host.readFile(path, span)
    if (loaded === 'missing') return 'absent'
    if (loaded === 'refused' || loaded === 'executable') {
      return unknownAt(span, `\${file(${path})}`, [
        { source: 'file', address: `${path} (${loaded})` },
      ])
    }
    if (typeof loaded === 'string') {
      return address === '' ? { kind: 'scalar', span, value: loaded } : 'absent'
    }
    let current: Node | undefined = loaded
    for (const key of address.split('.').filter((p) => p !== '')) {
      if (current === undefined) return 'absent'
      current = this.shallow(current)
      if (current.kind === 'map') current = current.entries.get(key)?.value
      else return 'absent'
    }
    if (current === undefined) return 'absent'
    return this.resolveDeep(current)
  }
}

type Segment = { kind: 'text'; text: string } | { kind: 'variable'; body: string }

/** Splits `a-${self:x}-${opt:y, ${self:z}}` into text and top-level variable bodies. */
export function splitVariables(text: string): Segment[] {
  const out: Segment[] = []
  let i = 0
  let textStart = 0
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const end = matchingBrace(text, i + 2)
      if (end < 0) break
      const body = text.slice(i + 2, end)
      // `${AWS::Region}` or `${MyBucket}` belong to CloudFormation's Fn::Sub: leave them alone.
      if (!isVariableBody(body)) {
        i = end + 1
        continue
      }
      if (i > textStart) out.push({ kind: 'text', text: text.slice(textStart, i) })
      out.push({ kind: 'variable', body })
      i = end + 1
      textStart = i
      continue
    }
    i++
  }
  if (textStart < text.length) out.push({ kind: 'text', text: text.slice(textStart) })
  return out
}

function isVariableBody(body: string): boolean {
  if (body.includes('::')) return false
  return /^\s*[A-Za-z][\w-]*(\(|:)/.test(body) || body.includes('${')
}

function matchingBrace(text: string, from: number): number {
  let depth = 1
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++
      i++
    } else if (text[i] === '}') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/** Splits on `separator` outside quotes, parentheses and brackets. */
export function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = []
  let depth = 0
  let quote: string | undefined
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote !== undefined) {
      if (c === quote) quote = undefined
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === '(' || c === '[') {
      depth++
    } else if (c === ')' || c === ']') {
      depth--
    } else if (c === separator && depth === 0) {
      out.push(text.slice(start, i))
      start = i + 1
    }
  }
  out.push(text.slice(start))
  return out
}

function unknownAt(span: Span, text: string, refs: UnknownRef[]): Node {
  return { kind: 'unknown', span, text, refs }
}
