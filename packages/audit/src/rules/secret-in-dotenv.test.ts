import { sls } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { secretInDotenv } from './secret-in-dotenv.js'

const service = `service: s
provider:
  name: aws
  runtime: nodejs22.x
functions:
  a:
    handler: a.main
package:
  patterns:
    - .env
`

ruleTable(secretInDotenv, {
  valid: [
    {
      name: 'a template of the variables with placeholders',
      files: sls(service, {
        '.env.example':
          'DB_HOST=localhost\nDB_PASSWORD=<from Parameter Store>\nJWT_SECRET=changeme\nSTRIPE_SECRET_KEY=\n',
      }),
    },
    {
      name: 'a local .env that .gitignore keeps out of git',
      files: sls(service, {
        '.gitignore': 'node_modules\n.serverless\n.env*\n!.env.example\n',
        '.env': 'DB_PASSWORD=Redacted4Corpus!\n',
        'services/api/.env.production': 'API_TOKEN=9f8e7d6c5b4a\n',
      }),
    },
    {
      name: 'names, references and settings',
      files: sls(service, {
        '.env': [
          'DB_HOST="db.example.internal"',
          'DB_PASSWORD_PARAM=/app/prod/db-password',
          'JWT_SECRET_ARN=arn:aws:secretsmanager:us-east-1:1:secret:jwt',
          'TOKEN_TTL=3600',
          'API_KEY=${API_KEY_FROM_CI}',
        ].join('\n'),
      }),
    },
  ],
  invalid: [
    {
      // A committed .env that the serverless config also packages: the database password in git.
      name: 'database credentials committed next to serverless.yml',
      files: sls(service, {
        '.gitignore': 'node_modules\n.serverless\npackage.json',
        '.env':
          'DB_HOST = "nat20-db-0.example.us-east-1.rds.amazonaws.com"\nDB_USER = "overlord"\nDB_PASSWORD = "Redacted4Corpus!"',
      }),
      findings: [{ line: 3, column: 1, severity: 'high', message: /\.env holds DB_PASSWORD/ }],
    },
    {
      name: 'a known credential format under any name, with export and a comment',
      files: sls(service, {
        'config/prod.env':
          '# production\nexport SETTINGS_A=AKIAIOSFODNN7EXAMPLE  # rotate me\nLOG_LEVEL=info\n',
      }),
      findings: [{ line: 2, column: 8, severity: 'critical', message: /AWS access key id/ }],
    },
  ],
})
