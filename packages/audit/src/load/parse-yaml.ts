import {
  type Alias,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Scalar,
  type Node as YamlNode,
} from 'yaml'
import type { MapEntry, Node, Span } from './tree.js'

/** A problem that stopped a file from being read, with where it is. */
export interface ParseProblem {
  readonly message: string
  readonly line: number
  readonly column: number
}

export interface ParsedFile {
  /** Undefined when the file could not be parsed (see `problems`). */
  readonly root: Node | undefined
  readonly problems: readonly ParseProblem[]
}

export interface ParseOptions {
  /**
   * Most nodes the tree may hold after aliases are expanded: a billion-laughs document stops
   * here with a problem instead of eating the machine's memory.
   */
  readonly maxNodes?: number
}

const DEFAULT_MAX_NODES = 2_000_000
/** Nodes that aliases may add: real templates use a few anchors, a bomb uses millions. */
const MAX_ALIAS_NODES = 50_000

class TooManyNodes extends Error {}

/**
 * Parses YAML or JSON (JSON is read as YAML 1.2, which keeps positions) into a positioned tree.
 * CloudFormation short tags (`!Ref`, `!Sub`, `!GetAtt`, `!If`, …) and their long JSON forms both
 * become intrinsic nodes; merge keys (`<<: *base`) are applied; aliases are expanded within a
 * node budget.
 *
 * @example
 * const { root, problems } = parseYamlText('template.yaml', text)
 */
export function parseYamlText(file: string, text: string, options: ParseOptions = {}): ParsedFile {
  const lineCounter = new LineCounter()
  let doc: ReturnType<typeof parseDocument>
  try {
    doc = parseDocument(text, {
      lineCounter,
      merge: true,
      prettyErrors: false,
      strict: false,
      uniqueKeys: true,
    })
  } catch (error) {
    return { root: undefined, problems: [{ message: errorMessage(error), line: 1, column: 1 }] }
  }
  const fatal = doc.errors.filter((e) => e.code !== 'TAB_AS_INDENT')
  if (fatal.length > 0) {
    return {
      root: undefined,
      problems: fatal.map((e) => {
        const pos = lineCounter.linePos(e.pos[0])
        return { message: firstLine(e.message), line: pos.line, column: pos.col }
      }),
    }
  }
  const converter = new Converter(file, doc, lineCounter, options.maxNodes ?? DEFAULT_MAX_NODES)
  try {
    const contents = doc.contents as YamlNode | null
    const root = contents === null ? undefined : converter.convert(contents, 0)
    return { root, problems: [] }
  } catch (error) {
    if (error instanceof TooManyNodes) {
      return {
        root: undefined,
        problems: [{ message: error.message, line: 1, column: 1 }],
      }
    }
    throw error
  }
}

class Converter {
  private count = 0
  private aliasCount = 0
  private aliasDepth = 0

  constructor(
    private readonly file: string,
    private readonly doc: ReturnType<typeof parseDocument>,
    private readonly lines: LineCounter,
    private readonly maxNodes: number,
  ) {}

  span(range: readonly [number, number, number] | null | undefined): Span {
    const start = range?.[0] ?? 0
    const end = Math.max(start, (range?.[1] ?? start) - 1)
    const from = this.lines.linePos(start)
    const to = this.lines.linePos(end)
    return {
      file: this.file,
      line: from.line,
      column: from.col,
      endLine: Math.max(from.line, to.line),
    }
  }

  convert(node: YamlNode, depth: number, at?: Span): Node {
    if (++this.count > this.maxNodes) {
      throw new TooManyNodes(
        `the document expands to more than ${this.maxNodes} nodes (alias bomb?): not read`,
      )
    }
    if (this.aliasDepth > 0 && ++this.aliasCount > MAX_ALIAS_NODES) {
      throw new TooManyNodes(
        `aliases expand to more than ${MAX_ALIAS_NODES} nodes (alias bomb?): not read`,
      )
    }
    if (depth > 200) throw new TooManyNodes('the document nests deeper than 200 levels: not read')
    // An alias keeps the position of where it is used, so findings point at the use.
    if (isAlias(node)) {
      const target = (node as Alias).resolve(this.doc)
      const here = this.span(node.range)
      if (target === undefined) return { kind: 'scalar', span: here, value: null }
      this.aliasDepth++
      try {
        return this.convert(target, depth + 1, at ?? here)
      } finally {
        this.aliasDepth--
      }
    }
    const span = at ?? this.span(node.range)
    const tag = node.tag
    const shortTag = tag?.startsWith('!') && !tag.startsWith('!!') ? tag.slice(1) : undefined
    let value: Node
    if (isMap(node)) {
      const entries = new Map<string, MapEntry>()
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null
        const keyValue =
          keyNode !== null && isScalar(keyNode) ? (keyNode as Scalar).value : undefined
        if (keyValue === undefined || typeof keyValue === 'object') continue
        const keySpan = this.span(keyNode?.range)
        const valueNode = pair.value as YamlNode | null
        const converted: Node =
          valueNode === null
            ? { kind: 'scalar', span: keySpan, value: null }
            : this.convert(valueNode, depth + 1)
        if (typeof keyValue === 'symbol') {
          this.merge(entries, converted)
          continue
        }
        const key = String(keyValue)
        entries.set(key, {
          key,
          keySpan: { ...keySpan, endLine: Math.max(keySpan.endLine, converted.span.endLine) },
          value: converted,
        })
      }
      value = { kind: 'map', span, entries }
      const intrinsic = longFormIntrinsic(value)
      if (intrinsic !== undefined) value = intrinsic
    } else if (isSeq(node)) {
      const items: Node[] = []
      for (const item of node.items) {
        if (item === null) continue
        items.push(this.convert(item as YamlNode, depth + 1))
      }
      value = { kind: 'seq', span, items }
    } else if (isScalar(node)) {
      const raw = (node as Scalar).value
      const scalar =
        raw === null ||
        typeof raw === 'string' ||
        typeof raw === 'boolean' ||
        typeof raw === 'number'
          ? raw
          : typeof raw === 'bigint'
            ? Number(raw)
            : String(raw)
      value = { kind: 'scalar', span, value: scalar }
    } else {
      value = { kind: 'scalar', span, value: null }
    }
    if (shortTag !== undefined) return shortTagIntrinsic(shortTag, value, span)
    return value
  }

  /** `<<: *base` (or a list of bases): keys already present win, as YAML merge keys specify. */
  private merge(entries: Map<string, MapEntry>, source: Node): void {
    const sources = source.kind === 'seq' ? source.items : [source]
    for (const base of sources) {
      if (base.kind !== 'map') continue
      for (const [key, e] of base.entries) if (!entries.has(key)) entries.set(key, e)
    }
  }
}

const INTRINSIC_KEYS = new Set(['Ref', 'Condition'])

/** `{"Ref": "X"}`, `{"Fn::GetAtt": [...]}`: a one-key map naming an intrinsic. */
function longFormIntrinsic(map: Node & { kind: 'map' }): Node | undefined {
  if (map.entries.size !== 1) return undefined
  const [only] = map.entries.values()
  if (only === undefined) return undefined
  if (!(INTRINSIC_KEYS.has(only.key) || only.key.startsWith('Fn::'))) return undefined
  if (only.key === 'Condition' && only.value.kind !== 'scalar') return undefined
  return { kind: 'intrinsic', span: map.span, name: only.key, arg: only.value }
}

function shortTagIntrinsic(tag: string, value: Node, span: Span): Node {
  const name = tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`
  if (name === 'Fn::GetAtt' && value.kind === 'scalar' && typeof value.value === 'string') {
    // `!GetAtt Table.Arn` is `Fn::GetAtt: [Table, Arn]`; the attribute may itself contain dots.
    const dot = value.value.indexOf('.')
    const parts = dot < 0 ? [value.value] : [value.value.slice(0, dot), value.value.slice(dot + 1)]
    const arg: Node = {
      kind: 'seq',
      span: value.span,
      items: parts.map((p) => ({ kind: 'scalar', span: value.span, value: p })),
    }
    return { kind: 'intrinsic', span, name, arg }
  }
  return { kind: 'intrinsic', span, name, arg: value }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? firstLine(error.message) : String(error)
}
