/** The answer for one occurrence of an alert. */
export interface AlertDecision {
  /** True for the first occurrence in a window: this one is sent. */
  readonly first: boolean
  /** When `first`: how many occurrences were suppressed since the previous alert was sent. */
  readonly suppressed: number
}

/**
 * Counts alert occurrences per fingerprint so that at most one per window is sent. Given a shared
 * store, the count is shared by every instance of the function.
 */
export interface AlertCounter {
  countAlert(fingerprint: string, windowMs: number): Promise<AlertDecision>
}

/** Past this many fingerprints, expired ones are dropped so memory stays bounded. */
const SWEEP_AT = 10_000

/**
 * The in-process counter: de-duplicates within one instance. The default when the store does not
 * provide `countAlert`, and the fallback when the store cannot be reached.
 *
 * @example
 * const counter = memoryAlertCounter()
 * await counter.countAlert('9f1c…', 300_000) // { first: true, suppressed: 0 }
 * await counter.countAlert('9f1c…', 300_000) // { first: false, suppressed: 0 }
 */
export function memoryAlertCounter(now: () => number = Date.now): AlertCounter {
  const windows = new Map<string, { endsAt: number; suppressed: number }>()
  return {
    async countAlert(fingerprint, windowMs) {
      const time = now()
      const entry = windows.get(fingerprint)
      if (entry !== undefined && time < entry.endsAt) {
        entry.suppressed++
        return { first: false, suppressed: 0 }
      }
      if (windows.size >= SWEEP_AT) {
        for (const [key, value] of windows)
          if (value.endsAt <= time && value.suppressed === 0) windows.delete(key)
      }
      windows.set(fingerprint, { endsAt: time + windowMs, suppressed: 0 })
      return { first: true, suppressed: entry?.suppressed ?? 0 }
    },
  }
}

/**
 * Whether a store offers the alert counter operation.
 *
 * @example
 * const counter = hasAlertCounter(store) ? store : memoryAlertCounter()
 */
export function hasAlertCounter(store: unknown): store is AlertCounter {
  return (
    store !== null &&
    typeof store === 'object' &&
    typeof (store as { countAlert?: unknown }).countAlert === 'function'
  )
}
