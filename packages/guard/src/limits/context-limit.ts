import type { Clock } from '../core/clock.js'
import { parseRate, type Rate } from '../core/duration.js'
import type { Store } from '../stores/types.js'
import { rateLimited } from './rate-limit.js'

const NAME = /^[A-Za-z0-9._:-]{1,64}$/

/**
 * `ctx.limit(name, rate)`: a per-user (per-IP on public routes) limit for expensive operations
 * inside a handler, so the database is protected even when the API limit lets traffic through.
 * Throws 429 `ERR_RATE_LIMITED`. Rates are parsed once per distinct text.
 *
 * @example
 * await ctx.limit('db.search', '50/min')
 */
export function createContextLimiter(store: Store, clock: Clock) {
  const rates = new Map<string, Rate>()
  return async function limit(subject: string, name: string, rate: string): Promise<void> {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new TypeError(
        'ctx.limit name must be 1–64 letters, digits, dots, colons, dashes or underscores',
      )
    }
    let parsed = rates.get(rate)
    if (parsed === undefined) {
      parsed = parseRate('ctx.limit rate', rate)
      if (rates.size < 1000) rates.set(rate, parsed)
    }
    const result = await store.authenticate({
      now: clock.now(),
      limits: [
        { name, key: `ctx:${name}:${subject}`, limit: parsed.limit, windowMs: parsed.windowMs },
      ],
    })
    if (result.status === 'limited')
      throw rateLimited(result.denied, result.retryAfterMs, result.limits)
  }
}
