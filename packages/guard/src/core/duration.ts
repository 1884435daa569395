import { ConfigError } from './errors.js'
import { describe } from './options.js'

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  sec: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h|hour|d|day)$/

/**
 * Milliseconds from `'15m'`, `'12h'`, `'30s'`, `'7d'`, `'250ms'`, or a number of milliseconds.
 *
 * @example
 * parseDuration('sessions.idleTimeout', '15m') // 900000
 */
export function parseDuration(where: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value
  if (typeof value === 'string') {
    const match = DURATION.exec(value.trim())
    if (match) {
      const ms = Number(match[1]) * (UNIT_MS[match[2] as string] as number)
      if (ms > 0) return ms
    }
  }
  throw new ConfigError(
    `${where} must be a duration such as '30s', '15m', '12h' or '7d', got ${describe(value)}`,
  )
}

/** A rate written as `'10/s'`, `'300/min'`, `'5000/day'` or `'100/15m'`. */
export interface Rate {
  readonly limit: number
  readonly windowMs: number
  /** The text the user wrote, for headers and messages. */
  readonly text: string
}

const RATE = /^(\d+)\s*\/\s*(\d*)\s*(ms|s|sec|m|min|h|hour|d|day)$/

/**
 * @example
 * parseRate('rateLimit.user', '120/min') // { limit: 120, windowMs: 60000, text: '120/min' }
 */
export function parseRate(where: string, value: unknown): Rate {
  if (typeof value === 'string') {
    const match = RATE.exec(value.trim())
    if (match) {
      const limit = Number(match[1])
      const count = match[2] === '' ? 1 : Number(match[2])
      const windowMs = count * (UNIT_MS[match[3] as string] as number)
      if (limit > 0 && windowMs > 0) return { limit, windowMs, text: value.trim() }
    }
  }
  throw new ConfigError(
    `${where} must be a rate such as '10/s', '300/min', '5000/day' or '100/15m', got ${describe(value)}`,
  )
}
