import { isMutating, routeLabel } from './internal/routes.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const apiKeyOnlyMutation: Rule = {
  meta: {
    id: 'api-key-only-mutation',
    title: 'Data-changing route protected only by an API key',
    category: 'api-key-only-mutation',
    severity: 'high',
    practice: PRACTICE.apiKeys,
    owasp: OWASP.brokenAuthentication,
    docs: {
      what: 'A POST, PUT, PATCH, DELETE or ANY route whose only protection is an API key (`private: true`, `ApiKeyRequired: true`) with no authorizer.',
      why: 'API keys identify a client application for quotas; they are shipped in apps and web pages, rarely rotated, and not tied to a user. Anyone holding one can change data for every user.',
      fix: 'Add a user authorizer (Cognito/JWT, Lambda or AWS_IAM) to routes that modify data; keep the API key for usage plans.',
      bad: '- http:\n    method: delete\n    path: /users/{id}\n    private: true',
      good: '- http:\n    method: delete\n    path: /users/{id}\n    private: true\n    authorizer: aws_iam',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const route of service.routes) {
        if (
          route.auth.kind !== 'none' ||
          route.apiKeyRequired !== true ||
          !isMutating(route.method)
        )
          continue
        report({
          span: route.span,
          message: `${routeLabel(route)} changes data with only an API key: anyone holding the key can call it for any user`,
          subject: routeLabel(route),
          ...(route.function === undefined ? {} : { function: route.function }),
        })
      }
    }
  },
}
