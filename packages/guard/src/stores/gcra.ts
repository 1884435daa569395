/**
 * GCRA (generic cell rate algorithm), the rate limiter of both stores. A limit of `limit` per
 * `windowMs` is a burst of `limit` refilled at one request every `windowMs / limit`: there is no
 * window edge, so no caller ever gets the double burst a fixed window allows around its reset.
 * The state is one number, the theoretical arrival time (TAT). The Lua in `redis/scripts.ts`
 * performs the same floating-point operations in the same order, so both stores agree to the bit.
 */

/** Float slack so that `n` steps of `windowMs / limit` add up to exactly `windowMs`. */
export const GCRA_EPSILON = 1e-6

export interface GcraStep {
  readonly allowed: boolean
  /** TAT to store when allowed (unchanged when denied). */
  readonly tat: number
  readonly remaining: number
  /** Whole ms until the next request would be admitted (0 when allowed). */
  readonly retryAfterMs: number
  /** Whole ms until the full burst is back. */
  readonly resetMs: number
}

/**
 * One request against a cell whose stored TAT is `stored` (undefined when fresh).
 *
 * @example
 * gcraStep(undefined, 1000, 10, 60_000) // { allowed: true, remaining: 9, ... }
 */
export function gcraStep(
  stored: number | undefined,
  now: number,
  limit: number,
  windowMs: number,
): GcraStep {
  const interval = windowMs / limit
  const tat = stored === undefined ? now : Math.max(stored, now)
  const nextTat = tat + interval
  const allowAt = nextTat - windowMs
  if (allowAt - now > GCRA_EPSILON) {
    return {
      allowed: false,
      tat,
      remaining: 0,
      retryAfterMs: Math.ceil(allowAt - now),
      resetMs: Math.ceil(tat - now),
    }
  }
  return {
    allowed: true,
    tat: nextTat,
    remaining: Math.floor((now + windowMs - nextTat) / interval + GCRA_EPSILON),
    retryAfterMs: 0,
    resetMs: Math.ceil(nextTat - now),
  }
}
