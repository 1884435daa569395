import { type AnyNode, alwaysExits, lastName, staticKey, unwrapExpression, walk } from '../ast.js'
import type { SourceHost } from '../host.js'
import { type ParsedModule, parseModule } from '../parse.js'
import { resolveImport } from '../resolve.js'
import type { CallSite, HandlerContext, RuleHooks, Site, TrySite } from '../rule.js'
import {
  type ClassValue,
  Danger,
  deepTaint,
  deriveTaint,
  type FunctionNode,
  type FunctionValue,
  joinTaint,
  joinValues,
  sanitize,
  type Taint,
  UNKNOWN,
  type Value,
} from '../values.js'
import {
  argsTaint,
  ELEMENT_CALLBACK_METHODS,
  externalCallResult,
  normalizeModuleName,
  ROUTE_METHODS,
  WEB_FRAMEWORKS,
} from './builtins.js'
import { readSlot, Scope, type Slot } from './scope.js'
import {
  callSourceMethod,
  eventParameter,
  RESPONSE_PARAMETER,
  readSourceMember,
} from './sources.js'
import { concatValues } from './strings.js'

/**
 * How deep calls into the project's own functions are followed: far from a handler's event, and a
 * little in the file pass, where inputs are unknown and only builders (`createApp()`) matter.
 */
const MAX_CALL_DEPTH = 12
const MAX_FILE_CALL_DEPTH = 3
/** Statements and expressions evaluated per handler, and per module for its file pass. */
const HANDLER_BUDGET = 2_000_000
const MODULE_BUDGET = 400_000

/** A module of the project as the engine knows it once its top level ran. */
export interface ModuleRecord {
  readonly mod: ParsedModule
  readonly scope: Scope
  /** `module` as the code sees it: `{ exports }`. */
  readonly moduleObject: Value
  /** ESM exports by name, read lazily since they are live bindings. */
  readonly esm: Map<string, () => Value>
  /** Modules re-exported with `export * from`. */
  readonly stars: string[]
  hasEsm: boolean
}

/** A problem that kept part of the project from being analyzed. */
export interface AnalysisError {
  readonly file: string
  readonly message: string
}

interface Frame {
  returned: Value | undefined
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const nodeIds = new WeakMap<object, number>()
let nextNodeId = 1
function idOf(o: object): number {
  let id = nodeIds.get(o)
  if (id === undefined) {
    id = nextNodeId++
    nodeIds.set(o, id)
  }
  return id
}

function signature(v: Value | undefined): string {
  if (v === undefined || v === UNKNOWN) return '-'
  const t = v.taint
  let s = t ? `${t.sources}.${t.danger}.${t.whole}${t.objectCapable ? 'o' : ''}` : ''
  if (v.shape) s += v.shape
  if (v.fns) for (const f of v.fns) s += `f${idOf(f.node)}`
  if (v.props) s += `p${idOf(v.props)}`
  if (v.api) s += `a${v.api.module}:${v.api.path.join('.')}`
  if (v.str !== undefined) s += `s${v.str.slice(0, 40)}`
  if (v.random) s += 'r'
  if (v.identity) s += 'i'
  if (v.handlers) s += `h${v.handlers.length}`
  return s
}

/**
 * An abstract interpreter over the project's JS/TS: it runs each module's top level once, follows
 * calls into the project's own functions, and carries what rules care about (taint from the event,
 * package APIs, constants) in abstract values. Rules listen through hooks.
 */
export class Engine {
  private readonly parsed = new Map<string, ParsedModule | null>()
  private readonly modules = new Map<string, ModuleRecord | null>()
  private readonly closures = new Map<AnyNode, Scope>()
  private readonly resolved = new Map<string, string | undefined>()
  private readonly created = new Map<ParsedModule, AnyNode[]>()
  private readonly swept = new Set<AnyNode>()
  private memo = new Map<string, Value>()
  private invoked = new Set<AnyNode>()
  private readonly active = new Set<AnyNode>()
  private readonly frames: Frame[] = []
  /** The `try` statements and promise `.catch` calls being evaluated, for `RuleContext.tries`. */
  private tryStack: Mutable<TrySite>[] = []
  private cond = 0
  private depth = 0
  private sweeping = false
  private budget = MODULE_BUDGET
  private modeNow: 'handler' | 'file' = 'file'
  private handlerNow: HandlerContext | undefined
  readonly errors: AnalysisError[] = []

  private readonly callHooks: NonNullable<RuleHooks['call']>[] = []
  private readonly objectHooks: NonNullable<RuleHooks['object']>[] = []
  private readonly storeHooks: NonNullable<RuleHooks['store']>[] = []
  private readonly readHooks: NonNullable<RuleHooks['read']>[] = []
  private readonly returnHooks: NonNullable<RuleHooks['return']>[] = []
  private readonly compareHooks: NonNullable<RuleHooks['compare']>[] = []
  private readonly literalHooks: NonNullable<RuleHooks['literal']>[] = []
  private readonly finishHooks: NonNullable<RuleHooks['finish']>[] = []

  constructor(readonly host: SourceHost) {}

  /** Adds a rule's hooks. */
  listen(hooks: RuleHooks): void {
    if (hooks.call) this.callHooks.push(hooks.call)
    if (hooks.object) this.objectHooks.push(hooks.object)
    if (hooks.store) this.storeHooks.push(hooks.store)
    if (hooks.read) this.readHooks.push(hooks.read)
    if (hooks.return) this.returnHooks.push(hooks.return)
    if (hooks.compare) this.compareHooks.push(hooks.compare)
    if (hooks.literal) this.literalHooks.push(hooks.literal)
    if (hooks.finish) this.finishHooks.push(hooks.finish)
  }

  get mode(): 'handler' | 'file' {
    return this.modeNow
  }

  /** A module's top level is running (what a cold start runs), not the file pass's functions. */
  get initializing(): boolean {
    return this.modeNow === 'file' && !this.sweeping
  }

  get handler(): HandlerContext | undefined {
    return this.handlerNow
  }

  get tries(): readonly TrySite[] {
    return this.tryStack
  }

  /** Parses a project file once; `undefined` when it cannot be read. */
  parse(file: string): ParsedModule | undefined {
    const cached = this.parsed.get(file)
    if (cached !== undefined) return cached ?? undefined
    const text = this.host.read(file)
    if (text === undefined) {
      this.parsed.set(file, null)
      return undefined
    }
    const mod = parseModule(file, text)
    if (mod.errors.length > 0) this.errors.push({ file, message: `syntax: ${mod.errors[0]}` })
    this.parsed.set(file, mod)
    return mod
  }

  /**
   * Runs a module's top level (once) and then every function in it that the top level did not
   * run, with unknown inputs: the file pass. Returns its record, for exports.
   */
  moduleRecord(file: string): ModuleRecord | undefined {
    const existing = this.modules.get(file)
    if (existing !== undefined) return existing ?? undefined
    const mod = this.parse(file)
    if (mod === undefined) {
      this.modules.set(file, null)
      return undefined
    }
    const scope = new Scope(undefined, mod, 'module')
    const exportsObject: Value = { props: new Map() }
    const moduleObject: Value = { props: new Map([['exports', exportsObject]]) }
    const record: ModuleRecord = {
      mod,
      scope,
      moduleObject,
      esm: new Map(),
      stars: [],
      hasEsm: false,
    }
    this.modules.set(file, record)
    const saved = this.enter('file', undefined, MODULE_BUDGET)
    try {
      scope.declare('module', moduleObject, 0)
      scope.declare('exports', exportsObject, 0)
      scope.declare('__dirname', UNKNOWN, 0)
      scope.declare('__filename', UNKNOWN, 0)
      const body = mod.program.body as AnyNode[]
      this.hoist(body, scope)
      for (const stmt of body) this.execTop(stmt, record)
      this.sweep(mod)
    } catch (error) {
      this.errors.push({ file, message: `analysis stopped: ${(error as Error).message}` })
    } finally {
      this.restore(saved)
    }
    if (this.budget < 0) this.errors.push({ file, message: 'analysis budget exhausted' })
    return record
  }

  /** The value a module exports under a name (`default` included), CommonJS or ESM. */
  exportOf(record: ModuleRecord, name: string, seen = new Set<ModuleRecord>()): Value {
    if (seen.has(record)) return UNKNOWN
    seen.add(record)
    const esm = record.esm.get(name)
    if (esm) return esm()
    const cjs = record.moduleObject.props?.get('exports') ?? UNKNOWN
    const named = cjs.props?.get(name)
    if (named) return named
    if (name === 'default' && !record.hasEsm) return cjs
    if (name !== 'default') {
      for (const star of record.stars) {
        const target = this.moduleRecord(star)
        if (target) {
          const v = this.exportOf(target, name, seen)
          if (v !== UNKNOWN) return v
        }
      }
    }
    if (name === 'default') return cjs
    return UNKNOWN
  }

  /** A module's namespace: what `require()` or `import * as` gives. */
  namespaceOf(record: ModuleRecord): Value {
    if (record.hasEsm) return { moduleFile: record.mod.file }
    return record.moduleObject.props?.get('exports') ?? UNKNOWN
  }

  /**
   * Follows a handler from its event: calls `fn` in handler mode with the event (or request) as
   * tainted input, then lets rules conclude.
   */
  runHandler(fn: FunctionValue, context: HandlerContext): void {
    const saved = this.enter('handler', context, HANDLER_BUDGET)
    const savedMemo = this.memo
    const savedInvoked = this.invoked
    this.memo = new Map()
    this.invoked = new Set()
    try {
      this.call(fn, this.entryArguments(fn), fn.self)
      for (const finish of this.finishHooks) finish({ module: fn.module, node: fn.node })
    } catch (error) {
      this.errors.push({
        file: fn.module.file,
        message: `analysis stopped: ${(error as Error).message}`,
      })
    } finally {
      this.memo = savedMemo
      this.invoked = savedInvoked
      this.restore(saved)
    }
  }

  private entryArguments(fn: FunctionValue): Value[] {
    const first = fn.node.params[0] as AnyNode | undefined
    const name = first?.type === 'Identifier' ? first.name : fn.route ? 'req' : 'event'
    return [eventParameter(name, fn.route === true), RESPONSE_PARAMETER, UNKNOWN]
  }

  private enter(mode: 'handler' | 'file', handler: HandlerContext | undefined, budget: number) {
    const saved = {
      mode: this.modeNow,
      handler: this.handlerNow,
      cond: this.cond,
      depth: this.depth,
      budget: this.budget,
      sweeping: this.sweeping,
      tryStack: this.tryStack,
    }
    // A module loaded while a handler runs is not inside the handler's `try` statements.
    this.tryStack = []
    this.sweeping = false
    this.modeNow = mode
    this.handlerNow = handler
    this.cond = 0
    this.depth = 0
    this.budget = budget
    return saved
  }

  private restore(saved: ReturnType<Engine['enter']>): void {
    this.modeNow = saved.mode
    this.handlerNow = saved.handler
    this.cond = saved.cond
    this.depth = saved.depth
    this.budget = saved.budget
    this.sweeping = saved.sweeping
    this.tryStack = saved.tryStack
  }

  /** Evaluates, with unknown inputs, every function of a module that nothing evaluated yet. */
  private sweep(mod: ParsedModule): void {
    const wasSweeping = this.sweeping
    this.sweeping = true
    try {
      // Functions created while the module ran; running them creates the ones nested in them,
      // which join the end of the list.
      const pending = this.created.get(mod) ?? []
      for (let i = 0; i < pending.length; i++) {
        const node = pending[i] as AnyNode
        if (this.swept.has(node) || this.budget < 0) continue
        const scope = this.closures.get(node)
        if (scope === undefined) continue
        const fn: FunctionValue = { node: node as FunctionNode, module: mod, scope }
        this.call(fn, [], undefined)
      }
    } finally {
      this.sweeping = wasSweeping
    }
  }

  // ---------------------------------------------------------------- module top level

  private execTop(stmt: AnyNode, record: ModuleRecord): void {
    const scope = record.scope
    const file = record.mod.file
    switch (stmt.type) {
      case 'ImportDeclaration':
        record.hasEsm = true
        return
      case 'ExportNamedDeclaration': {
        record.hasEsm = true
        if (stmt.exportKind === 'type') return
        if (stmt.declaration) {
          this.exec(stmt.declaration, scope)
          for (const name of declaredNames(stmt.declaration)) {
            record.esm.set(name, () => {
              const slot = scope.lookup(name)
              return slot ? readSlot(slot) : UNKNOWN
            })
          }
          return
        }
        const source = stmt.source?.value as string | undefined
        for (const spec of stmt.specifiers as AnyNode[]) {
          const exported = spec.exported.name ?? spec.exported.value
          const local = spec.local.name ?? spec.local.value
          if (source !== undefined) {
            record.esm.set(exported, () => this.importValue(file, source, local))
          } else {
            record.esm.set(exported, () => {
              const slot = scope.lookup(local)
              return slot ? readSlot(slot) : UNKNOWN
            })
          }
        }
        return
      }
      case 'ExportDefaultDeclaration': {
        record.hasEsm = true
        const decl = stmt.declaration as AnyNode
        let value: Value
        if (decl.type === 'FunctionDeclaration') {
          value = decl.id
            ? readSlot(scope.lookup(decl.id.name) as Slot)
            : this.makeFunction(decl, scope)
        } else if (decl.type === 'ClassDeclaration') {
          value = this.evalClass(decl, scope)
          if (decl.id) scope.declare(decl.id.name, value, 0)
        } else {
          value = this.eval(decl, scope)
        }
        record.esm.set('default', () => value)
        return
      }
      case 'ExportAllDeclaration': {
        record.hasEsm = true
        const source = stmt.source.value as string
        if (stmt.exported) {
          const name = stmt.exported.name ?? stmt.exported.value
          record.esm.set(name, () => {
            const target = resolveImport(this.host, file, source)
            const rec = target ? this.moduleRecord(target) : undefined
            return rec ? this.namespaceOf(rec) : { api: normalizeModuleName(source) }
          })
        } else {
          const target = resolveImport(this.host, file, source)
          if (target) record.stars.push(target)
        }
        return
      }
      case 'TSExportAssignment': {
        const value = this.eval(stmt.expression, scope)
        record.moduleObject.props?.set('exports', value)
        return
      }
      default:
        this.exec(stmt, scope)
    }
  }

  /** What an import names: a project module's export (loaded lazily) or a package API. */
  importValue(fromFile: string, specifier: string, name: string): Value {
    const target = this.resolve(fromFile, specifier)
    if (target !== undefined) {
      const record = this.moduleRecord(target)
      if (record === undefined) return UNKNOWN
      return name === '*' ? this.namespaceOf(record) : this.exportOf(record, name)
    }
    const api = normalizeModuleName(specifier)
    if (name === '*' || name === 'default') return { api }
    return { api: { module: api.module, path: [...api.path, name] } }
  }

  /** Resolves an import, once per importing folder and specifier. */
  private resolve(fromFile: string, specifier: string): string | undefined {
    const key = `${fromFile.slice(0, fromFile.lastIndexOf('/') + 1)}\u0000${specifier}`
    if (this.resolved.has(key)) return this.resolved.get(key)
    const target = resolveImport(this.host, fromFile, specifier)
    this.resolved.set(key, target)
    return target
  }

  private requireValue(fromFile: string, args: readonly Value[]): Value {
    const specifier = args[0]?.str
    if (specifier === undefined) return UNKNOWN
    return this.importValue(fromFile, specifier, '*')
  }

  /** Declares functions, classes and imports of a block before its statements run. */
  private hoist(body: readonly AnyNode[], scope: Scope): void {
    for (const raw of body) {
      const stmt =
        (raw.type === 'ExportNamedDeclaration' || raw.type === 'ExportDefaultDeclaration') &&
        raw.declaration
          ? (raw.declaration as AnyNode)
          : raw
      if (stmt.type === 'FunctionDeclaration' && stmt.id && stmt.body) {
        scope.declare(stmt.id.name, this.makeFunction(stmt, scope), this.cond)
      } else if (stmt.type === 'ImportDeclaration' && stmt.importKind !== 'type') {
        const source = stmt.source.value as string
        for (const spec of stmt.specifiers as AnyNode[]) {
          if (spec.importKind === 'type') continue
          const name =
            spec.type === 'ImportDefaultSpecifier'
              ? 'default'
              : spec.type === 'ImportNamespaceSpecifier'
                ? '*'
                : (spec.imported.name ?? spec.imported.value)
          const slot = scope.declare(spec.local.name, UNKNOWN, 0)
          const from = scope.module.file
          slot.lazy = () => this.importValue(from, source, name)
        }
      } else if (
        stmt.type === 'TSImportEqualsDeclaration' &&
        stmt.moduleReference?.type === 'TSExternalModuleReference'
      ) {
        const source = stmt.moduleReference.expression.value as string
        const slot = scope.declare(stmt.id.name, UNKNOWN, 0)
        const from = scope.module.file
        slot.lazy = () => this.importValue(from, source, '*')
      }
    }
  }

  // ---------------------------------------------------------------- functions and classes

  makeFunction(node: AnyNode, scope: Scope, self?: Value): Value {
    this.remember(node, scope)
    const fn: Mutable<FunctionValue> = { node: node as FunctionNode, module: scope.module, scope }
    if (self) fn.self = self
    return { fns: [fn] }
  }

  /** Keeps the scope a function closes over, so the file pass can run it later. */
  private remember(node: AnyNode, scope: Scope): void {
    if (this.closures.has(node)) return
    this.closures.set(node, scope)
    let list = this.created.get(scope.module)
    if (list === undefined) {
      list = []
      this.created.set(scope.module, list)
    }
    list.push(node)
  }

  /** Calls a project function with abstract arguments; the join of what it returns. */
  call(fn: FunctionValue, args: readonly Value[], self: Value | undefined): Value {
    const node = fn.node as AnyNode
    this.invoked.add(node)
    if (this.modeNow === 'file') this.swept.add(node)
    // The sweep looks at each function's own body: its callees are swept on their own.
    const maxDepth =
      this.modeNow === 'handler' ? MAX_CALL_DEPTH : this.sweeping ? 1 : MAX_FILE_CALL_DEPTH
    if (this.depth >= maxDepth || this.active.has(node) || this.budget < 0) return UNKNOWN
    if (!node.body) return UNKNOWN
    let key = `${this.modeNow}${idOf(node)}:${fn.scope.id}:${signature(self ?? fn.self)}`
    for (const a of args) key += `|${signature(a)}`
    const cached = this.memo.get(key)
    if (cached !== undefined) return cached
    this.memo.set(key, UNKNOWN)
    this.active.add(node)
    this.depth++
    const scope = new Scope(fn.scope as Scope, fn.module, 'function')
    const frame: Frame = { returned: undefined }
    this.frames.push(frame)
    try {
      if (node.type !== 'ArrowFunctionExpression') {
        scope.declare('this', self ?? fn.self ?? UNKNOWN, this.cond)
        scope.declare('arguments', { taint: argsTaint(args) } as Value, this.cond)
        if (node.id && node.type === 'FunctionExpression')
          scope.declare(node.id.name, { fns: [fn] }, this.cond)
      }
      const params = node.params as AnyNode[]
      for (let i = 0; i < params.length; i++) {
        const param = params[i] as AnyNode
        if (param.type === 'RestElement') {
          const rest = args.slice(i)
          const taint = argsTaint(rest)
          this.bind(param.argument, taint ? { taint } : UNKNOWN, scope, false)
          break
        }
        if (param.type === 'TSParameterProperty') {
          const value = args[i] ?? UNKNOWN
          this.bind(param.parameter, value, scope, false)
          const name = param.parameter.type === 'Identifier' ? param.parameter.name : undefined
          const target = self ?? fn.self
          if (name && target?.props) target.props.set(name, value)
          continue
        }
        this.bind(param, args[i] ?? UNKNOWN, scope, false)
      }
      if (node.expression || node.body.type !== 'BlockStatement') {
        frame.returned = this.eval(node.body, scope)
        this.returned(node.body, frame.returned, scope)
      } else {
        const body = node.body.body as AnyNode[]
        this.hoist(body, scope)
        for (const stmt of body) this.exec(stmt, scope)
      }
    } finally {
      this.frames.pop()
      this.active.delete(node)
      this.depth--
    }
    const result = frame.returned ?? UNKNOWN
    this.memo.set(key, result)
    return result
  }

  private evalClass(node: AnyNode, scope: Scope): Value {
    const cls: ClassValue = { node: node as ClassValue['node'], module: scope.module, scope }
    const statics = new Map<string, Value>()
    const value: Value = { cls, props: statics }
    const classScope = new Scope(scope, scope.module, 'function')
    classScope.declare('this', value, this.cond)
    if (node.id) classScope.declare(node.id.name, value, this.cond)
    if (node.superClass) this.eval(node.superClass, scope)
    for (const member of node.body.body as AnyNode[]) {
      if (member.value?.type === 'FunctionExpression') this.remember(member.value, classScope)
      if (!member.static) continue
      const key = staticKey(member.key, member.computed)
      if (key === undefined) continue
      if (member.type === 'MethodDefinition')
        statics.set(key, this.makeFunction(member.value, classScope, value))
      else if (member.type === 'PropertyDefinition' && member.value)
        statics.set(key, this.eval(member.value, classScope))
    }
    return value
  }

  private instantiate(classValue: Value, args: readonly Value[]): Value {
    const props = new Map<string, Value>()
    const instance: Value = { props }
    const chain: ClassValue[] = []
    for (let c: Value | undefined = classValue; c?.cls && chain.length < 8; ) {
      chain.unshift(c.cls)
      const superNode = (c.cls.node as AnyNode).superClass as AnyNode | null
      c = superNode ? this.eval(superNode, c.cls.scope as Scope) : undefined
    }
    let constructorFn: FunctionValue | undefined
    for (const cls of chain) {
      const scope = new Scope(cls.scope as Scope, cls.module, 'function')
      scope.declare('this', instance, this.cond)
      for (const member of (cls.node as AnyNode).body.body as AnyNode[]) {
        if (member.static) continue
        const key = staticKey(member.key, member.computed)
        if (member.type === 'MethodDefinition') {
          const fnValue = this.makeFunction(member.value, scope, instance)
          if (member.kind === 'constructor') constructorFn = fnValue.fns?.[0]
          else if (key !== undefined) props.set(key, fnValue)
        } else if (member.type === 'PropertyDefinition' && key !== undefined && member.value) {
          props.set(key, this.eval(member.value, scope))
        }
      }
    }
    if (constructorFn) this.call(constructorFn, args, instance)
    return instance
  }

  // ---------------------------------------------------------------- statements

  private exec(node: AnyNode, scope: Scope): void {
    if (--this.budget < 0) return
    switch (node.type) {
      case 'ExpressionStatement':
        this.eval(node.expression, scope)
        return
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? scope.functionScope() : scope
        for (const decl of node.declarations as AnyNode[]) {
          const value = decl.init ? this.eval(decl.init, scope) : UNKNOWN
          this.bind(decl.id, value, target, false, decl.init ?? decl)
        }
        return
      }
      case 'FunctionDeclaration':
        if (node.id && !scope.vars.has(node.id.name))
          scope.declare(node.id.name, this.makeFunction(node, scope), this.cond)
        return
      case 'ClassDeclaration':
        if (node.id) scope.declare(node.id.name, this.evalClass(node, scope), this.cond)
        return
      case 'ReturnStatement': {
        const value = node.argument ? this.eval(node.argument, scope) : UNKNOWN
        if (node.argument) this.returned(node.argument, value, scope)
        const frame = this.frames[this.frames.length - 1]
        if (frame) frame.returned = frame.returned ? joinValues(frame.returned, value) : value
        return
      }
      case 'IfStatement':
        this.execIf(node, scope)
        return
      case 'BlockStatement':
      case 'StaticBlock': {
        const block = new Scope(scope, scope.module, 'block')
        this.hoist(node.body, block)
        for (const stmt of node.body as AnyNode[]) this.exec(stmt, block)
        return
      }
      case 'ForStatement': {
        const block = new Scope(scope, scope.module, 'block')
        if (node.init) {
          if (node.init.type === 'VariableDeclaration') this.exec(node.init, block)
          else this.eval(node.init, block)
        }
        this.cond++
        for (let pass = 0; pass < 2; pass++) {
          if (node.test) this.eval(node.test, block)
          this.exec(node.body, block)
          if (node.update) this.eval(node.update, block)
        }
        this.cond--
        return
      }
      case 'ForOfStatement':
      case 'ForInStatement': {
        const block = new Scope(scope, scope.module, 'block')
        const iterable = this.eval(node.right, scope)
        const element = elementOf(iterable, node.type === 'ForInStatement')
        this.cond++
        for (let pass = 0; pass < 2; pass++) {
          if (node.left.type === 'VariableDeclaration') {
            const target = node.left.kind === 'var' ? scope.functionScope() : block
            this.bind(node.left.declarations[0].id, element, target, false)
          } else {
            this.bind(node.left, element, block, true)
          }
          this.exec(node.body, block)
        }
        this.cond--
        return
      }
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.cond++
        for (let pass = 0; pass < 2; pass++) {
          this.eval(node.test, scope)
          this.exec(node.body, scope)
        }
        this.cond--
        return
      case 'TryStatement': {
        const site: Mutable<TrySite> = {
          module: scope.module,
          node: node as Site['node'],
          phase: 'try',
          handler: undefined,
        }
        this.tryStack.push(site)
        try {
          this.exec(node.block, scope)
          if (node.handler) {
            site.phase = 'catch'
            site.handler = { module: scope.module, node: node.handler.body }
            this.cond++
            const block = new Scope(scope, scope.module, 'block')
            if (node.handler.param) this.bind(node.handler.param, UNKNOWN, block, false)
            this.exec(node.handler.body, block)
            this.cond--
          }
        } finally {
          this.tryStack.pop()
        }
        if (node.finalizer) this.exec(node.finalizer, scope)
        return
      }
      case 'SwitchStatement': {
        const discriminant = this.eval(node.discriminant, scope)
        const block = new Scope(scope, scope.module, 'block')
        this.cond++
        for (const c of node.cases as AnyNode[]) {
          if (c.test) this.compared(c.test, discriminant, this.eval(c.test, block), scope)
          this.hoist(c.consequent, block)
          for (const stmt of c.consequent as AnyNode[]) this.exec(stmt, block)
        }
        this.cond--
        return
      }
      case 'ThrowStatement':
        this.eval(node.argument, scope)
        return
      case 'LabeledStatement':
        this.exec(node.body, scope)
        return
      case 'WithStatement':
        this.eval(node.object, scope)
        this.exec(node.body, scope)
        return
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
        if (node.declaration) this.exec(node.declaration, scope)
        return
      case 'TSModuleDeclaration':
        if (node.body?.type === 'TSModuleBlock')
          for (const stmt of node.body.body as AnyNode[]) this.exec(stmt, scope)
        return
      case 'TSEnumDeclaration':
        scope.declare(node.id.name, UNKNOWN, this.cond)
        return
      default:
        return
    }
  }

  private catchRunning(): boolean {
    return this.tryStack.some((t) => t.phase === 'catch')
  }

  private returned(node: AnyNode, value: Value, scope: Scope): void {
    if (this.returnHooks.length === 0) return
    const site = { module: scope.module, node: node as Site['node'], value }
    for (const hook of this.returnHooks) hook(site)
  }

  private compared(node: AnyNode, left: Value, right: Value, scope: Scope): void {
    const site = { module: scope.module, node: node as Site['node'], left, right }
    for (const hook of this.compareHooks) hook(site)
  }

  private execIf(node: AnyNode, scope: Scope): void {
    this.eval(node.test, scope)
    const whenTrue = this.guarded(node.test, true, scope)
    const whenFalse = this.guarded(node.test, false, scope)
    this.cond++
    this.withClean(whenTrue, () => this.exec(node.consequent, scope))
    if (node.alternate) this.withClean(whenFalse, () => this.exec(node.alternate, scope))
    this.cond--
    // `if (!ALLOWED.includes(x)) return` — past it, x is known good.
    if (alwaysExits(node.consequent)) for (const slot of whenFalse) slot.value = cleaned(slot.value)
    if (node.alternate && alwaysExits(node.alternate))
      for (const slot of whenTrue) slot.value = cleaned(slot.value)
  }

  private withClean<T>(slots: readonly Slot[], run: () => T): T {
    if (slots.length === 0) return run()
    const saved = slots.map((s) => s.value)
    const clean = slots.map((s) => {
      s.value = cleaned(s.value)
      return s.value
    })
    try {
      return run()
    } finally {
      slots.forEach((s, i) => {
        if (s.value === clean[i]) s.value = saved[i] as Value
      })
    }
  }

  /**
   * Variables a condition proves safe when it is `truth`: allowlist checks (`ALLOWED.includes(x)`,
   * `set.has(x)`), pattern tests (`/^\w+$/.test(x)`), validators (`isUUID(x)`, `validate(x)`),
   * comparisons with constants and `typeof x === 'number'`.
   */
  private guarded(test: AnyNode, truth: boolean, scope: Scope): Slot[] {
    const node = unwrapExpression(test)
    if (node.type === 'UnaryExpression' && node.operator === '!')
      return this.guarded(node.argument, !truth, scope)
    if (node.type === 'LogicalExpression') {
      if ((node.operator === '&&' && truth) || (node.operator === '||' && !truth)) {
        return [...this.guarded(node.left, truth, scope), ...this.guarded(node.right, truth, scope)]
      }
      return []
    }
    if (node.type === 'BinaryExpression') {
      const eq = node.operator === '===' || node.operator === '=='
      const ne = node.operator === '!==' || node.operator === '!='
      if (!eq && !ne) return []
      if (eq !== truth) {
        // `validate(x) === false` with truth=false means validate(x) is true
        if (isBooleanLiteral(node.right, false)) return this.guarded(node.left, true, scope)
        return []
      }
      if (isBooleanLiteral(node.right, true)) return this.guarded(node.left, true, scope)
      if (isBooleanLiteral(node.right, false)) return this.guarded(node.left, false, scope)
      const left = unwrapExpression(node.left)
      const right = unwrapExpression(node.right)
      if (left.type === 'UnaryExpression' && left.operator === 'typeof') {
        const kind = right.type === 'Literal' ? right.value : undefined
        return kind === 'number' || kind === 'boolean' ? slotsOf([left.argument], scope) : []
      }
      if (right.type === 'Literal' && right.value !== null) return slotsOf([left], scope)
      if (left.type === 'Literal' && left.value !== null) return slotsOf([right], scope)
      return []
    }
    if (truth && node.type === 'CallExpression') {
      const callee = unwrapExpression(node.callee)
      const name = lastName(callee) ?? ''
      if (
        /^(?:includes|has|test|isValid\w*|is[A-Z]\w*|validate\w*|check\w*|matches|isMatch)$/.test(
          name,
        )
      ) {
        // A check of one value proves it; `isAdmin(event)` says nothing about the event's fields.
        return slotsOf(node.arguments, scope).filter(
          (slot) => !slot.value.shape && !slot.value.taint?.whole,
        )
      }
      if (name === 'startsWith' && callee.type === 'MemberExpression')
        return slotsOf([callee.object], scope)
    }
    return []
  }

  // ---------------------------------------------------------------- bindings

  /** Binds a pattern to a value: a declaration (`const {a} = v`) or an assignment (`({a} = v)`). */
  private bind(
    pattern: AnyNode,
    value: Value,
    scope: Scope,
    assign: boolean,
    valueNode?: AnyNode,
  ): void {
    switch (pattern.type) {
      case 'Identifier':
        if (assign) this.assignIdentifier(pattern, value, scope, valueNode)
        else {
          scope.declare(pattern.name, value, this.cond)
          if (valueNode && this.storeHooks.length > 0) {
            this.fireStore(
              scope.module,
              pattern,
              pattern.name,
              value,
              valueNode,
              scope.kind === 'module',
              false,
            )
          }
        }
        return
      case 'ObjectPattern':
        for (const prop of pattern.properties as AnyNode[]) {
          if (prop.type === 'RestElement') {
            const rest: Value = value.taint || value.shape ? { taint: value.taint as Taint } : value
            this.bind(prop.argument, rest, scope, assign, valueNode)
            continue
          }
          let key = staticKey(prop.key, prop.computed)
          if (key === undefined && prop.computed) key = this.eval(prop.key, scope).str
          this.bind(prop.value, this.readMember(value, key, prop, scope), scope, assign, prop.value)
        }
        return
      case 'ArrayPattern':
        ;(pattern.elements as (AnyNode | null)[]).forEach((el, i) => {
          if (el === null) return
          if (el.type === 'RestElement')
            this.bind(el.argument, elementOf(value, false), scope, assign, valueNode)
          else
            this.bind(el, value.props?.get(String(i)) ?? elementOf(value, false), scope, assign, el)
        })
        return
      case 'AssignmentPattern': {
        const fallback = this.eval(pattern.right, scope)
        const merged =
          value === UNKNOWN ? fallback : fallback === UNKNOWN ? value : joinValues(value, fallback)
        this.bind(pattern.left, merged, scope, assign, valueNode)
        return
      }
      case 'RestElement':
        this.bind(pattern.argument, value, scope, assign, valueNode)
        return
      case 'MemberExpression':
        this.assignMember(pattern, value, scope, valueNode ?? pattern)
        return
      default:
        if (pattern.expression) this.bind(pattern.expression, value, scope, assign, valueNode)
    }
  }

  private assignIdentifier(
    target: AnyNode,
    value: Value,
    scope: Scope,
    valueNode: AnyNode | undefined,
  ): void {
    const slot = scope.lookup(target.name)
    if (slot === undefined) return
    slot.value = this.cond > slot.condDepth ? joinValues(slot.value, value) : value
    if (this.storeHooks.length > 0) {
      this.fireStore(
        scope.module,
        target,
        target.name,
        value,
        valueNode ?? target,
        slot.moduleScope,
        true,
      )
    }
  }

  private assignMember(target: AnyNode, value: Value, scope: Scope, valueNode: AnyNode): void {
    const object = this.eval(target.object, scope)
    let key = staticKey(target.property, target.computed)
    if (key === undefined && target.computed) key = this.eval(target.property, scope).str
    if (key !== undefined && object.props) {
      const old = object.props.get(key)
      object.props.set(key, old && this.cond > 0 ? joinValues(old, value) : value)
    }
    if (this.storeHooks.length > 0) {
      const root = rootIdentifier(target.object)
      const slot = root ? scope.lookup(root) : undefined
      const objectName = lastName(target.object)
      this.fireStore(
        scope.module,
        target,
        key ?? '',
        value,
        valueNode,
        slot?.moduleScope ?? false,
        true,
        objectName,
      )
    }
  }

  private fireStore(
    module: ParsedModule,
    node: AnyNode,
    name: string,
    value: Value,
    valueNode: AnyNode,
    moduleScope: boolean,
    isAssignment: boolean,
    objectName?: string,
  ): void {
    // Rules look at constants (secrets), randomness, request data, writes to module scope, and
    // objects kept while a catch runs (an authorizer's answer chosen there, returned after it).
    const interesting =
      value.str !== undefined ||
      value.random ||
      value.taint ||
      value.identity ||
      (isAssignment && moduleScope) ||
      (value.props !== undefined && this.catchRunning())
    if (!interesting) return
    const site = {
      module,
      node: node as Site['node'],
      name,
      value,
      valueNode: valueNode as Site['node'],
      moduleScope,
      isAssignment,
      ...(objectName !== undefined ? { objectName } : {}),
    }
    for (const hook of this.storeHooks) hook(site)
  }

  // ---------------------------------------------------------------- expressions

  eval(node: AnyNode, scope: Scope): Value {
    if (--this.budget < 0) return UNKNOWN
    switch (node.type) {
      case 'Literal':
        if (typeof node.value === 'string') {
          if (this.modeNow === 'file' && this.literalHooks.length > 0) {
            for (const hook of this.literalHooks)
              hook({ module: scope.module, node: node as Site['node'], text: node.value })
          }
          return { str: node.value }
        }
        if (
          node.value === null ||
          typeof node.value === 'number' ||
          typeof node.value === 'boolean'
        ) {
          return { lit: node.value }
        }
        return UNKNOWN
      case 'TemplateLiteral': {
        const parts: Value[] = []
        const quasis = node.quasis as AnyNode[]
        for (let i = 0; i < quasis.length; i++) {
          const text = (quasis[i] as AnyNode).value.cooked ?? (quasis[i] as AnyNode).value.raw
          if (text !== '') parts.push({ str: text })
          if (this.modeNow === 'file' && text.length > 0) {
            for (const hook of this.literalHooks)
              hook({ module: scope.module, node: quasis[i] as Site['node'], text })
          }
          const expr = node.expressions[i] as AnyNode | undefined
          if (expr) parts.push(this.eval(expr, scope))
        }
        return parts.length === 0 ? { str: '' } : concatValues(parts)
      }
      case 'TaggedTemplateExpression':
        return this.evalTaggedTemplate(node, scope)
      case 'Identifier': {
        if (node.name === 'undefined') return UNKNOWN
        const slot = scope.lookup(node.name)
        if (slot) return readSlot(slot)
        return globalValue(node.name)
      }
      case 'ThisExpression': {
        const slot = scope.lookup('this')
        return slot ? readSlot(slot) : UNKNOWN
      }
      case 'MemberExpression': {
        const object = this.eval(node.object, scope)
        let key = staticKey(node.property, node.computed)
        if (key === undefined && node.computed) {
          const k = this.eval(node.property, scope)
          key = k.str ?? (typeof k.lit === 'number' ? String(k.lit) : undefined)
        }
        return this.readMember(object, key, node, scope)
      }
      case 'CallExpression':
      case 'NewExpression':
        return this.evalCall(node, scope)
      case 'ChainExpression':
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
        return this.eval(node.expression, scope)
      case 'AwaitExpression':
        return this.eval(node.argument, scope)
      case 'YieldExpression':
        if (node.argument) this.eval(node.argument, scope)
        return UNKNOWN
      case 'ArrowFunctionExpression':
      case 'FunctionExpression':
        return this.makeFunction(node, scope)
      case 'ClassExpression':
        return this.evalClass(node, scope)
      case 'ObjectExpression':
        return this.evalObject(node, scope)
      case 'ArrayExpression': {
        const props = new Map<string, Value>()
        let taint: Taint | undefined
        let random = false
        ;(node.elements as (AnyNode | null)[]).forEach((el, i) => {
          if (el === null) return
          const v =
            el.type === 'SpreadElement' ? this.eval(el.argument, scope) : this.eval(el, scope)
          if (el.type !== 'SpreadElement') props.set(String(i), v)
          taint = joinTaint(taint, deepTaint(v))
          if (v.random) random = true
        })
        const out: Mutable<Value> = { props }
        if (taint) out.taint = taint
        if (random) out.random = true
        return out
      }
      case 'BinaryExpression': {
        const left = this.eval(node.left, scope)
        const right = this.eval(node.right, scope)
        if (/^[!=]==?$/.test(node.operator)) this.compared(node, left, right, scope)
        if (node.operator === '+') {
          const numeric = typeof left.lit === 'number' && typeof right.lit === 'number'
          return numeric ? UNKNOWN : concatValues([left, right])
        }
        if (left.random || right.random) {
          if (/^[-*/%]$|^\*\*$|^[|&^]$|^<<$|^>>>?$/.test(node.operator)) return { random: true }
        }
        return UNKNOWN
      }
      case 'LogicalExpression': {
        const left = this.eval(node.left, scope)
        const guards =
          node.operator === '&&'
            ? this.guarded(node.left, true, scope)
            : node.operator === '||'
              ? this.guarded(node.left, false, scope)
              : []
        const right = this.withClean(guards, () => this.eval(node.right, scope))
        return joinValues(left, right)
      }
      case 'ConditionalExpression': {
        this.eval(node.test, scope)
        const yes = this.withClean(this.guarded(node.test, true, scope), () =>
          this.eval(node.consequent, scope),
        )
        const no = this.withClean(this.guarded(node.test, false, scope), () =>
          this.eval(node.alternate, scope),
        )
        return joinValues(yes, no)
      }
      case 'AssignmentExpression': {
        const right = this.eval(node.right, scope)
        let value = right
        if (node.operator === '+=') value = concatValues([this.eval(node.left, scope), right])
        else if (node.operator === '||=' || node.operator === '??=' || node.operator === '&&=') {
          value = joinValues(this.eval(node.left, scope), right)
        } else if (node.operator !== '=') value = UNKNOWN
        this.bind(node.left, value, scope, true, node.right)
        return value
      }
      case 'UpdateExpression':
        this.eval(node.argument, scope)
        return UNKNOWN
      case 'UnaryExpression':
        this.eval(node.argument, scope)
        if (node.operator === '-' || node.operator === '+') {
          const arg = unwrapExpression(node.argument)
          if (arg.type === 'Literal' && typeof arg.value === 'number')
            return { lit: node.operator === '-' ? -arg.value : arg.value }
        }
        return UNKNOWN
      case 'SequenceExpression': {
        let last: Value = UNKNOWN
        for (const e of node.expressions as AnyNode[]) last = this.eval(e, scope)
        return last
      }
      case 'ImportExpression': {
        const source = this.eval(node.source, scope)
        return source.str === undefined
          ? UNKNOWN
          : this.importValue(scope.module.file, source.str, '*')
      }
      case 'JSXElement':
      case 'JSXFragment':
        walk(node, (child) => {
          if (
            child.type === 'JSXExpressionContainer' &&
            child.expression.type !== 'JSXEmptyExpression'
          ) {
            this.eval(child.expression, scope)
            return false
          }
          return undefined
        })
        return UNKNOWN
      default:
        return UNKNOWN
    }
  }

  private evalTaggedTemplate(node: AnyNode, scope: Scope): Value {
    const tag = unwrapExpression(node.tag)
    const tagName = lastName(tag) ?? ''
    const values = (node.quasi.expressions as AnyNode[]).map((e) => this.eval(e, scope))
    if (tagName === 'raw' && tag.type === 'MemberExpression' && lastName(tag.object) === 'String') {
      return this.eval(node.quasi, scope)
    }
    this.eval(tag, scope)
    // sql`…`, Prisma.$queryRaw`…`, postgres' sql`…`, slonik: values become parameters.
    if (/sql|query|raw/i.test(tagName)) return UNKNOWN
    const taint = argsTaint(values)
    return taint ? { taint: deriveTaint(taint, {}) as Taint } : UNKNOWN
  }

  private evalObject(node: AnyNode, scope: Scope): Value {
    const props = new Map<string, Value>()
    const out: Mutable<Value> = { props }
    const siteProps = new Map<string, { value: Value; node: Site['node'] }>()
    let taint: Taint | undefined
    for (const prop of node.properties as AnyNode[]) {
      if (prop.type === 'SpreadElement') {
        const spread = this.eval(prop.argument, scope)
        if (spread.props) for (const [k, v] of spread.props) props.set(k, v)
        taint = joinTaint(taint, spread.taint)
        continue
      }
      let key = staticKey(prop.key, prop.computed)
      if (key === undefined && prop.computed) key = this.eval(prop.key, scope).str
      const valueNode = prop.value as AnyNode
      let value: Value
      if (valueNode.type === 'FunctionExpression' || valueNode.type === 'ArrowFunctionExpression') {
        value = this.makeFunction(valueNode, scope, out)
      } else {
        value = this.eval(valueNode, scope)
      }
      if (prop.kind === 'get' || prop.kind === 'set') continue
      if (key !== undefined) {
        props.set(key, value)
        siteProps.set(key, { value, node: prop as Site['node'] })
      } else {
        taint = joinTaint(taint, deepTaint(value))
      }
    }
    if (taint) out.taint = taint
    if (this.objectHooks.length > 0) {
      const site = { module: scope.module, node: node as Site['node'] as never, props: siteProps }
      for (const hook of this.objectHooks) hook(site)
    }
    return out
  }

  /** Reads `object[key]` abstractly, then tells the rules. */
  private readMember(object: Value, key: string | undefined, node: AnyNode, scope: Scope): Value {
    let value: Value
    const own = key !== undefined ? object.props?.get(key) : undefined
    if (own !== undefined) value = own
    else if (object.shape) value = readSourceMember(object, key)
    else if (object.moduleFile !== undefined && key !== undefined) {
      const record = this.moduleRecord(object.moduleFile)
      value = record ? this.exportOf(record, key) : UNKNOWN
    } else if (object.api && key !== undefined) {
      value = apiMember(object.api, key)
    } else if (object.identity) value = { identity: true }
    else if (object.taint && key !== 'length') {
      value = {
        taint: deriveTaint(object.taint, {
          origin: `${object.taint.origin}${key === undefined ? '[]' : /^\d+$/.test(key) ? `[${key}]` : `.${key}`}`,
        }) as Taint,
      }
    } else value = UNKNOWN
    // Only reads of request data or of who the caller is interest the rules.
    if (this.readHooks.length > 0 && (object.taint || object.shape || value.identity)) {
      const site = { module: scope.module, node: node as Site['node'], object, key, value }
      for (const hook of this.readHooks) hook(site)
    }
    return value
  }

  private evalCall(node: AnyNode, scope: Scope): Value {
    if (rejectionCallbackIndex(node) === undefined) return this.evalPlainCall(node, scope)
    // `promise.catch(fn)`, `promise.then(ok, fn)`: the promise is the protected code, `fn` (run by
    // `runCallbacks`) what runs when it failed.
    this.tryStack.push({
      module: scope.module,
      node: node as Site['node'],
      phase: 'try',
      handler: undefined,
    })
    try {
      return this.evalPlainCall(node, scope)
    } finally {
      this.tryStack.pop()
    }
  }

  private evalPlainCall(node: AnyNode, scope: Scope): Value {
    const isNew = node.type === 'NewExpression'
    const calleeNode = unwrapExpression(node.callee)
    let receiver: Value | undefined
    let receiverName: string | undefined
    let receiverIsModuleScope = false
    let receiverSlot: Slot | undefined
    let name = ''
    let callee: Value
    if (calleeNode.type === 'MemberExpression') {
      receiver = this.eval(calleeNode.object, scope)
      receiverName = lastName(calleeNode.object)
      const root = rootIdentifier(calleeNode.object)
      const rootSlot = root ? scope.lookup(root) : undefined
      receiverIsModuleScope = rootSlot?.moduleScope ?? false
      if (unwrapExpression(calleeNode.object).type === 'Identifier') receiverSlot = rootSlot
      let key = staticKey(calleeNode.property, calleeNode.computed)
      if (key === undefined && calleeNode.computed) key = this.eval(calleeNode.property, scope).str
      name = key ?? ''
      callee = this.readMember(receiver, key, calleeNode, scope)
    } else {
      if (calleeNode.type === 'Identifier') name = calleeNode.name
      callee = this.eval(calleeNode, scope)
    }
    const args: Value[] = []
    for (const a of node.arguments as AnyNode[]) {
      args.push(a.type === 'SpreadElement' ? this.eval(a.argument, scope) : this.eval(a, scope))
    }

    let result: Value
    if (name === 'require' && callee.api?.module === '<global>' && callee.api.path.length === 1) {
      result = this.requireValue(scope.module.file, args)
    } else if (receiver?.fns && (name === 'call' || name === 'apply' || name === 'bind')) {
      result = this.callFunctionMethod(receiver, name, args)
    } else if (callee.fns) {
      result = UNKNOWN
      for (const fn of callee.fns) {
        const r = this.call(fn, args, calleeNode.type === 'MemberExpression' ? receiver : undefined)
        result = result === UNKNOWN ? r : joinValues(result, r)
      }
    } else if (callee.cls) {
      result = isNew ? this.instantiate(callee, args) : UNKNOWN
    } else if (callee.handlers && callee.handlers.length > 0) {
      // Calling a wrapped handler (`const h = serverless(app); … h(event, context)`) runs what it wraps.
      result = UNKNOWN
      for (const fn of callee.handlers)
        this.call(fn, fn.route ? this.entryArguments(fn) : args, fn.self)
    } else {
      result = this.externalCall(node, name, callee, receiver, receiverName, args)
    }

    // Mutating methods on a local collection carry taint into it (`parts.push(input)`).
    if (receiverSlot && MUTATING_METHODS.has(name)) {
      const taint = argsTaint(args)
      if (taint) receiverSlot.value = joinValues(receiverSlot.value, { taint })
    }

    if (this.callHooks.length > 0) {
      const site: CallSite = {
        module: scope.module,
        node: node as CallSite['node'],
        callee,
        name,
        receiver,
        receiverName,
        receiverIsModuleScope,
        args,
        isNew,
        result,
      }
      for (const hook of this.callHooks) hook(site)
    }
    return result
  }

  private callFunctionMethod(receiver: Value, name: string, args: readonly Value[]): Value {
    const fns = receiver.fns ?? []
    if (name === 'bind') {
      const self = args[0]
      return { fns: fns.map((f) => (self && self !== UNKNOWN ? { ...f, self } : f)) }
    }
    const callArgs =
      name === 'call' ? args.slice(1) : args[1]?.props ? [...(args[1].props.values() ?? [])] : []
    let result: Value = UNKNOWN
    for (const fn of fns) result = joinValues(result, this.call(fn, callArgs, args[0]))
    return result
  }

  /** A call into a package or a global: what is known from tables, plus callbacks it receives. */
  private externalCall(
    node: AnyNode,
    name: string,
    callee: Value,
    receiver: Value | undefined,
    receiverName: string | undefined,
    args: readonly Value[],
  ): Value {
    if (receiver?.shape) {
      const fromSource = callSourceMethod(receiver, name, args[0]?.str)
      if (fromSource) return this.runCallbacks(node, name, receiver, args, fromSource)
      if (receiver.shape === 'response')
        return this.runCallbacks(node, name, receiver, args, { shape: 'response' })
    }
    if (name === 'promisify' || (name === 'callbackify' && callee.api?.module === 'util'))
      return args[0] ?? UNKNOWN
    const firstArg = unwrapExpression((node.arguments as AnyNode[])[0] ?? node)
    const regex =
      firstArg.type === 'Literal' && firstArg.regex ? (firstArg.regex.pattern as string) : undefined
    const api = callee.api
    const known = externalCallResult(name, api, receiver, receiverName, args, regex)
    const out: Mutable<Value> = {
      ...(known ?? (callee.taint ? { taint: deriveTaint(callee.taint, {}) as Taint } : {})),
    }
    if (api && known === undefined) {
      out.api = { module: api.module, path: [...api.path, '()'] }
      if (WEB_FRAMEWORKS.has(api.module) || name === 'Router' || name === 'createRouter')
        out.handlers = []
    }
    if (name === 'Hono' || name === 'Router') out.handlers ??= []

    const routeCall =
      ROUTE_METHODS.has(name) &&
      (receiver?.handlers !== undefined ||
        (args[0]?.str !== undefined && /^[/*]/.test(args[0].str)))
    if (routeCall && receiver?.handlers) {
      for (const arg of args) {
        for (const fn of arg.fns ?? []) receiver.handlers.push({ ...fn, route: true })
        for (const fn of arg.handlers ?? []) receiver.handlers.push(fn)
      }
      return this.runCallbacks(node, name, receiver, args, receiver, true)
    }
    const wrapped: FunctionValue[] = []
    const wrapper = api?.module ?? receiver?.api?.module
    const guardAuth =
      GUARD_MODULES.has(wrapper as string) && (name === 'http' || name === 'fetch')
        ? guardAuthOption((node.arguments as AnyNode[])[0])
        : undefined
    for (const arg of args) {
      if (arg.fns) {
        for (const fn of arg.fns) {
          const marked = wrapper && !fn.wrapper ? { ...fn, wrapper } : fn
          wrapped.push(guardAuth && !marked.guardAuth ? { ...marked, guardAuth } : marked)
        }
      }
      if (arg.handlers) wrapped.push(...arg.handlers)
    }
    if (receiver?.handlers && !routeCall) out.handlers = [...receiver.handlers, ...wrapped]
    else if (wrapped.length > 0 && !out.handlers) out.handlers = wrapped
    return this.runCallbacks(node, name, receiver, args, out, routeCall)
  }

  /**
   * Runs the callbacks a call received that nothing ran yet: route callbacks get a request, array
   * and promise callbacks get the receiver's elements, others unknown inputs.
   */
  private runCallbacks(
    node: AnyNode,
    name: string,
    receiver: Value | undefined,
    args: readonly Value[],
    result: Value,
    routeCall = false,
  ): Value {
    let out = result
    const elementCallback = ELEMENT_CALLBACK_METHODS.has(name) && receiver !== undefined
    const rejection = rejectionCallbackIndex(node)
    const promiseTry = this.tryStack[this.tryStack.length - 1]
    for (const [index, arg] of args.entries()) {
      if (!arg.fns) continue
      for (const fn of arg.fns) {
        if (this.invoked.has(fn.node)) continue
        if (index === rejection && promiseTry?.node === node) {
          promiseTry.phase = 'catch'
          promiseTry.handler = { module: fn.module, node: fn.node }
        }
        let params: Value[]
        if (routeCall) params = this.entryArguments({ ...fn, route: true })
        else if (elementCallback) {
          const element =
            name === 'then' ? (receiver as Value) : elementOf(receiver as Value, false)
          params = name === 'reduce' || name === 'reduceRight' ? [UNKNOWN, element] : [element]
        } else params = []
        const returned = this.call(fn, params, fn.self)
        if (
          elementCallback &&
          (name === 'map' || name === 'flatMap' || name === 'then') &&
          returned.taint
        ) {
          out = { ...out, taint: joinTaint(out.taint, deepTaint(returned)) as Taint }
        }
      }
    }
    return out
  }
}

/**
 * Which argument of a call is a promise's rejection callback: `p.catch(fn)` (0), `p.then(ok, fn)`
 * (1); `undefined` for other calls.
 */
function rejectionCallbackIndex(node: AnyNode): number | undefined {
  if (node.type !== 'CallExpression') return undefined
  const callee = unwrapExpression(node.callee)
  if (callee.type !== 'MemberExpression') return undefined
  const name = staticKey(callee.property, callee.computed)
  if (name === 'catch' && node.arguments.length >= 1) return 0
  if (name === 'then' && node.arguments.length >= 2) return 1
  return undefined
}

/** Methods that put their arguments into the collection they are called on. */
const MUTATING_METHODS = new Set(['push', 'unshift', 'splice', 'add', 'set', 'append', 'concat'])

const globals = new Map<string, Value>()
/** An unresolved identifier: a global (`eval`, `fetch`, `console`), shared since it never changes. */
function globalValue(name: string): Value {
  let v = globals.get(name)
  if (v === undefined) {
    v = Object.freeze({ api: Object.freeze({ module: '<global>', path: Object.freeze([name]) }) })
    globals.set(name, v)
  }
  return v
}

const members = new WeakMap<object, Map<string, Value>>()
/** `api.key`, shared per API reference so hot paths (`console.log`, `JSON.parse`) allocate once. */
function apiMember(api: Value['api'] & object, key: string): Value {
  let byKey = members.get(api)
  if (byKey === undefined) {
    byKey = new Map()
    members.set(api, byKey)
  }
  let v = byKey.get(key)
  if (v === undefined) {
    v = Object.freeze({
      api: Object.freeze({ module: api.module, path: Object.freeze([...api.path, key]) }),
    })
    byKey.set(key, v)
  }
  return v
}

function elementOf(iterable: Value, keys: boolean): Value {
  if (iterable.props && iterable.props.size > 0 && !keys) {
    let joined: Value | undefined
    for (const v of iterable.props.values()) joined = joined ? joinValues(joined, v) : v
    if (iterable.taint)
      joined = joinValues(joined ?? UNKNOWN, { taint: deriveTaint(iterable.taint, {}) as Taint })
    return joined ?? UNKNOWN
  }
  const taint = deriveTaint(iterable.taint, { origin: `${iterable.taint?.origin ?? ''}[]` })
  return taint ? { taint } : UNKNOWN
}

function cleaned(value: Value): Value {
  if (!value.taint) return value
  const taint = sanitize(value.taint, Danger.all)
  const { taint: _old, ...rest } = value
  return taint ? { ...rest, taint } : rest
}

function isBooleanLiteral(node: AnyNode, value: boolean): boolean {
  const n = unwrapExpression(node)
  return n.type === 'Literal' && n.value === value
}

function slotsOf(nodes: readonly AnyNode[], scope: Scope, depth = 0): Slot[] {
  const out: Slot[] = []
  for (const raw of nodes) {
    const n = unwrapExpression(raw)
    if (n.type === 'Identifier') {
      const slot = scope.lookup(n.name)
      if (slot) out.push(slot)
    } else if (depth < 3 && n.type === 'MemberExpression') {
      // `new URL(url).hostname === 'api.example.com'` checks `url`.
      out.push(...slotsOf([n.object], scope, depth + 1))
    } else if (depth < 3 && (n.type === 'CallExpression' || n.type === 'NewExpression')) {
      out.push(...slotsOf(n.arguments, scope, depth + 1))
    }
  }
  return out
}

function rootIdentifier(node: AnyNode): string | undefined {
  let n = unwrapExpression(node)
  while (n.type === 'MemberExpression' || n.type === 'CallExpression') {
    n = unwrapExpression(n.type === 'MemberExpression' ? n.object : n.callee)
  }
  return n.type === 'Identifier' ? n.name : undefined
}

function declaredNames(decl: AnyNode): string[] {
  if (decl.type !== 'VariableDeclaration') return decl.id?.name ? [decl.id.name] : []
  const names: string[] = []
  for (const d of decl.declarations as AnyNode[]) patternNames(d.id, names)
  return names
}

function patternNames(pattern: AnyNode, out: string[]): void {
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name)
      return
    case 'ObjectPattern':
      for (const p of pattern.properties as AnyNode[])
        patternNames(p.type === 'RestElement' ? p.argument : p.value, out)
      return
    case 'ArrayPattern':
      for (const el of pattern.elements as (AnyNode | null)[]) if (el) patternNames(el, out)
      return
    case 'AssignmentPattern':
      patternNames(pattern.left, out)
      return
    case 'RestElement':
      patternNames(pattern.argument, out)
      return
  }
}

/** The full guard and the core one: the same `guard.http(options, fn)`, the same `auth`. */
const GUARD_MODULES = new Set(['@bulwark/guard', '@bulwark/guard/core'])

/**
 * What the `auth` option of a `guard.http(options, fn)` call says, read from the object literal:
 * `'public'` when it is the string 'public', `'required'` for any object (the guard then refuses
 * unauthenticated callers before the handler runs); `undefined` when it cannot be read statically.
 */
function guardAuthOption(options: AnyNode | undefined): 'public' | 'required' | undefined {
  if (options === undefined) return undefined
  const literal = unwrapExpression(options)
  if (literal.type !== 'ObjectExpression') return undefined
  let spread = false
  for (const property of literal.properties as AnyNode[]) {
    if (property.type === 'SpreadElement') spread = true
    if (property.type !== 'Property' || staticKey(property.key, property.computed) !== 'auth')
      continue
    const value = unwrapExpression(property.value)
    if (value.type === 'Literal' && value.value === 'public') return 'public'
    if (value.type === 'ObjectExpression') return 'required'
    return undefined
  }
  // A spread may carry `auth`; without one, a route without `auth` does not compile and throws at
  // construction: nothing runs unguarded.
  return spread ? undefined : 'required'
}
