import { ConfigError } from '../../core/errors.js'
import type { AlertSummary } from '../error-report.js'
import type { Logger } from '../logger.js'
import type { Alert, AlertSink } from './alert.js'
import { type AlertCounter, memoryAlertCounter } from './alert-counter.js'

/** Sends alerts: de-duplicated, bounded in time, never failing the caller. */
export interface Alerts {
  /**
   * Counts the occurrence and, when it is the first of its window, sends it to every sink. Resolves
   * after the sends finish or after `maxWaitMs`, whichever comes first; never rejects. Sends still
   * in flight go on in the background.
   */
  notify(summary: AlertSummary): Promise<void>
}

export interface AlertsOptions {
  readonly sinks: readonly AlertSink[]
  /** Shared counter (the store); falls back to an in-process one when it fails. */
  readonly counter?: AlertCounter
  /** At most one alert per fingerprint per window. Default 5 minutes. */
  readonly windowMs?: number
  /** The longest a response waits for alerts. Default 200 ms. */
  readonly maxWaitMs?: number
  /** Sends still running after this long are aborted. Default 5 seconds. */
  readonly sendTimeoutMs?: number
  /** Where sink failures are reported (once per failing sink until it recovers). */
  readonly log?: Logger
  /** The time, in ms since the epoch. Default `Date.now`. */
  readonly now?: () => number
}

/**
 * Creates the alert dispatcher.
 *
 * @example
 * const alerts = createAlerts({ sinks: [webhookAlerts(process.env.SLACK_WEBHOOK_URL!)], counter: store })
 * await alerts.notify(report.alert)
 */
export function createAlerts(options: AlertsOptions): Alerts {
  const { sinks, log } = options
  if (
    !Array.isArray(sinks) ||
    sinks.some((sink) => typeof sink?.send !== 'function' || typeof sink.name !== 'string')
  ) {
    throw new ConfigError(
      'alerts must be a list of alert sinks, such as webhookAlerts(url) or stderrAlerts()',
    )
  }
  const windowMs = options.windowMs ?? 300_000
  const maxWaitMs = options.maxWaitMs ?? 200
  const sendTimeoutMs = options.sendTimeoutMs ?? 5000
  const counter = options.counter ?? memoryAlertCounter()
  const now = options.now ?? Date.now
  const fallback = memoryAlertCounter()
  const failing = new Set<string>()

  const reportFailure = (what: string, error: unknown) => {
    if (failing.has(what)) return
    failing.add(what)
    log?.warn(`alerts: ${what} failed; further failures are not logged until it recovers`, {
      error,
    })
  }
  const reportRecovery = (what: string) => {
    if (failing.delete(what)) log?.info(`alerts: ${what} recovered`)
  }

  const decide = async (fingerprint: string) => {
    try {
      const decision = await counter.countAlert(fingerprint, windowMs, now())
      reportRecovery('alert counter')
      return decision
    } catch (error) {
      reportFailure('alert counter', error)
      return fallback.countAlert(fingerprint, windowMs, now())
    }
  }

  const dispatch = async (summary: AlertSummary, signal: AbortSignal) => {
    const decision = await decide(summary.fingerprint)
    if (!decision.first) return
    const alert: Alert = {
      ...summary,
      suppressed: decision.suppressed,
      count: decision.suppressed + 1,
      windowMs,
    }
    await Promise.all(
      sinks.map(async (sink) => {
        try {
          await sink.send(alert, signal)
          reportRecovery(`sink ${sink.name}`)
        } catch (error) {
          reportFailure(`sink ${sink.name}`, error)
        }
      }),
    )
  }

  return {
    async notify(summary) {
      if (sinks.length === 0) return
      let timer: ReturnType<typeof setTimeout> | undefined
      // Not unref'd: the wait is short, and an awaited notify must not be abandoned because
      // nothing else keeps the event loop alive.
      const waited = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, maxWaitMs)
      })
      const work = dispatch(summary, AbortSignal.timeout(sendTimeoutMs)).catch((error) =>
        reportFailure('alert dispatch', error),
      )
      await Promise.race([work, waited])
      clearTimeout(timer)
    },
  }
}
