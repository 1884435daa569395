import { sls } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { configUnreadable } from './config-unreadable.js'

ruleTable(configUnreadable, {
  valid: [{ name: 'a valid file', files: sls('service: s\nprovider:\n  name: aws\n') }],
  invalid: [
    {
      name: 'malformed YAML, with its position',
      files: sls('service: s\nprovider:\n  name: aws\n  runtime: [nodejs22.x\nfunctions: {}\n'),
      findings: [{ line: 5, severity: 'medium', message: /not valid YAML/ }],
    },
    {
      name: '${file()} outside the project is refused',
      files: sls('service: s\nprovider:\n  name: aws\ncustom: ${file(../../etc/passwd)}\n'),
      findings: [{ line: 4, severity: 'low', message: /outside the project/ }],
    },
    {
      name: 'a serverless.ts that is not an object literal',
      files: {
        'serverless.ts':
          "import { build } from './config'\nexport default build(process.env.STAGE)\n",
      },
      findings: [{ line: 1, message: /could not be audited/ }],
    },
  ],
})
