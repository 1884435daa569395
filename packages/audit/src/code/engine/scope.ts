import type { ParsedModule } from '../parse.js'
import { UNKNOWN, type Value } from '../values.js'

/** A variable: its current abstract value and where it lives. */
export interface Slot {
  value: Value
  readonly name: string
  /** Declared at the top level of a module: it outlives one invocation of a handler. */
  readonly moduleScope: boolean
  /** How deep inside branches and loops it was declared: assignments deeper than this are weak. */
  readonly condDepth: number
  /** Resolved on first read: imports, so modules load only when used. */
  lazy?: (() => Value) | undefined
}

let nextScopeId = 1
const EMPTY: ReadonlyMap<string, Slot> = new Map()

/** A lexical scope: module, function or block. */
export class Scope {
  readonly id = nextScopeId++
  /** Created on the first declaration: most block scopes declare nothing. */
  private table: Map<string, Slot> | undefined

  get vars(): ReadonlyMap<string, Slot> {
    return this.table ?? EMPTY
  }

  constructor(
    readonly parent: Scope | undefined,
    readonly module: ParsedModule,
    readonly kind: 'module' | 'function' | 'block',
  ) {}

  /** The nearest function or module scope, where `var` and sloppy function declarations live. */
  functionScope(): Scope {
    let scope: Scope = this
    while (scope.kind === 'block' && scope.parent) scope = scope.parent
    return scope
  }

  declare(name: string, value: Value, condDepth: number): Slot {
    this.table ??= new Map()
    const existing = this.table.get(name)
    if (existing) {
      existing.value = value
      return existing
    }
    const slot: Slot = { value, name, moduleScope: this.kind === 'module', condDepth }
    this.table.set(name, slot)
    return slot
  }

  lookup(name: string): Slot | undefined {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) {
      const slot = scope.table?.get(name)
      if (slot) return slot
    }
    return undefined
  }
}

/** Reads a slot, resolving a lazy import the first time. */
export function readSlot(slot: Slot): Value {
  if (slot.lazy) {
    const lazy = slot.lazy
    slot.lazy = undefined
    slot.value = UNKNOWN
    slot.value = lazy()
  }
  return slot.value
}
