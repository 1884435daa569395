import { ConfigError } from './errors.js'

/**
 * Rejects keys a caller wrote that `allowed` does not know, naming the nearest valid key, so that
 * `idelTimeout` fails when the guard is created instead of silently leaving the default in place.
 *
 * @example
 * assertKnownKeys('sessions', options, ['idleTimeout', 'absoluteTimeout'])
 * // ConfigError: `idelTimeout` is not an option of sessions; did you mean `idleTimeout`?
 */
export function assertKnownKeys(where: string, value: unknown, allowed: readonly string[]): void {
  if (value === undefined) return
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ConfigError(`${where} must be an object`)
  }
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue
    const nearest = nearestKey(key, allowed)
    const hint = nearest === undefined ? '' : `; did you mean \`${nearest}\`?`
    throw new ConfigError(`\`${key}\` is not an option of ${where}${hint}`)
  }
}

/** The allowed key closest to `key` by edit distance, if it is close enough to be a typo. */
export function nearestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  const lower = key.toLowerCase()
  for (const candidate of allowed) {
    const distance = editDistance(lower, candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        substitution,
      )
    }
    previous = current
  }
  return previous[b.length] as number
}

/** A positive integer option, or a ConfigError naming it. */
export function positiveInteger(where: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${where} must be a positive integer, got ${describe(value)}`)
  }
  return value
}

/** A short, safe description of a config value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (Array.isArray(value)) return 'an array'
  if (value === null) return 'null'
  return typeof value === 'object' ? 'an object' : String(value)
}
