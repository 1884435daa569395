import { type AnyNode, isFunctionNode, staticKey, unwrapExpression, walk } from '../ast.js'
import type { SourceRange } from './error-branches.js'

/**
 * The syntax around a `try` whose catch lets the error through: the catch completes normally for
 * every error (it swallows them) or for some (`if (e.code !== 'ERR_JWT_EXPIRED') throw e`), so the
 * statements after the `try` run although the protected code threw. Which of them still depend on
 * the protected code having returned is read from the variables it assigns.
 */

function contains(outer: SourceRange, inner: SourceRange): boolean {
  return outer.start <= inner.start && inner.end <= outer.end
}

/** Walks the code of one function: nested functions run at other times, with flows of their own. */
function walkOwn(root: AnyNode, visit: (node: AnyNode) => void): void {
  walk(root, (node) => {
    if (node !== root && isFunctionNode(node)) return false
    visit(node)
    return undefined
  })
}

/** A `return` or `throw` written in the code (an early exit on some path counts). */
function mayExit(node: AnyNode | null | undefined): boolean {
  let exits = false
  if (node)
    walkOwn(node, (n) => {
      if (n.type === 'ReturnStatement' || n.type === 'ThrowStatement') exits = true
    })
  return exits
}

/** The catch clause of the `try` exists and never leaves it: no `return`, `throw` or rethrow. */
export function swallows(tryNode: AnyNode): boolean {
  return tryNode.handler != null && !mayExit(tryNode.handler.body)
}

/** A `break` in the switch's own code that ends it (not one of a loop or switch inside it). */
function breaksOut(switchNode: AnyNode): boolean {
  let breaks = false
  for (const c of switchNode.cases as AnyNode[]) {
    for (const statement of c.consequent as AnyNode[]) {
      walkOwn(statement, (n) => {
        if (n.type === 'BreakStatement' && (n.label || !breakableInside(statement, n)))
          breaks = true
      })
    }
  }
  return breaks
}

/** A loop or switch between the statement and the `break` in it, which that `break` ends instead. */
function breakableInside(statement: AnyNode, breakNode: AnyNode): boolean {
  let inner = false
  walkOwn(statement, (n) => {
    const breakable = /^(For|ForIn|ForOf|While|DoWhile|Switch)Statement$/.test(n.type)
    if (breakable && contains(n, breakNode)) inner = true
  })
  return inner
}

/**
 * How far a statement's paths are followed: the module (to read the helpers it calls), whether a
 * `return` leaves (it does from the authorizer; from a helper it only returns to the caller), and
 * how deep into helpers (calls of calls) the reading has gone.
 */
interface Flow {
  readonly program: AnyNode
  readonly returnLeaves: boolean
  readonly depth: number
}

const MAX_HELPER_DEPTH = 3

/**
 * Every path through the statement leaves the function with a `return` or `throw`, or calls a
 * helper of the module that always throws (`unauthorized(reason)`): it never completes normally.
 * Loops and labels are taken to complete.
 */
function alwaysLeaves(node: AnyNode | null | undefined, flow: Flow): boolean {
  if (!node) return false
  switch (node.type) {
    case 'ReturnStatement':
      return flow.returnLeaves
    case 'ThrowStatement':
      return true
    case 'ExpressionStatement':
      return callNeverReturns(node.expression, flow)
    case 'BlockStatement':
      return (node.body as AnyNode[]).some((statement) => alwaysLeaves(statement, flow))
    case 'IfStatement':
      return alwaysLeaves(node.consequent, flow) && alwaysLeaves(node.alternate, flow)
    case 'TryStatement':
      return (
        alwaysLeaves(node.finalizer, flow) ||
        (alwaysLeaves(node.block, flow) && (!node.handler || alwaysLeaves(node.handler.body, flow)))
      )
    case 'SwitchStatement': {
      // Cases fall through to the last one, so with a `default` and no `break` that one decides.
      const cases = node.cases as AnyNode[]
      const last = cases[cases.length - 1]
      return (
        cases.some((c) => c.test == null) &&
        !breaksOut(node) &&
        (last.consequent as AnyNode[]).some((statement) => alwaysLeaves(statement, flow))
      )
    }
    default:
      return false
  }
}

/**
 * The expression calls a function of the module whose every path throws, so the call never
 * returns: `unauthorized(error.code)`, or `await deny()` for an async one (not awaited, an async
 * helper's throw is only a rejected promise, and the code after the call runs).
 */
function callNeverReturns(expression: AnyNode, flow: Flow): boolean {
  let call = unwrapExpression(expression)
  const awaited = call.type === 'AwaitExpression'
  if (awaited) call = unwrapExpression(call.argument)
  if (call.type !== 'CallExpression' || call.callee.type !== 'Identifier') return false
  if (flow.depth >= MAX_HELPER_DEPTH) return false
  const helper = localFunction(flow.program, call.callee.name)
  if (!helper || helper.generator || (helper.async && !awaited)) return false
  if (helper.body.type !== 'BlockStatement') return false
  return alwaysLeaves(helper.body, { ...flow, returnLeaves: false, depth: flow.depth + 1 })
}

/** The function declared in the module under the name, or a `const` bound to one. */
function localFunction(program: AnyNode, name: string): AnyNode | undefined {
  let found: AnyNode | undefined
  walk(program, (node) => {
    if (found) return false
    if (node.type === 'FunctionDeclaration' && node.id?.name === name) found = node
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) {
      const init = unwrapExpression(node.init)
      if (node.id.name === name && isFunctionNode(init)) found = init
    }
    return undefined
  })
  return found
}

const fromAuthorizer = (program: AnyNode): Flow => ({ program, returnLeaves: true, depth: 0 })

/**
 * The catch clause of the `try` completes normally for some errors at least: it swallows them all,
 * or rethrows only some (`if (e.name !== 'TokenExpiredError') throw e`). `program` is the module
 * the `try` is written in.
 */
export function fallsThrough(tryNode: AnyNode, program: AnyNode): boolean {
  return tryNode.handler != null && !alwaysLeaves(tryNode.handler.body, fromAuthorizer(program))
}

/**
 * The node, written in the catch clause of the `try`, lies on a path that leaves the function
 * (`if (e.code !== 'ERR_JWT_EXPIRED') return deny`), not on one falling through to after the `try`.
 */
export function onLeavingPath(tryNode: AnyNode, node: SourceRange, program: AnyNode): boolean {
  const body = tryNode.handler?.body
  if (!body) return false
  const flow = fromAuthorizer(program)
  let leaves = false
  walkOwn(body, (n) => {
    if (contains(n, node) && alwaysLeaves(n, flow)) leaves = true
  })
  return leaves
}

/** The innermost function whose code holds the range, or the program for top-level code. */
function enclosingFunction(program: AnyNode, range: SourceRange): AnyNode {
  let found = program
  walk(program, (node) => {
    if (!contains(node, range)) return false
    if (isFunctionNode(node)) found = node
    return undefined
  })
  return found
}

/** The statements that run after the `try` completes: those after it in its block. */
function statementsAfter(fn: AnyNode, tryNode: AnyNode): AnyNode[] {
  let after: AnyNode[] = []
  walkOwn(fn, (node) => {
    const list: AnyNode[] | undefined =
      node.type === 'SwitchCase'
        ? node.consequent
        : Array.isArray(node.body)
          ? node.body
          : undefined
    const index = list?.indexOf(tryNode) ?? -1
    if (list && index >= 0) after = list.slice(index + 1)
  })
  return after
}

/** The expression reads one of the variables (member names and object keys are not reads). */
function readsAny(node: AnyNode, names: ReadonlySet<string>): boolean {
  let reads = false
  walk(node, (n) => {
    if (reads) return false
    if (n.type === 'Identifier' && names.has(n.name)) reads = true
    if (n.type === 'MemberExpression' && !n.computed) {
      reads = readsAny(n.object, names)
      return false
    }
    if (n.type === 'Property' && !n.computed) {
      reads = readsAny(n.value, names)
      return false
    }
    return undefined
  })
  return reads
}

/** The names a pattern binds or assigns: `claims`, `{ payload }`, `[a, b]`. */
function boundNames(pattern: AnyNode | null | undefined, into: Set<string>): void {
  if (!pattern) return
  walk(pattern, (n) => {
    if (n.type === 'Identifier') into.add(n.name)
    if (n.type === 'MemberExpression') return false
    if (n.type === 'Property') {
      boundNames(n.value, into)
      return false
    }
    if (n.type === 'AssignmentPattern') {
      boundNames(n.left, into)
      return false
    }
    return undefined
  })
}

/**
 * The variables that tell whether the protected code returned: those assigned in the `try` or its
 * catch (`claims = jwt.verify(…)`, `failed = true`), and those computed from them afterwards,
 * before `until` (`const ok = Boolean(claims)`).
 */
function outcomeVariables(tryNode: AnyNode, after: AnyNode[], until: number): Set<string> {
  const names = new Set<string>()
  for (const part of [tryNode.block, tryNode.handler?.body]) {
    if (!part) continue
    walkOwn(part, (n) => {
      if (n.type === 'AssignmentExpression') boundNames(n.left, names)
      if (n.type === 'UpdateExpression') boundNames(n.argument, names)
    })
  }
  for (const statement of after) {
    walkOwn(statement, (n) => {
      if (n.start >= until) return
      if (n.type === 'VariableDeclarator' && n.init && readsAny(n.init, names))
        boundNames(n.id, names)
      if (n.type === 'AssignmentExpression' && readsAny(n.right, names)) boundNames(n.left, names)
    })
  }
  return names
}

/**
 * Between the `try` and the allow, a test of the outcome decides whether the allow is reached:
 * the allow sits in a branch of it (`if (claims) return allow`, `claims ? allow : deny`,
 * `claims && allow`), or a branch of it leaves early (`if (!claims) return deny`).
 */
function guarded(after: AnyNode[], allow: SourceRange, names: ReadonlySet<string>): boolean {
  let guard = false
  for (const statement of after) {
    if (statement.start >= allow.start) break
    walkOwn(statement, (n) => {
      if (guard || n.start >= allow.start) return
      const test =
        n.type === 'IfStatement' || n.type === 'ConditionalExpression'
          ? n.test
          : n.type === 'LogicalExpression'
            ? n.left
            : n.type === 'SwitchStatement'
              ? n.discriminant
              : undefined
      if (!test || !readsAny(test, names)) return
      guard = contains(n, allow) || mayExit(n)
    })
  }
  return guard
}

/** The expression is a variable of the outcome or one of its members: `result`, `auth.response`. */
function isOutcome(node: AnyNode, names: ReadonlySet<string>): boolean {
  let root = unwrapExpression(node)
  while (root.type === 'MemberExpression') root = unwrapExpression(root.object)
  return root.type === 'Identifier' && names.has(root.name)
}

const DECISIONS = new Set(['isAuthorized', 'Effect'])

/** An object literal that takes its decision from the outcome: `{ isAuthorized: valid }`. */
function objectDecidedBy(node: AnyNode, names: ReadonlySet<string>): boolean {
  let decided = false
  walkOwn(node, (n) => {
    if (n.type === 'Property' && DECISIONS.has(staticKey(n.key, n.computed) ?? ''))
      decided ||= readsAny(n.value, names)
  })
  return decided
}

/**
 * The allow is the outcome (`return result`, `Effect: effect`), an object literal deciding from it
 * (`{ isAuthorized: valid }`), or a call handed a decision taken from it (`policy(sub, effect,
 * arn)`); `decisive` tells which arguments are decisions rather than a principal or a resource.
 */
function decidedByOutcome(
  allow: AnyNode,
  names: ReadonlySet<string>,
  decisive: (argument: number) => boolean,
): boolean {
  const node = unwrapExpression(allow.type === 'Property' ? allow.value : allow)
  if (node.type === 'ObjectExpression') return objectDecidedBy(node, names)
  if (node.type === 'CallExpression' || node.type === 'NewExpression') {
    return (node.arguments as AnyNode[]).some(
      (argument, index) => decisive(index) && readsAny(argument, names),
    )
  }
  return isOutcome(node, names)
}

/**
 * A variable of the outcome left unset when the protected code threw (`let claims`), whose members
 * are read without `?.` before the allow or in its statement: on that path the authorizer throws a
 * TypeError, and API Gateway answers an error, not an allow.
 */
function throwsWhenUnset(
  fn: AnyNode,
  after: AnyNode[],
  allow: SourceRange,
  names: ReadonlySet<string>,
): boolean {
  const unset = new Set<string>()
  walkOwn(fn, (n) => {
    if (n.type !== 'VariableDeclarator' || n.id.type !== 'Identifier' || !names.has(n.id.name))
      return
    const init = n.init && unwrapExpression(n.init)
    const empty =
      !init ||
      (init.type === 'Literal' && init.value === null) ||
      (init.type === 'Identifier' && init.name === 'undefined')
    if (empty) unset.add(n.id.name)
  })
  if (unset.size === 0) return false
  let throws = false
  for (const statement of after) {
    if (statement.start >= allow.end) break
    walkOwn(statement, (n) => {
      const object = n.type === 'MemberExpression' && !n.optional && unwrapExpression(n.object)
      if (object && object.type === 'Identifier' && unset.has(object.name)) throws = true
    })
  }
  return throws
}

/**
 * The allow runs after the `try` in the same function whatever the protected code did: the catch
 * falls through for some errors at least, the allow follows the `try` in its block, no test of the
 * outcome stands between them, and it is not decided by the outcome. `program` is the module the
 * `try` is written in; without `decisive`, every argument of a call may be a decision.
 */
export function allowsAfterCatch(
  program: AnyNode,
  tryNode: AnyNode,
  allow: AnyNode,
  decisive: (argument: number) => boolean = () => true,
): boolean {
  if (allow.start < tryNode.end || !fallsThrough(tryNode, program)) return false
  const fn = enclosingFunction(program, tryNode)
  if (enclosingFunction(program, allow) !== fn) return false
  const after = statementsAfter(fn, tryNode)
  if (!after.some((statement) => contains(statement, allow))) return false
  const names = outcomeVariables(tryNode, after, allow.start)
  return (
    !decidedByOutcome(allow, names, decisive) &&
    !guarded(after, allow, names) &&
    !throwsWhenUnset(fn, after, allow, names)
  )
}
