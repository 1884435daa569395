import type { AlertSummary } from '../error-report.js'

/** What a sink receives: the summary plus how many alerts of this fingerprint were held back. */
export interface Alert extends AlertSummary {
  /** Alerts with this fingerprint suppressed since the last one sent. */
  readonly suppressed: number
  /** Occurrences this alert stands for: itself and the suppressed ones. */
  readonly count: number
  /** The de-duplication window, in milliseconds. */
  readonly windowMs: number
}

/** Somewhere alerts go: a chat webhook, a topic, a pager. */
export interface AlertSink {
  /** Names the sink in the (single) log line written when it fails. */
  readonly name: string
  /** Sends one alert; should give up when `signal` aborts. */
  send(alert: Alert, signal: AbortSignal): Promise<void>
}

/**
 * One human-readable line for an alert, built only from its fields.
 *
 * @example
 * alertText(alert) // 'Bulwark alert: ERR_INTERNAL (TypeError) on POST /transfers in bank — fingerprint 1a2b…, 3 more since the last alert, request id r-1'
 */
export function alertText(alert: Alert): string {
  const where = alert.function === null ? '' : ` in ${alert.function}`
  const more = alert.suppressed > 0 ? `, ${alert.suppressed} more since the last alert` : ''
  return `Bulwark alert: ${alert.code} (${alert.errorName}) on ${alert.route}${where} — fingerprint ${alert.fingerprint}${more}, request id ${alert.requestId}`
}
