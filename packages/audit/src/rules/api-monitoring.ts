import { at } from '../load/tree.js'
import { isInternetFacing } from './internal/routes.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const apiMonitoring: Rule = {
  meta: {
    id: 'api-monitoring',
    title: 'Public API without alarms',
    category: 'no-log-retention-or-alarms',
    severity: 'low',
    practice: PRACTICE.logging,
    owasp: OWASP.logging,
    docs: {
      what: 'A service with internet-facing routes but no CloudWatch alarm (and no alerts plugin): nobody is told when errors, throttles or 4xx responses spike.',
      why: 'Attacks show up as spikes: failed logins, 4xx from probing, throttles from a flood, errors from injection attempts. Without alarms they are noticed, if ever, from the bill or a customer.',
      fix: 'Add CloudWatch alarms on the API 4XX/5XX and Lambda Errors/Throttles metrics (`serverless-plugin-aws-alerts`, `AWS::CloudWatch::Alarm`), and alert on the security events `@bulwark/guard` emits.',
      bad: 'functions:\n  api:\n    events:\n      - httpApi: "*"',
      good: 'plugins:\n  - serverless-plugin-aws-alerts\ncustom:\n  alerts:\n    topics:\n      alarm: ${self:service}-alerts\n    alarms: [functionErrors, functionThrottles]',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      const publicRoutes = service.routes.filter((r) => isInternetFacing(service, r))
      if (publicRoutes.length === 0) continue
      const hasAlarms =
        service.resources.some(
          (r) =>
            r.type === 'AWS::CloudWatch::Alarm' || r.type === 'AWS::CloudWatch::CompositeAlarm',
        ) ||
        at(service.root, 'custom', 'alerts') !== undefined ||
        service.plugins.includes('serverless-plugin-aws-alerts')
      if (hasAlarms) continue
      const api = service.apis.find((a) => publicRoutes.some((r) => r.apiId === a.id))
      report({
        span: api?.span ?? service.span,
        message: `${service.name} serves ${publicRoutes.length} internet-facing route${publicRoutes.length === 1 ? '' : 's'} with no CloudWatch alarm on errors or throttles`,
        subject: service.name,
      })
    }
  },
}
