import { isInternetFacing } from './internal/routes.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const functionConcurrency: Rule = {
  meta: {
    id: 'function-concurrency',
    title: 'Public function without a concurrency limit',
    category: 'no-throttling-or-concurrency-limit',
    severity: 'low',
    practice: PRACTICE.denialOfService,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A function anyone can call without authenticating (an unauthenticated route or a function URL with AuthType NONE) and no reserved concurrency.',
      why: 'All functions of an account share one concurrency pool. A flood of requests to one public function takes the whole pool, so every other function (payments, logins, queues) starts failing with throttling errors.',
      fix: 'Set `reservedConcurrency` (Serverless) or `ReservedConcurrentExecutions` (SAM/CloudFormation) to what the function needs at peak; that also caps what an attacker can spend.',
      bad: 'functions:\n  publicSearch:\n    handler: src/search.handler\n    events:\n      - httpApi: GET /search',
      good: 'functions:\n  publicSearch:\n    handler: src/search.handler\n    reservedConcurrency: 20\n    events:\n      - httpApi: GET /search',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const fn of service.functions) {
        if (fn.generated || fn.reservedConcurrency !== undefined) continue
        const open = fn.routes.find(
          (r) =>
            r.auth.kind === 'none' && r.apiKeyRequired === false && isInternetFacing(service, r),
        )
        const openUrl = fn.url?.authType === 'NONE'
        if (open === undefined && !openUrl) continue
        report({
          span: fn.span,
          message: `${fn.name} can be called without authentication and has no reserved concurrency: a flood of requests can take the account's whole concurrency`,
          function: fn.name,
        })
      }
    }
  },
}
