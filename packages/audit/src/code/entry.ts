import type { Engine } from './engine/interpreter.js'
import { resolveHandler } from './resolve.js'
import type { FunctionValue, Value } from './values.js'

/** Where a handler string led: the file, the export, and the functions that run for it. */
export interface HandlerEntry {
  readonly file: string
  readonly exportPath: readonly string[]
  /** The export exists in the module (it may still be built by code the analysis cannot see). */
  readonly exportFound: boolean
  /** The functions invoked with the event: the handler, or what a wrapper (middy, serverless-http) wraps. */
  readonly functions: readonly FunctionValue[]
}

/**
 * Resolves a handler as a template writes it (`src/handlers/users.create`) to its file, export and
 * the functions that receive the event. `undefined` when no source file matches.
 *
 * @example
 * resolveEntry(engine, 'src/handlers/users.create')?.functions.length // 1
 */
export function resolveEntry(engine: Engine, handler: string): HandlerEntry | undefined {
  const located = resolveHandler(engine.host, handler)
  if (located === undefined) return undefined
  return entryInFile(engine, located.file, located.exportPath)
}

/**
 * The functions a module exports under `exportPath` (`['handler']`, or nested `['api', 'get']`),
 * unwrapping wrapped handlers.
 *
 * @example
 * entryInFile(engine, 'src/app.ts', ['lambdaHandler'])
 */
export function entryInFile(
  engine: Engine,
  file: string,
  exportPath: readonly string[],
): HandlerEntry {
  const record = engine.moduleRecord(file)
  const [first, ...rest] = exportPath
  if (record === undefined || first === undefined)
    return { file, exportPath, exportFound: false, functions: [] }
  let value: Value = engine.exportOf(record, first)
  let found =
    value !== undefined &&
    (value.fns !== undefined || value.handlers !== undefined || hasExport(engine, file, first))
  for (const key of rest) {
    const next = value.props?.get(key)
    if (next === undefined) {
      found = false
      value = {}
      break
    }
    value = next
  }
  return { file, exportPath, exportFound: found, functions: entryFunctions(value) }
}

function hasExport(engine: Engine, file: string, name: string): boolean {
  const record = engine.moduleRecord(file)
  if (record === undefined) return false
  if (record.esm.has(name)) return true
  const cjs = record.moduleObject.props?.get('exports')
  if (cjs?.props?.has(name)) return true
  return record.stars.some((star) => hasExport(engine, star, name))
}

/** The functions a handler value runs: itself, or what it wraps, without duplicates. */
export function entryFunctions(value: Value): FunctionValue[] {
  const out: FunctionValue[] = []
  const seen = new Set<unknown>()
  for (const fn of [...(value.fns ?? []), ...(value.handlers ?? [])]) {
    if (seen.has(fn.node)) continue
    seen.add(fn.node)
    out.push(fn)
  }
  return out
}
