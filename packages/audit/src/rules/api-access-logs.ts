import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const apiAccessLogs: Rule = {
  meta: {
    id: 'api-access-logs',
    title: 'API without access logs',
    category: 'no-log-retention-or-alarms',
    severity: 'low',
    practice: PRACTICE.logging,
    owasp: OWASP.logging,
    docs: {
      what: 'A REST, HTTP or websocket API with routes and no access logging.',
      why: 'Access logs are the record of who called what, from where, with which status: without them an incident cannot be investigated, and requests rejected before the function runs (authorizer, throttling) leave no trace at all.',
      fix: 'Turn access logs on: `provider.logs.restApi: true` / `provider.logs.httpApi: true` (Serverless), `AccessLogSetting` / `AccessLogSettings` (SAM/CloudFormation), `deployOptions.accessLogDestination` (CDK).',
      bad: 'provider:\n  name: aws',
      good: 'provider:\n  name: aws\n  logs:\n    restApi: true\n    httpApi: true',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const api of service.apis) {
        if (api.accessLogs !== false) continue
        if (!service.routes.some((r) => r.apiId === api.id)) continue
        report({
          span: api.span,
          message: `${api.kind === 'rest' ? 'REST' : api.kind === 'http' ? 'HTTP' : 'websocket'} API ${api.id} has no access logs`,
          subject: api.id,
        })
      }
    }
  },
}
