import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const configUnreadable: Rule = {
  meta: {
    id: 'config-unreadable',
    title: 'Configuration could not be audited',
    category: 'other',
    severity: 'medium',
    practice: PRACTICE.auditable,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A config file that is not valid YAML/JSON, a `${file()}` reference that leaves the project (refused), or a `serverless.ts`/`.js` whose configuration is computed and so cannot be read without running it.',
      why: 'What the auditor cannot read it cannot check: a broken file may also deploy differently from what you think, and a reference outside the project pulls in configuration nobody reviews with it.',
      fix: 'Fix the syntax error at the position shown; keep included files inside the project; export a plain object literal from serverless.ts.',
      bad: 'custom: ${file(../../shared/secrets.yml)}',
      good: 'custom: ${file(./config/${sls:stage}.yml)}',
    },
  },
  check(project, report) {
    for (const problem of project.problems) {
      report({
        span: problem.span,
        severity: problem.kind === 'parse-error' ? 'medium' : 'low',
        message: problem.message,
      })
    }
  },
}
