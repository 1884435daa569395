import { parseSync } from 'oxc-parser'

/** What a module exports, as far as a static read can tell. */
export interface ModuleExports {
  readonly names: ReadonlySet<string>
  /** `export * from`, `module.exports = something()`: more names may exist. */
  readonly open: boolean
}

interface AstNode {
  readonly type: string
  readonly [key: string]: unknown
}

/**
 * The names a JS/TS module exports: ESM exports, `exports.x =`, `module.exports.x =` and
 * `module.exports = { x, y }`. Undefined when the file does not parse.
 *
 * @example
 * moduleExports('h.ts', 'export const handler = async () => {}') // { names: Set {'handler'}, open: false }
 */
export function moduleExports(file: string, text: string): ModuleExports | undefined {
  let result: ReturnType<typeof parseSync>
  try {
    result = parseSync(file, text)
  } catch {
    return undefined
  }
  if (result.errors.length > 0) return undefined
  const names = new Set<string>()
  let open = false
  for (const statement of result.module.staticExports) {
    for (const e of statement.entries) {
      if (e.exportName.kind === 'Name' && e.exportName.name !== null) names.add(e.exportName.name)
      else if (e.exportName.kind === 'Default') names.add('default')
      else open = true
    }
  }
  for (const statement of (result.program as unknown as { body: AstNode[] }).body) {
    if (statement.type !== 'ExpressionStatement') continue
    const expr = statement.expression as AstNode
    if (expr.type !== 'AssignmentExpression') continue
    const left = expr.left as AstNode
    const right = expr.right as AstNode
    const target = memberPath(left)
    if (target === undefined) continue
    if (target.length === 2 && target[0] === 'exports') names.add(target[1] as string)
    else if (target.length === 3 && target[0] === 'module' && target[1] === 'exports')
      names.add(target[2] as string)
    else if (target.length === 2 && target[0] === 'module' && target[1] === 'exports') {
      if (right.type !== 'ObjectExpression') {
        open = true
        continue
      }
      for (const p of right.properties as AstNode[]) {
        if (p.type !== 'Property') {
          open = true
          continue
        }
        const key = p.key as AstNode
        if (key.type === 'Identifier') names.add(key.name as string)
        else if (key.type === 'Literal') names.add(String(key.value))
      }
    }
  }
  return { names, open }
}

function memberPath(node: AstNode): string[] | undefined {
  if (node.type === 'Identifier') return [node.name as string]
  if (node.type !== 'MemberExpression' || node.computed === true) return undefined
  const object = memberPath(node.object as AstNode)
  const property = node.property as AstNode
  if (object === undefined || property.type !== 'Identifier') return undefined
  return [...object, property.name as string]
}

/** Whether a Python or Ruby source defines a top-level function `name`. */
export function definesFunction(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^(async\\s+)?def\\s+${escaped}\\b|^${escaped}\\s*=`, 'm').test(text)
}
