import { sls } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { apiTimeout } from './api-timeout.js'

const svc = (
  provider: string,
  fnExtra: string,
  event = '      - httpApi: POST /reports',
) => `service: s
provider:
  name: aws
${provider}functions:
  a:
    handler: a.main
${fnExtra}    events:
${event}
  b:
    handler: b.main
    events:
${event.replace('/reports', '/other')}
`

ruleTable(apiTimeout, {
  valid: [
    { name: 'within the gateway limit', files: sls(svc('  timeout: 29\n', '')) },
    {
      name: 'long timeout on a queue consumer',
      files: sls(svc('', '    timeout: 900\n', '      - sqs: arn:aws:sqs:us-east-1:1:q')),
    },
  ],
  invalid: [
    {
      name: 'function timeout',
      files: sls(svc('', '    timeout: 900\n')),
      findings: [{ line: 7, severity: 'medium', message: /^a has a 900 s timeout/ }],
    },
    {
      name: 'provider timeout: one finding for both',
      files: sls(svc('  timeout: 60\n', '')),
      findings: [{ line: 4, severity: 'low', message: /^a, b have/ }],
    },
  ],
})
