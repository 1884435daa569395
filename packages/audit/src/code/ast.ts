import { visitorKeys } from 'oxc-parser'

/**
 * An ESTree node seen generically. The engine handles many node kinds by their `type` and reads
 * their fields directly; the typed AST of `oxc-parser` is used at the public surface.
 */
// biome-ignore lint/suspicious/noExplicitAny: fields are read per node type after checking `type`
export type AnyNode = { type: string; start: number; end: number; [field: string]: any }

const FUNCTION_TYPES = new Set([
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
])

/** The node is a function (declaration, expression or arrow). */
export function isFunctionNode(node: AnyNode | null | undefined): boolean {
  return node != null && FUNCTION_TYPES.has(node.type)
}

/**
 * Calls `visit` on every node below `root` in source order (pre-order). Returning `false` from
 * `visit` skips that node's children.
 *
 * @example
 * walk(program, (node) => { if (node.type === 'CallExpression') calls++ })
 */
export function walk(root: AnyNode, visit: (node: AnyNode) => boolean | undefined): void {
  const stack: AnyNode[] = [root]
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode
    if (visit(node) === false) continue
    const keys = visitorKeys[node.type]
    if (keys === undefined) continue
    for (let k = keys.length - 1; k >= 0; k--) {
      const child = node[keys[k] as string]
      if (child == null) continue
      if (Array.isArray(child)) {
        for (let i = child.length - 1; i >= 0; i--) {
          const item = child[i]
          if (item != null && typeof item.type === 'string') stack.push(item)
        }
      } else if (typeof child.type === 'string') {
        stack.push(child)
      }
    }
  }
}

/** The children of a node that are nodes, in source order. */
export function childNodes(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = []
  const keys = visitorKeys[node.type]
  if (keys === undefined) return out
  for (const key of keys) {
    const child = node[key]
    if (child == null) continue
    if (Array.isArray(child)) {
      for (const item of child) if (item != null && typeof item.type === 'string') out.push(item)
    } else if (typeof child.type === 'string') out.push(child)
  }
  return out
}

/** Strips TypeScript wrappers and parentheses: `(x as Foo)!` is `x`. */
export function unwrapExpression(node: AnyNode): AnyNode {
  let n = node
  while (
    n.type === 'TSAsExpression' ||
    n.type === 'TSSatisfiesExpression' ||
    n.type === 'TSNonNullExpression' ||
    n.type === 'TSTypeAssertion' ||
    n.type === 'TSInstantiationExpression' ||
    n.type === 'ParenthesizedExpression' ||
    n.type === 'ChainExpression'
  ) {
    n = n.expression
  }
  return n
}

/** The static name of a property key or member: `a` for `x.a`, `x['a']`, `{ a: 1 }`, `{ 'a': 1 }`. */
export function staticKey(key: AnyNode, computed: boolean): string | undefined {
  if (!computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) return key.name
  if (key.type === 'Literal' && (typeof key.value === 'string' || typeof key.value === 'number')) {
    return String(key.value)
  }
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0)
    return key.quasis[0]?.value.cooked
  return undefined
}

/**
 * The last name of an expression used as a receiver or callee: `logger` for `this.logger`,
 * `console` for `console`, `query` for `db.query`.
 */
export function lastName(node: AnyNode): string | undefined {
  const n = unwrapExpression(node)
  if (n.type === 'Identifier') return n.name
  if (n.type === 'MemberExpression') return staticKey(n.property, n.computed)
  if (n.type === 'ThisExpression') return 'this'
  if (n.type === 'CallExpression') return lastName(n.callee)
  return undefined
}

/** The statement always leaves its function or loop (`return`, `throw`, or a block ending so). */
export function alwaysExits(node: AnyNode | null | undefined): boolean {
  if (node == null) return false
  switch (node.type) {
    case 'ReturnStatement':
    case 'ThrowStatement':
    case 'ContinueStatement':
    case 'BreakStatement':
      return true
    case 'BlockStatement':
      return node.body.length > 0 && alwaysExits(node.body[node.body.length - 1])
    case 'IfStatement':
      return alwaysExits(node.consequent) && alwaysExits(node.alternate)
    default:
      return false
  }
}
