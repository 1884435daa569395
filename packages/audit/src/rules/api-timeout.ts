import type { Span } from '../load/tree.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/** API Gateway stops waiting for an integration after 29 s (REST) or 30 s (HTTP APIs). */
const GATEWAY_LIMIT_SECONDS = 30

export const apiTimeout: Rule = {
  meta: {
    id: 'api-timeout',
    title: 'HTTP function timeout far above what API Gateway allows',
    category: 'no-throttling-or-concurrency-limit',
    severity: 'low',
    practice: PRACTICE.denialOfService,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A function behind an API Gateway route with a timeout longer than the gateway waits (29 s for REST APIs, 30 s for HTTP APIs).',
      why: 'The client gets a 504 after 30 s but the function keeps running (and billing, and holding concurrency) up to its own timeout. Slow requests become a cheap way to exhaust concurrency.',
      fix: 'Set the function timeout at or below 29 s for synchronous routes; move long work to a queue or a Step Functions workflow and answer 202.',
      bad: 'functions:\n  report:\n    timeout: 900\n    events:\n      - http: POST /reports',
      good: 'functions:\n  report:\n    timeout: 28\n    events:\n      - http: POST /reports',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      // A provider-wide timeout is one finding naming every HTTP function it applies to.
      const bySpan = new Map<string, { span: Span; seconds: number; names: string[] }>()
      for (const fn of service.functions) {
        const seconds = fn.timeout?.value
        if (fn.generated || fn.timeout === undefined || typeof seconds !== 'number') continue
        if (!fn.routes.some((r) => r.kind === 'rest' || r.kind === 'http')) continue
        if (seconds <= GATEWAY_LIMIT_SECONDS) continue
        const key = `${fn.timeout.span.line}:${fn.timeout.span.column}`
        const group = bySpan.get(key) ?? { span: fn.timeout.span, seconds, names: [] }
        group.names.push(fn.name)
        bySpan.set(key, group)
      }
      for (const { span, seconds, names } of bySpan.values()) {
        report({
          span,
          severity: seconds >= 120 ? 'medium' : 'low',
          message: `${names.join(', ')} ${names.length === 1 ? 'has' : 'have'} a ${seconds} s timeout but API Gateway gives up after 29-30 s: the function keeps running after the client got a 504`,
          ...(names.length === 1 ? { function: names[0] as string } : {}),
        })
      }
    }
  },
}
