import { sls } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { functionConcurrency } from './function-concurrency.js'

const fn = (extra: string, event: string) => `service: s
provider:
  name: aws
functions:
  a:
    handler: a.main
${extra}    events:
${event}
`

ruleTable(functionConcurrency, {
  valid: [
    {
      name: 'reserved concurrency set',
      files: sls(fn('    reservedConcurrency: 5\n', '      - httpApi: GET /x')),
    },
    {
      name: 'authenticated route',
      files: sls(
        fn(
          '',
          '      - http:\n          path: x\n          method: get\n          authorizer: aws_iam',
        ),
      ),
    },
    { name: 'queue consumer', files: sls(fn('', '      - sqs: arn:aws:sqs:us-east-1:1:q')) },
  ],
  invalid: [
    {
      name: 'public route, no limit',
      files: sls(fn('', '      - httpApi: GET /x')),
      findings: [{ line: 5, severity: 'low' }],
    },
  ],
})
