/** The answer for one occurrence of an alert. */
export interface AlertDecision {
  /** True for the first occurrence in a window: this one is sent. */
  readonly first: boolean
  /** When `first`: how many occurrences were suppressed since the previous alert was sent. */
  readonly suppressed: number
}

/**
 * Counts alert occurrences per fingerprint so that at most one per window is sent. Every store
 * implements it (`Store.countAlert`): given a shared store, the count is shared by every instance.
 */
export interface AlertCounter {
  countAlert(fingerprint: string, windowMs: number, now: number): Promise<AlertDecision>
}

/** Past this many fingerprints, expired ones are dropped so memory stays bounded. */
const SWEEP_AT = 10_000

/**
 * An in-process counter: the default of `createAlerts` used on its own, and the fallback when the
 * store cannot be reached (alerts then de-duplicate per instance rather than not at all).
 *
 * @example
 * const counter = memoryAlertCounter()
 * await counter.countAlert('9f1c…', 300_000, Date.now()) // { first: true, suppressed: 0 }
 * await counter.countAlert('9f1c…', 300_000, Date.now()) // { first: false, suppressed: 0 }
 */
export function memoryAlertCounter(): AlertCounter {
  const windows = new Map<string, { endsAt: number; suppressed: number }>()
  return {
    async countAlert(fingerprint, windowMs, now) {
      const entry = windows.get(fingerprint)
      if (entry !== undefined && now < entry.endsAt) {
        entry.suppressed++
        return { first: false, suppressed: 0 }
      }
      if (windows.size >= SWEEP_AT) {
        for (const [key, value] of windows) {
          if (value.endsAt <= now && value.suppressed === 0) windows.delete(key)
        }
      }
      windows.set(fingerprint, { endsAt: now + windowMs, suppressed: 0 })
      return { first: true, suppressed: entry?.suppressed ?? 0 }
    },
  }
}
