/**
 * Where the guard reads the time and waits. Every timeout, rate limit and lock goes through one
 * clock, so a test can move time forward instead of sleeping through it.
 *
 * @example
 * const clock = manualClock(Date.parse('2025-01-01T00:00:00Z'))
 * createGuard({ clock })
 * clock.advance('15m') // every idle session is now expired
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>
}

/**
 * The real clock: `Date.now()` and `setTimeout`.
 *
 * @example
 * systemClock.now() // 1735689600000
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}

/** A clock that moves only when told to; `sleep` advances it instead of waiting. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `by` milliseconds. */
  advance(by: number): void
  set(ms: number): void
}

/**
 * A clock for tests: time stands still until `advance` or `set`.
 *
 * @example
 * const clock = manualClock(0)
 * clock.advance(60_000)
 * clock.now() // 60000
 */
export function manualClock(start = Date.parse('2025-01-01T00:00:00Z')): ManualClock {
  let current = start
  return {
    now: () => current,
    sleep: async (ms) => {
      current += ms
    },
    advance: (by) => {
      current += by
    },
    set: (ms) => {
      current = ms
    },
  }
}
