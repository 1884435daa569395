import { type AnyNode, alwaysExits, isFunctionNode, unwrapExpression, walk } from '../ast.js'

/** A stretch of source, by offsets: a node, or the statements after an early exit. */
export interface SourceRange {
  readonly start: number
  readonly end: number
}

/** The expression reads the error: `err`, `err.name`, `err.message.includes('expired')`. */
function readsError(node: AnyNode, err: string): boolean {
  const n = unwrapExpression(node)
  if (n.type === 'Identifier') return n.name === err
  if (n.type === 'MemberExpression') return readsError(n.object, err)
  if (n.type === 'CallExpression') return readsError(n.callee, err)
  return false
}

function isNullish(node: AnyNode): boolean {
  const n = unwrapExpression(node)
  return (
    (n.type === 'Literal' && n.value === null) ||
    (n.type === 'Identifier' && n.name === 'undefined')
  )
}

/**
 * Which way a test goes when the call failed: `true` when it can hold with an error (`err`,
 * `err != null`, `err || !decoded`, `err.name === 'TokenExpiredError'`), `false` when it holds
 * only without one (`!err`, `err === null`, `!err && decoded`), `undefined` when it does not
 * look at the error.
 */
function holdsOnError(test: AnyNode, err: string): boolean | undefined {
  const node = unwrapExpression(test)
  if (node.type === 'UnaryExpression' && node.operator === '!') {
    const inner = holdsOnError(node.argument, err)
    return inner === undefined ? undefined : !inner
  }
  if (node.type === 'LogicalExpression') {
    const sides = [holdsOnError(node.left, err), holdsOnError(node.right, err)]
    if (sides.includes(true)) return true
    return sides.includes(false) ? false : undefined
  }
  if (node.type === 'BinaryExpression') {
    const bare = [node.left, node.right].some(
      (side) => readsError(side, err) && unwrapExpression(side).type === 'Identifier',
    )
    if (bare && (isNullish(node.left) || isNullish(node.right))) {
      return node.operator === '!=' || node.operator === '!=='
    }
    // `err.name === 'TokenExpiredError'`, `err instanceof JsonWebTokenError`: there is an error.
    return readsError(node.left, err) || readsError(node.right, err) ? true : undefined
  }
  return readsError(node, err) ? true : undefined
}

/**
 * The parts of an error-first callback `(err, result) => …` (jsonwebtoken's `verify`) that run
 * when the call failed: the branch of an `if` or `?:` taken with an error, and the statements after
 * `if (!err) return …`. Nested functions are callbacks of other calls, with errors of their own.
 */
export function errorBranches(callback: AnyNode): SourceRange[] {
  const first = callback.params?.[0]
  if (first?.type !== 'Identifier') return []
  const err = first.name as string
  const branches: SourceRange[] = []
  walk(callback.body, (node) => {
    if (isFunctionNode(node)) return false
    if (node.type === 'IfStatement' || node.type === 'ConditionalExpression') {
      const onError = holdsOnError(node.test, err)
      const branch = onError === true ? node.consequent : onError === false ? node.alternate : null
      if (branch) branches.push(branch)
    } else if (node.type === 'BlockStatement') {
      const body = node.body as AnyNode[]
      const exit = body.findIndex(
        (s) =>
          s.type === 'IfStatement' &&
          !s.alternate &&
          alwaysExits(s.consequent) &&
          holdsOnError(s.test, err) === false,
      )
      const rest = body.slice(exit + 1)
      if (exit >= 0 && rest.length > 0)
        branches.push({ start: rest[0].start, end: rest[rest.length - 1].end })
    }
    return undefined
  })
  return branches
}
