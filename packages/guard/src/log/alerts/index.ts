export { type Alert, type AlertSink, alertText } from './alert.js'
export {
  type AlertCounter,
  type AlertDecision,
  memoryAlertCounter,
} from './alert-counter.js'
export { type Alerts, type AlertsOptions, createAlerts } from './alerts.js'
export { type SnsPublisher, snsAlerts } from './sns-alerts.js'
export { stderrAlerts } from './stderr-alerts.js'
export { type WebhookAlertOptions, webhookAlerts } from './webhook-alerts.js'
