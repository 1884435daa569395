import { posix } from 'node:path'
import { parseSync } from 'oxc-parser'
import type { SourceHost } from '../../code/host.js'
import { normalizeProjectPath } from '../../code/host.js'
import { resolveAlias } from '../../code/tsconfig-paths.js'
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
  const dir = posix.dirname(file)
  const converter = openModule(ctx, file, dir === '.' ? '' : dir, 0, true)
  if (converter === undefined) return undefined
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

/** Most imports followed from serverless.ts (`functions: { hello }` importing each function). */
const MAX_IMPORT_DEPTH = 3
const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs', '.cjs']

/** Parses a JS/TS module of the project; problems are recorded only for the config itself. */
function openModule(
  ctx: LoadContext,
  file: string,
  serviceDir: string,
  depth: number,
  isConfig: boolean,
): ScriptConverter | undefined {
  const read = ctx.fs.readText(file)
  if (!read.ok) {
    if (isConfig)
      ctx.problem({
        kind: 'unreadable',
        message: `${file} could not be read: ${read.reason}`,
        span: at1(file),
      })
    return undefined
  }
  const text = read.text
  try {
    const result = parseSync(file, text)
    if (result.errors.length > 0) {
      if (!isConfig) return undefined
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
    return new ScriptConverter(
      ctx,
      file,
      text,
      result.program as unknown as AstNode,
      serviceDir,
      depth,
    )
  } catch (error) {
    if (isConfig)
      ctx.problem({
        kind: 'parse-error',
        message: `${file} could not be parsed: ${String(error)}`,
        span: at1(file),
      })
    return undefined
  }
}

class ScriptConverter {
  private readonly lineStarts: number[]
  private readonly constants = new Map<string, AstNode>()
  private readonly imports = new Map<string, { source: string; imported: string }>()
  private readonly reexports = new Map<
    string,
    { readonly local: string } | { readonly source: string; readonly imported: string }
  >()

  constructor(
    private readonly ctx: LoadContext,
    private readonly file: string,
    private readonly text: string,
    private readonly program: AstNode,
    private readonly serviceDir: string,
    private readonly depth: number,
  ) {
    this.lineStarts = [0]
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1)
    for (const statement of this.body()) {
      if (statement.type === 'ImportDeclaration') {
        const source = (statement.source as AstNode).value as string
        for (const spec of statement.specifiers as AstNode[]) {
          const local = (spec.local as AstNode).name as string
          const imported =
            spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : spec.type === 'ImportSpecifier'
                ? (((spec.imported as AstNode).name ?? (spec.imported as AstNode).value) as string)
                : '*'
          this.imports.set(local, { source, imported })
        }
        continue
      }
      // `export { default as hello } from './hello'` (the template's src/functions/index.ts) and
      // `export { hello }` of an imported binding.
      if (statement.type === 'ExportNamedDeclaration') {
        const from = (statement.source as AstNode | null)?.value as string | undefined
        for (const spec of (statement.specifiers as AstNode[] | undefined) ?? []) {
          const local = specName(spec.local as AstNode)
          const exported = specName(spec.exported as AstNode)
          if (local === undefined || exported === undefined) continue
          this.reexports.set(
            exported,
            from === undefined ? { local } : { source: from, imported: local },
          )
        }
      }
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
    const imported = this.importedBinding(raw)
    if (imported !== undefined) return imported
    const node = depth > MAX_DEPTH ? undefined : this.follow(raw, 0)
    if (node === undefined) return this.unknown(raw, span)
    switch (node.type) {
      case 'ObjectExpression': {
        const entries = new Map<string, MapEntry>()
        for (const property of node.properties as AstNode[]) {
          // `...dynamoResources`: an object spread in, from a constant or an import.
          if (property.type === 'SpreadElement') {
            const spread = this.convert(property.argument as AstNode, depth + 1)
            if (spread.kind === 'map') for (const [k, e] of spread.entries) entries.set(k, e)
            continue
          }
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
        const text = this.templateText(node)
        return text === undefined ? this.unknown(node, span) : { kind: 'scalar', span, value: text }
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

  /**
   * A template literal whose only expressions are the module's folder: `__dirname` or the
   * `handlerPath(__dirname)` helper of the aws-nodejs-typescript template.
   */
  private templateText(node: AstNode): string | undefined {
    const quasis = node.quasis as AstNode[]
    const expressions = node.expressions as AstNode[]
    let out = ''
    for (let i = 0; i < quasis.length; i++) {
      const cooked = (quasis[i]?.value as { cooked: string | null } | undefined)?.cooked
      if (cooked === null || cooked === undefined) return undefined
      out += cooked
      const expr = expressions[i]
      if (expr === undefined) continue
      const dir = this.moduleDir(expr)
      if (dir === undefined) return undefined
      out += dir
    }
    return out
  }

  private moduleDir(expr: AstNode): string | undefined {
    const isDirname = (n: AstNode | undefined) => n?.type === 'Identifier' && n.name === '__dirname'
    const callsHelper =
      expr.type === 'CallExpression' &&
      (expr.callee as AstNode).type === 'Identifier' &&
      /^handler(Path|Dir)$/.test((expr.callee as AstNode).name as string) &&
      (expr.arguments as AstNode[]).length === 1 &&
      isDirname((expr.arguments as AstNode[])[0])
    if (!isDirname(expr) && !callsHelper) return undefined
    const dir = posix.dirname(this.file)
    const relative = this.serviceDir === '' ? dir : posix.relative(this.serviceDir, dir)
    return relative === '.' ? '' : relative
  }

  /** `functions: { hello }` where `hello` is imported: read the module's export statically. */
  private importedBinding(raw: AstNode): Node | undefined {
    if (raw.type !== 'Identifier' || this.constants.has(raw.name as string)) return undefined
    const binding = this.imports.get(raw.name as string)
    if (binding === undefined) return undefined
    const value = this.importedExport(binding.source, binding.imported)
    if (value === undefined) {
      // What the import defines (often the functions) would vanish from the audit unannounced.
      this.ctx.problem({
        kind: 'not-static',
        message: `\`${raw.name as string}\` is imported from '${binding.source}', which the auditor could not read without running code: what it defines is not audited`,
        span: this.span(raw),
      })
    }
    return value
  }

  /** An export of another project module, converted there (its own file and positions). */
  private importedExport(source: string, name: string): Node | undefined {
    const target = this.depth >= MAX_IMPORT_DEPTH ? undefined : this.resolveImport(source)
    const module =
      target === undefined
        ? undefined
        : openModule(this.ctx, target, this.serviceDir, this.depth + 1, false)
    return module?.exportedNode(name)
  }

  /** The module's default export, a named exported constant, or what it re-exports. */
  exportedNode(name: string): Node | undefined {
    if (name === 'default') {
      const statement = this.body().find((s) => s.type === 'ExportDefaultDeclaration')
      const value =
        statement === undefined ? undefined : this.follow(statement.declaration as AstNode, 0)
      return value === undefined ? undefined : this.convert(value, 0)
    }
    const reexport = this.reexports.get(name)
    if (reexport !== undefined && 'source' in reexport)
      return this.importedExport(reexport.source, reexport.imported)
    const local = reexport?.local ?? name
    const imported = this.imports.get(local)
    if (imported !== undefined && !this.constants.has(local))
      return this.importedExport(imported.source, imported.imported)
    const init = this.constants.get(local)
    const value = init === undefined ? undefined : this.follow(init, 0)
    return value === undefined ? undefined : this.convert(value, 0)
  }

  /** A relative import, or a tsconfig `paths` alias (`@functions/hello`), to a project file. */
  private resolveImport(source: string): string | undefined {
    const host = sourceHost(this.ctx)
    if (source.startsWith('.'))
      return moduleFile(host, posix.join(posix.dirname(this.file), source))
    return resolveAlias(host, this.file, source, moduleFile)
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

const hosts = new WeakMap<LoadContext, SourceHost>()

/** The project files as the code analysis reads them, for the shared tsconfig alias resolver. */
function sourceHost(ctx: LoadContext): SourceHost {
  let host = hosts.get(ctx)
  if (host === undefined) {
    host = {
      read: (file) => {
        const read = ctx.fs.readText(file, 256 * 1024)
        return read.ok ? read.text : undefined
      },
      isFile: (file) => ctx.fs.isFile(file),
    }
    hosts.set(ctx, host)
  }
  return host
}

/** The module file a specifier names: as written, with an extension, or its folder's index. */
function moduleFile(host: SourceHost, base: string): string | undefined {
  const normalized = normalizeProjectPath(base)
  if (normalized === undefined) return undefined
  const candidates = [
    normalized,
    ...MODULE_EXTENSIONS.map((e) => `${normalized}${e}`),
    ...MODULE_EXTENSIONS.map((e) => `${normalized}/index${e}`),
  ]
  return candidates.find((c) => /\.[cm]?[jt]s$/.test(c) && host.isFile(c))
}

/** An import or export specifier's name: `hello`, or `'hello'` written as a string. */
function specName(node: AstNode | undefined): string | undefined {
  if (node === undefined) return undefined
  const name = node.name ?? node.value
  return typeof name === 'string' ? name : undefined
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
