import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const apiThrottling: Rule = {
  meta: {
    id: 'api-throttling',
    title: 'Public API without throttling',
    category: 'no-throttling-or-concurrency-limit',
    severity: 'medium',
    practice: PRACTICE.denialOfService,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A REST or HTTP API with routes but no throttling: no stage or route throttling limits, no usage plan with a throttle, no WAF web ACL.',
      why: "Without limits, one client can use the whole account's Lambda concurrency (starving every other function), run up the bill, and brute-force logins or tokens as fast as API Gateway accepts requests.",
      fix: 'Set stage throttling (`provider.apiGateway.usagePlan.throttle`, SAM `MethodSettings` / `DefaultRouteSettings` with `ThrottlingRateLimit` and `ThrottlingBurstLimit`) and rate limits per client in the handler (`@bulwark/guard` rateLimit).',
      bad: 'provider:\n  name: aws\nfunctions:\n  login:\n    events:\n      - http: POST /login',
      good: 'provider:\n  name: aws\n  apiGateway:\n    usagePlan:\n      throttle:\n        rateLimit: 100\n        burstLimit: 200',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const api of service.apis) {
        if (api.throttled !== false || api.private || api.kind === 'websocket') continue
        const routes = service.routes.filter((r) => r.apiId === api.id)
        if (routes.length === 0) continue
        const name = api.kind === 'rest' ? 'REST API' : 'HTTP API'
        // A usage plan that only groups API keys (no Throttle) limits nothing: say what is missing.
        report({
          span: api.span,
          message: `${name} ${api.id} (${routes.length} route${routes.length === 1 ? '' : 's'}) has no throttling limits (stage, route or usage-plan throttle) and no WAF`,
          subject: api.id,
        })
      }
    }
  },
}
