import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const untriggeredFunction: Rule = {
  meta: {
    id: 'untriggered-function',
    title: 'Function that nothing triggers',
    category: 'stale-function',
    severity: 'low',
    practice: PRACTICE.deleteOldFunctions,
    owasp: OWASP.misconfiguration,
    docs: {
      what: "A function with no events, no function URL, and no reference from anything else in the configuration (an authorizer, a state machine, another resource, another function's environment).",
      why: 'Functions nobody calls are forgotten: their dependencies and runtime age unpatched, their roles keep permissions, and anyone who can invoke functions in the account can still run them.',
      fix: 'Delete the function if it is unused; if it is invoked directly (SDK, console, another account), say so with a `bulwark-ignore untriggered-function: reason` comment.',
      bad: 'functions:\n  migrateV1:\n    handler: src/migrate.handler',
      good: '# bulwark-ignore untriggered-function: invoked by the deploy pipeline after each release\nfunctions:\n  migrateV1:\n    handler: src/migrate.handler',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const fn of service.functions) {
        if (fn.generated || fn.referenced || fn.events.length > 0 || fn.url !== undefined) continue
        report({
          span: fn.span,
          message: `${fn.name} has no events and nothing in the configuration refers to it`,
          function: fn.name,
        })
      }
    }
  },
}
