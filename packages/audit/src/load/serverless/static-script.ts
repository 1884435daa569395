import { parseSync } from 'oxc-parser'
import type { LoadContext } from '../context.js'
import type { MapEntry, Node, Span } from '../tree.js'

// The subset of the ESTree shape this reader looks at.
interface AstNode {
  readonly type: string
  readonly start: number
  readonly end: number
  readonly [key: string]: unknown
}

const MAX_DEPTH = 100

/**
 * Reads `serverless.ts` / `serverless.js` without running it: the exported object literal
 * (`module.exports = {…}`, `export default {…}`, or a top-level `const` either of those
 * exports) becomes a config tree. Anything computed (a call, an import, a template with
 * expressions) becomes an unknown node; a config that is not an object literal at all is a
 * problem, and the file is not audited.
 *
 * @example
 * const root = readServerlessScript(ctx, 'serverless.ts')
 */
export function readServerlessScript(ctx: LoadContext, file: string): Node | undefined {
  const read = ctx.fs.readText(file)
  if (!read.ok) {
    ctx.problem({
      kind: 'unreadable',
      message: `${file} could not be read: ${read.reason}`,
      span: at1(file),
    })
    return undefined
  }
  const text = read.text
  let program: AstNode
  try {
    const result = parseSync(file, text)
    if (result.errors.length > 0) {
      const first = result.errors[0]
      const offset = first?.labels?.[0]?.start ?? 0
      const { line, column } = lineColumn(text, offset)
      ctx.problem({
        kind: 'parse-error',
        message: `${file} could not be parsed: ${first?.message ?? 'syntax error'}`,
        span: { file, line, column, endLine: line },
      })
      return undefined
    }
    program = result.program as unknown as AstNode
  } catch (error) {
    ctx.problem({
      kind: 'parse-error',
      message: `${file} could not be parsed: ${String(error)}`,
      span: at1(file),
    })
    return undefined
  }
  const converter = new ScriptConverter(file, text, program)
  const exported = converter.exportedObject()
  if (exported === undefined) {
    ctx.problem({
      kind: 'not-static',
      message: `${file} could not be audited: its configuration is not an object literal the auditor can read without running it`,
      span: at1(file),
    })
    return undefined
  }
  return converter.convert(exported, 0)
}

class ScriptConverter {
  private readonly lineStarts: number[]
  private readonly constants = new Map<string, AstNode>()

  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly program: AstNode,
  ) {
    this.lineStarts = [0]
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1)
    for (const statement of this.body()) {
      const declaration =
        statement.type === 'ExportNamedDeclaration'
          ? (statement.declaration as AstNode | null)
          : statement
      if (declaration?.type !== 'VariableDeclaration') continue
      for (const d of declaration.declarations as AstNode[]) {
        const id = d.id as AstNode
        if (id.type === 'Identifier' && d.init !== null)
          this.constants.set(id.name as string, d.init as AstNode)
      }
    }
  }

  private body(): AstNode[] {
    return (this.program.body as AstNode[]) ?? []
  }

  /** The object the file exports as its configuration. */
  exportedObject(): AstNode | undefined {
    for (const statement of this.body()) {
      let candidate: AstNode | undefined
      if (statement.type === 'ExportDefaultDeclaration')
        candidate = statement.declaration as AstNode
      else if (statement.type === 'TSExportAssignment') candidate = statement.expression as AstNode
      else if (statement.type === 'ExpressionStatement') {
        const expr = statement.expression as AstNode
        if (expr.type === 'AssignmentExpression' && isModuleExports(expr.left as AstNode)) {
          candidate = expr.right as AstNode
        }
      }
      if (candidate === undefined) continue
      const object = this.follow(candidate, 0)
      if (object?.type === 'ObjectExpression') return object
    }
    return undefined
  }

  /** Unwraps `x as AWS`, `x satisfies AWS`, parentheses and top-level constants. */
  private follow(node: AstNode, depth: number): AstNode | undefined {
    if (depth > 20) return undefined
    switch (node.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ParenthesizedExpression':
        return this.follow(node.expression as AstNode, depth + 1)
      case 'Identifier': {
        const init = this.constants.get(node.name as string)
        return init === undefined ? undefined : this.follow(init, depth + 1)
      }
      default:
        return node
    }
  }

  span(node: AstNode): Span {
    const from = this.position(node.start)
    const to = this.position(Math.max(node.start, node.end - 1))
    return { file: this.file, line: from.line, column: from.column, endLine: to.line }
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0
    let hi = this.lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if ((this.lineStarts[mid] as number) <= offset) lo = mid
      else hi = mid - 1
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] as number) + 1 }
  }

  convert(raw: AstNode, depth: number): Node {
    const span = this.span(raw)
    const node = depth > MAX_DEPTH ? undefined : this.follow(raw, 0)
    if (node === undefined) return this.unknown(raw, span)
    switch (node.type) {
      case 'ObjectExpression': {
        const entries = new Map<string, MapEntry>()
        for (const property of node.properties as AstNode[]) {
          if (property.type !== 'Property' || property.computed === true) continue
          const keyNode = property.key as AstNode
          const key =
            keyNode.type === 'Identifier'
              ? (keyNode.name as string)
              : keyNode.type === 'Literal'
                ? String(keyNode.value)
                : undefined
          if (key === undefined) continue
          const value = this.convert(property.value as AstNode, depth + 1)
          const keySpan = this.span(keyNode)
          entries.set(key, { key, keySpan: { ...keySpan, endLine: value.span.endLine }, value })
        }
        return { kind: 'map', span, entries }
      }
      case 'ArrayExpression':
        return {
          kind: 'seq',
          span,
          items: (node.elements as (AstNode | null)[])
            .filter((e): e is AstNode => e !== null && e.type !== 'SpreadElement')
            .map((e) => this.convert(e, depth + 1)),
        }
      case 'Literal': {
        const value = node.value
        if (
          value === null ||
          typeof value === 'string' ||
          typeof value === 'number' ||
          typeof value === 'boolean'
        ) {
          return { kind: 'scalar', span, value }
        }
        return this.unknown(node, span)
      }
      case 'TemplateLiteral': {
        const quasis = node.quasis as AstNode[]
        if ((node.expressions as AstNode[]).length === 0 && quasis.length === 1) {
          const cooked = (quasis[0]?.value as { cooked: string | null } | undefined)?.cooked
          return { kind: 'scalar', span, value: cooked ?? '' }
        }
        return this.unknown(node, span)
      }
      case 'UnaryExpression':
        if (node.operator === '-' && (node.argument as AstNode).type === 'Literal') {
          return { kind: 'scalar', span, value: -Number((node.argument as AstNode).value) }
        }
        return this.unknown(node, span)
      default:
        return this.unknown(node, span)
    }
  }

  private unknown(node: AstNode, span: Span): Node {
    return {
      kind: 'unknown',
      span,
      text: this.text.slice(node.start, Math.min(node.end, node.start + 200)),
      refs: [{ source: 'code', address: node.type }],
    }
  }
}

function isModuleExports(node: AstNode): boolean {
  if (node.type !== 'MemberExpression') return false
  const object = node.object as AstNode
  const property = node.property as AstNode
  return (
    object.type === 'Identifier' &&
    object.name === 'module' &&
    property.type === 'Identifier' &&
    property.name === 'exports'
  )
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

function at1(file: string): Span {
  return { file, line: 1, column: 1, endLine: 1 }
}
