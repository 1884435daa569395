import { sls } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { apiKeyOnlyMutation } from './api-key-only-mutation.js'

const route = (method: string, extra: string) => `service: s
provider:
  name: aws
  apiGateway:
    apiKeys:
      - partner
functions:
  f:
    handler: h.main
    events:
      - http:
          path: orders
          method: ${method}
${extra}`

ruleTable(apiKeyOnlyMutation, {
  valid: [
    { name: 'read with an API key', files: sls(route('get', '          private: true\n')) },
    {
      name: 'write with an API key and an authorizer',
      files: sls(route('post', '          private: true\n          authorizer: aws_iam\n')),
    },
  ],
  invalid: [
    {
      name: 'POST with only an API key',
      files: sls(route('post', '          private: true\n')),
      findings: [{ line: 11, severity: 'high', message: /POST \/orders/ }],
    },
  ],
})
