import { ErrorCode, GuardError } from '../core/errors.js'
import { formatFieldPath } from './field-path.js'

/** Input limits; each route may tighten or relax them. */
export interface InputLimits {
  /** Largest body accepted, in bytes (after base64 decoding). Default 100 KiB. */
  readonly maxBodyBytes: number
  /** Deepest nesting of objects and arrays. Default 32. */
  readonly maxDepth: number
  /** Longest string anywhere in the body, query or path parameters, keys included. Default 4096. */
  readonly maxStringLength: number
}

export const DEFAULT_LIMITS: InputLimits = Object.freeze({
  maxBodyBytes: 100 * 1024,
  maxDepth: 32,
  maxStringLength: 4096,
})

/**
 * Walks a parsed value once, refusing prototype keys (`__proto__`, `constructor`, `prototype`),
 * nesting deeper than `maxDepth` and strings longer than `maxStringLength`. The error names the
 * field and never contains the value.
 *
 * @example
 * checkInputValue('body', JSON.parse(text), DEFAULT_LIMITS)
 */
export function checkInputValue(root: string, value: unknown, limits: InputLimits): void {
  const problem = findProblem(value, 0, limits)
  if (problem !== undefined) throw inputError(root, problem, limits)
}

/** What is wrong and where; the path is built only on the way back up from a problem. */
interface Problem {
  readonly kind: 'prototypeKey' | 'tooDeep' | 'tooLong'
  readonly key?: string
  readonly path: PropertyKey[]
}

// Nothing is allocated on the way down (no path, no key list): every request's input goes
// through here, and nearly all of it is fine.
function findProblem(value: unknown, depth: number, limits: InputLimits): Problem | undefined {
  if (typeof value === 'string') {
    return value.length > limits.maxStringLength ? { kind: 'tooLong', path: [] } : undefined
  }
  if (typeof value !== 'object' || value === null) return undefined
  if (depth >= limits.maxDepth) return { kind: 'tooDeep', path: [] }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = findProblem(value[i], depth + 1, limits)
      if (problem !== undefined) {
        problem.path.unshift(i)
        return problem
      }
    }
    return undefined
  }
  // for-in, not Object.keys: no array per object. The values checked here come from JSON.parse,
  // form and query parsing, whose prototypes (Object.prototype, null) have no enumerable keys.
  for (const key in value) {
    // Keys that reach Object.prototype when a parsed body is merged or assigned into an object.
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') {
      return { kind: 'prototypeKey', key, path: [] }
    }
    if (key.length > limits.maxStringLength) return { kind: 'tooLong', path: [key] }
    const problem = findProblem((value as Record<string, unknown>)[key], depth + 1, limits)
    if (problem !== undefined) {
      problem.path.unshift(key)
      return problem
    }
  }
  return undefined
}

function inputError(root: string, problem: Problem, limits: InputLimits): GuardError {
  const field = formatFieldPath(root, problem.path)
  switch (problem.kind) {
    case 'prototypeKey':
      return new GuardError(
        ErrorCode.prototypeKey,
        400,
        `${field} contains the forbidden key "${problem.key}"`,
        { details: { field } },
      )
    case 'tooDeep':
      return new GuardError(
        ErrorCode.tooDeep,
        400,
        `${field} is nested deeper than ${limits.maxDepth} levels`,
        { details: { field } },
      )
    case 'tooLong':
      return new GuardError(
        ErrorCode.stringTooLong,
        400,
        `${field} is longer than ${limits.maxStringLength} characters`,
        { details: { field, maxLength: limits.maxStringLength } },
      )
  }
}
