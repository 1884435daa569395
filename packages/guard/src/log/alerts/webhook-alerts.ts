import { ConfigError } from '../../core/errors.js'
import { assertKnownKeys, positiveInteger } from '../../core/options.js'
import { registerSecret } from '../redact/secret-registry.js'
import { type Alert, type AlertSink, alertText } from './alert.js'

export interface WebhookAlertOptions {
  /** Give up on a delivery after this long. Default 3000 ms. */
  readonly timeoutMs?: number
  /** The JSON body to post. Default: Slack's `{ text }`, which Mattermost and others accept too. */
  readonly body?: (alert: Alert) => unknown
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/**
 * Posts each alert as JSON to a webhook (Slack incoming webhooks by default). The URL is a
 * credential — whoever has it can post — so it is registered as a secret and never logged, and it
 * must be https (plain http only to this machine, for tests).
 *
 * @example
 * createGuard({ alerts: [webhookAlerts(process.env.SLACK_WEBHOOK_URL!, { timeoutMs: 2000 })] })
 */
export function webhookAlerts(url: string, options: WebhookAlertOptions = {}): AlertSink {
  assertKnownKeys('webhookAlerts options', options, ['timeoutMs', 'body'])
  let target: URL
  try {
    target = new URL(url)
  } catch {
    throw new ConfigError('webhookAlerts needs an absolute https URL')
  }
  if (
    target.protocol !== 'https:' &&
    !(target.protocol === 'http:' && LOOPBACK.has(target.hostname))
  ) {
    throw new ConfigError('webhookAlerts needs an https URL (http is allowed only for localhost)')
  }
  const timeoutMs =
    options.timeoutMs === undefined
      ? 3000
      : positiveInteger('webhookAlerts timeoutMs', options.timeoutMs)
  const body = options.body ?? ((alert: Alert) => ({ text: alertText(alert) }))
  if (typeof body !== 'function') throw new ConfigError('webhookAlerts body must be a function')
  registerSecret(target.href)
  if (target.pathname.length > 1) registerSecret(target.pathname)

  return {
    name: `webhook ${target.host}`,
    async send(alert, signal) {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body(alert)),
        redirect: 'error',
        signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
      })
      // Drain the body so the connection can be reused, without caring what it says.
      await response.arrayBuffer().catch(() => undefined)
      if (!response.ok) throw new Error(`webhook answered HTTP ${response.status}`)
    },
  }
}
