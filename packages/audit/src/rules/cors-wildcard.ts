import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const corsWildcard: Rule = {
  meta: {
    id: 'cors-wildcard',
    title: 'CORS allows every origin',
    category: 'cors-wildcard',
    severity: 'medium',
    practice: PRACTICE.cors,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A CORS setting that allows any origin: `cors: true` (which means `*`), `*` in the allowed origins, and worst, `*` together with credentials.',
      why: 'With `*`, any web page a user visits can call your API from their browser and read the answer. Combined with credentials, a malicious site acts as the logged-in user.',
      fix: 'List the origins of your own front ends (`https://app.example.com`). Never combine `*` with credentials.',
      bad: '- http:\n    path: /profile\n    method: get\n    cors: true',
      good: '- http:\n    path: /profile\n    method: get\n    cors:\n      origin: https://app.example.com',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const cors of service.cors) {
        if (!cors.origins.includes('*')) continue
        const fn = cors.function === undefined ? {} : { function: cors.function }
        if (cors.credentials === true) {
          report({
            span: cors.span,
            severity: 'high',
            message: `${cors.label}: CORS allows every origin together with credentials`,
            ...fn,
          })
        } else {
          report({
            span: cors.span,
            message: `${cors.label}: CORS allows every origin ("*")`,
            ...fn,
          })
        }
      }
    }
  },
}
