import { type LineWriter, stderrWriter } from '../output.js'
import { type AlertSink, alertText } from './alert.js'

/**
 * Writes each alert as one JSON line on standard error (`{"alert":true,…}`), for a CloudWatch
 * metric filter or subscription to pick up.
 *
 * @example
 * createGuard({ alerts: [stderrAlerts()] })
 */
export function stderrAlerts(options: { write?: LineWriter } = {}): AlertSink {
  const write = options.write ?? stderrWriter()
  return {
    name: 'stderr',
    async send(alert) {
      write(JSON.stringify({ alert: true, text: alertText(alert), ...alert }))
    },
  }
}
