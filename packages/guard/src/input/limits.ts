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

// Keys that reach Object.prototype when a parsed body is merged or assigned into another object.
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * Walks a parsed value once, refusing prototype keys, nesting deeper than `maxDepth` and strings
 * longer than `maxStringLength`. The error names the field and never contains the value.
 *
 * @example
 * checkInputValue('body', JSON.parse(text), DEFAULT_LIMITS)
 */
export function checkInputValue(root: string, value: unknown, limits: InputLimits): void {
  walk(value, 0, limits, root, [])
}

function walk(
  value: unknown,
  depth: number,
  limits: InputLimits,
  root: string,
  path: PropertyKey[],
): void {
  if (typeof value === 'string') {
    if (value.length > limits.maxStringLength) throw tooLong(root, path, limits)
    return
  }
  if (typeof value !== 'object' || value === null) return
  if (depth >= limits.maxDepth) {
    throw new GuardError(
      ErrorCode.tooDeep,
      400,
      `${formatFieldPath(root, path)} is nested deeper than ${limits.maxDepth} levels`,
      { details: { field: formatFieldPath(root, path) } },
    )
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      path.push(i)
      walk(value[i], depth + 1, limits, root, path)
      path.pop()
    }
    return
  }
  for (const key of Object.keys(value)) {
    if (PROTOTYPE_KEYS.has(key)) {
      const field = formatFieldPath(root, path)
      throw new GuardError(
        ErrorCode.prototypeKey,
        400,
        `${field} contains the forbidden key "${key}"`,
        {
          details: { field },
        },
      )
    }
    path.push(key)
    if (key.length > limits.maxStringLength) throw tooLong(root, path, limits)
    walk((value as Record<string, unknown>)[key], depth + 1, limits, root, path)
    path.pop()
  }
}

function tooLong(root: string, path: PropertyKey[], limits: InputLimits): GuardError {
  const field = formatFieldPath(root, path)
  return new GuardError(
    ErrorCode.stringTooLong,
    400,
    `${field} is longer than ${limits.maxStringLength} characters`,
    { details: { field, maxLength: limits.maxStringLength } },
  )
}
