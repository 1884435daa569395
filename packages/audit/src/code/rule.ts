import type {
  AssignmentExpression,
  CallExpression,
  NewExpression,
  Node,
  ObjectExpression,
} from 'oxc-parser'
// Code rules carry the same identity and docs as configuration rules: one shape for
// `bulwark rules`, SARIF `help` and the HTML report.
import type { Severity } from '../findings.js'
import type { RuleDocs, RuleMeta } from '../rules/types.js'
import type { ParsedModule } from './parse.js'
import type { Value } from './values.js'

export type { RuleDocs, RuleMeta }

/** Where something happens: a node of a parsed module. */
export interface Site {
  readonly module: ParsedModule
  readonly node: Node
}

/** A call or `new` the engine evaluated, with the abstract values of everything involved. */
export interface CallSite extends Site {
  readonly node: CallExpression | NewExpression
  readonly callee: Value
  /** The called name: `exec` for `cp.exec(…)`, `query` for `pool.query(…)`, `` when not nameable. */
  readonly name: string
  readonly receiver: Value | undefined
  /** The last name of the receiver: `console`, `logger` (also for `this.logger`), `res`. */
  readonly receiverName: string | undefined
  /** The receiver is a variable declared at module level (it outlives an invocation). */
  readonly receiverIsModuleScope: boolean
  readonly args: readonly Value[]
  readonly isNew: boolean
  /** What the call returns, as the engine computed it (the same object the caller then holds). */
  readonly result: Value
}

/** An object literal once all its properties are evaluated. */
export interface ObjectSite extends Site {
  readonly node: ObjectExpression
  /** Each property with a known key (as written, case kept), its value and its node. */
  readonly props: ReadonlyMap<string, { readonly value: Value; readonly node: Node }>
}

/** A value stored somewhere: a variable (`x = …`, `const x = …`) or a property (`o.x = …`). */
export interface StoreSite extends Site {
  /** The variable or property name written. */
  readonly name: string
  readonly value: Value
  /** The node of the stored expression, for positions. */
  readonly valueNode: Node
  /** For property writes, the variable the object is held in, when known. */
  readonly objectName?: string
  /** The written variable (or the object whose property is written) is declared at module level. */
  readonly moduleScope: boolean
  /** `x = …` or `o.x = …` inside a function, rather than a declaration. */
  readonly isAssignment: boolean
  readonly assignment?: AssignmentExpression
}

/** A value a function answers: `return x`, or the body of an arrow function without braces. */
export interface ReturnSite extends Site {
  readonly value: Value
}

/** A member read: `event.headers.cookie`, `req.cookies.session`. */
export interface ReadSite extends Site {
  readonly object: Value
  readonly key: string | undefined
  readonly value: Value
}

/** An equality test evaluated: `a === b`, `a != b`, or a `switch` discriminant against a `case`. */
export interface CompareSite extends Site {
  readonly left: Value
  readonly right: Value
}

/**
 * A `try` statement, or a promise's `.catch(fn)` / `.then(ok, fn)`, that the engine is evaluating.
 * `try` while the protected code runs (the try block, the promise the callback is attached to);
 * `catch` while the code that runs when it failed does (the catch clause, the callback).
 */
export interface TrySite extends Site {
  readonly phase: 'try' | 'catch'
  /** The catch clause's body or the rejection callback, once it runs. */
  readonly handler: Site | undefined
}

/** What the analysis knows about the route that invokes a handler, from the template. */
export interface RouteContext {
  readonly method?: string
  readonly path?: string
  /** The template puts an authorizer (or IAM auth) in front of this route. */
  readonly authorizer: boolean
  /** The project declares the route public on purpose (config), so an open route is intended. */
  readonly declaredPublic?: boolean
}

/** The handler being analyzed, in handler mode. */
export interface HandlerContext {
  readonly functionName?: string
  /** Routes from the template; empty for functions no HTTP event triggers, absent when unknown. */
  readonly routes?: readonly RouteContext[]
  /** The package whose call wraps the handler (`@middy/core`, `@bulwark/guard`), when one does. */
  readonly wrapper?: string
}

/** What a rule can do while the engine runs. */
export interface RuleContext {
  /**
   * `handler`: following a handler from its event, values carry taint. `file`: every function of a
   * file with unknown inputs, for the rules that need no taint.
   */
  readonly mode: () => 'handler' | 'file'
  readonly handler: () => HandlerContext | undefined
  /** The `try` statements and promise `.catch` calls being evaluated now, outermost first. */
  readonly tries: () => readonly TrySite[]
  report(site: Site, message: string, severity?: Severity): void
  /** The version spec of a dependency in the project's package.json, when the analyzer knows it. */
  dependency?(name: string): string | undefined
}

/** What a rule listens to. Each hook is called by the engine as it evaluates code. */
export interface RuleHooks {
  call?(site: CallSite): void
  object?(site: ObjectSite): void
  store?(site: StoreSite): void
  read?(site: ReadSite): void
  /** A function returns a value; `node` is the returned expression. */
  return?(site: ReturnSite): void
  /** An equality comparison, for rules that need to know a value was checked against another. */
  compare?(site: CompareSite): void
  /** A string literal or template text, for formats that are wrong wherever they appear. */
  literal?(site: Site & { readonly text: string }): void
  /** The handler's evaluation is over (handler mode only). */
  finish?(site: Site): void
}

/**
 * A code rule: `meta` with its docs and `create`, which returns the hooks it listens to — the shape
 * of an ESLint rule module, over the engine's abstract values instead of raw syntax.
 *
 * @example
 * const rule: CodeRule = {
 *   meta: { id: 'no-eval', category: 'eval-or-code-injection', … },
 *   create: (ctx) => ({ call: (site) => { if (site.name === 'eval') ctx.report(site, 'eval') } }),
 * }
 */
export interface CodeRule {
  readonly meta: RuleMeta
  create(context: RuleContext): RuleHooks
}
