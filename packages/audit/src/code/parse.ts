import {
  type Comment,
  type ParserOptions,
  type Program,
  parseSync,
  rawTransferSupported,
  visitorKeys,
} from 'oxc-parser'

/** One parsed JS/TS file: its ESTree program, comments and a line index for positions. */
export interface ParsedModule {
  /** Project-relative path, with `/` separators. */
  readonly file: string
  readonly source: string
  readonly program: Program
  readonly comments: readonly Comment[]
  /** Syntax errors oxc recovered from or stopped at; the program holds what could be parsed. */
  readonly errors: readonly string[]
  /** Offset where each line starts, for turning node offsets into line and column. */
  readonly lineStarts: readonly number[]
}

/** A position in a file, line and column counted from 1 (columns in UTF-16 code units, as editors do). */
export interface Position {
  readonly line: number
  readonly column: number
}

/** Languages by extension. Plain `.js` is parsed as JSX, a superset that real handlers sometimes need. */
function langOf(file: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  if (/\.[mc]?ts$/.test(file)) return 'ts'
  if (file.endsWith('.tsx')) return 'tsx'
  return 'jsx'
}

/**
 * Raw transfer hands oxc's AST over as a buffer that JS reads into objects directly, instead of a
 * JSON string that `JSON.parse` then rebuilds: on the benchmark corpus parsing is about 2.5× faster
 * (Node 22) with an identical AST. oxc-parser enables it on Node 22 and later (64-bit
 * little-endian); elsewhere (Node 20) the JSON transfer is used.
 */
const RAW_TRANSFER = rawTransferSupported()

/**
 * Parses one JS/TS module with oxc. Never throws on bad input: syntax errors are returned in `errors`
 * with whatever program oxc could recover.
 *
 * @example
 * const mod = parseModule('src/handler.ts', 'export const handler = async (event) => event')
 * mod.program.body.length // 1
 */
export function parseModule(file: string, source: string): ParsedModule {
  const options: ParserOptions & { experimentalRawTransfer?: boolean } = {
    lang: langOf(file),
    sourceType: file.endsWith('.cjs') || file.endsWith('.cts') ? 'commonjs' : 'unambiguous',
    preserveParens: false,
  }
  if (RAW_TRANSFER) options.experimentalRawTransfer = true
  const result = parseSync(file, source, options)
  const program = result.program
  if (!RAW_TRANSFER) internNodeTypes(program)
  return new OxcModule(
    file,
    source,
    program,
    result.comments,
    result.errors.map((e) => e.message),
  )
}

class OxcModule implements ParsedModule {
  private starts: number[] | undefined

  constructor(
    readonly file: string,
    readonly source: string,
    readonly program: Program,
    readonly comments: readonly Comment[],
    readonly errors: readonly string[],
  ) {}

  /** Computed on first use: most modules never report a position. */
  get lineStarts(): readonly number[] {
    this.starts ??= lineStartsOf(this.source)
    return this.starts
  }
}

/** Every ESTree node type oxc produces, as internalized strings (property keys are). */
const NODE_TYPES = new Map(Object.keys(visitorKeys).map((type) => [type, type]))

/**
 * V8's JSON.parse internalizes only short strings (10 characters or fewer), so on the JSON transfer
 * every node's `type` longer than that (`ExpressionStatement`, `MemberExpression`, …) is a string
 * of its own: `node.type === 'CallExpression'` then compares characters instead of pointers, and the
 * copies cost memory that the garbage collector moves. One pass right after parsing points each
 * node at the shared name.
 */
function internNodeTypes(program: Program): void {
  const stack: Array<{ type: string; [key: string]: unknown }> = [
    program as unknown as { type: string },
  ]
  while (stack.length > 0) {
    const node = stack.pop() as { type: string; [key: string]: unknown }
    const type = NODE_TYPES.get(node.type)
    if (type === undefined) continue
    node.type = type
    const keys = visitorKeys[type] as readonly string[]
    for (let k = 0; k < keys.length; k++) {
      const child = node[keys[k] as string] as { type?: unknown } | unknown[] | null | undefined
      if (child == null) continue
      if (Array.isArray(child)) {
        for (let i = 0; i < child.length; i++) {
          const item = child[i] as { type?: unknown } | null
          if (item != null && typeof item.type === 'string') stack.push(item as { type: string })
        }
      } else if (typeof child.type === 'string') stack.push(child as { type: string })
    }
  }
}

function lineStartsOf(source: string): number[] {
  const starts = [0]
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}

/**
 * Line and column (from 1) of an offset in a parsed module.
 *
 * @example
 * positionOf(parseModule('a.js', 'x\n  eval(y)'), 4) // { line: 2, column: 3 }
 */
export function positionOf(mod: Pick<ParsedModule, 'lineStarts'>, offset: number): Position {
  const starts = mod.lineStarts
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if ((starts[mid] ?? 0) <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 }
}
