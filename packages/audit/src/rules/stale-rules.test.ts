import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { handlerMissing } from './handler-missing.js'
import { stageSeparation } from './stage-separation.js'
import { untriggeredFunction } from './untriggered-function.js'
import { unusedHandlerFile } from './unused-handler-file.js'

const two = `service: s
provider:
  name: aws
  runtime: nodejs22.x
functions:
  create:
    handler: src/handlers/create.handler
    events:
      - httpApi: POST /items
  list:
    handler: src/handlers/list.handler
    events:
      - httpApi: GET /items
`

ruleTable(handlerMissing, {
  valid: [
    {
      name: 'ESM, CommonJS and re-exporting handlers',
      files: sls(two.replace('list.handler', 'list.main'), {
        'src/handlers/create.ts': 'export const handler = async () => ({ statusCode: 200 })',
        'src/handlers/list.js': 'module.exports = { main: async () => {} }',
      }),
    },
    {
      name: 'build output folder not in the repository',
      files: sls(two.replaceAll('src/handlers', 'dist')),
    },
    {
      name: 'Python handler',
      files: sls(
        'service: s\nprovider:\n  name: aws\n  runtime: python3.12\nfunctions:\n  a:\n    handler: app.handler\n',
        { 'app.py': 'def handler(event, context):\n    return {}\n' },
      ),
    },
    {
      // Framework v1 style: `provider: aws` as a string, the runtime set by a plugin or a default.
      name: 'Python handler of a service that states no runtime',
      files: sls('service: s\nprovider: aws\nfunctions:\n  a:\n    handler: src/jobs.run\n', {
        'src/jobs.py': 'import json\n\n\ndef run(event, context):\n    return json.dumps({})\n',
      }),
    },
    {
      // Code built and uploaded by another step: a packaged SAM template, a CloudFormation
      // function with Code.S3Bucket.
      name: 'code in S3, not in the project',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Packaged:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: s3://deploy-bucket/5d41402abc4b2a76b9719d911017c592
      Handler: app.lambdaHandler
      Runtime: nodejs22.x
  FromBucket:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: { Bucket: deploy-bucket, Key: worker.zip }
      Handler: worker.handler
      Runtime: nodejs22.x
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Code: { S3Bucket: !Ref CodeBucket, S3Key: plain.zip }
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/plain
`),
    },
    {
      name: 'SAM CodeUri',
      files: template(
        'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: hello/\n      Handler: app.lambdaHandler\n      Runtime: nodejs22.x\n',
        { 'hello/app.mjs': 'export const lambdaHandler = async () => {}' },
      ),
    },
  ],
  invalid: [
    {
      name: 'missing file and missing export',
      files: sls(two, {
        'src/handlers/create.ts': 'export const main = async () => {}',
        'src/handlers/other.ts': '',
      }),
      findings: [
        {
          line: 11,
          severity: 'medium',
          message: /src\/handlers\/list, which is not in the project/,
        },
        { line: 7, severity: 'low', message: /has no export named handler/ },
      ],
    },
    {
      name: 'a Python file without the function, runtime not stated',
      files: sls('service: s\nprovider: aws\nfunctions:\n  a:\n    handler: src/jobs.run\n', {
        'src/jobs.py': 'def other(event, context):\n    return 1\n',
      }),
      findings: [{ line: 5, severity: 'low', message: /src\/jobs.py has no export named run/ }],
    },
  ],
})

ruleTable(untriggeredFunction, {
  valid: [
    {
      name: 'authorizer function referenced by name',
      files: sls(
        'service: s\nprovider:\n  name: aws\nfunctions:\n  auth:\n    handler: a.auth\n  api:\n    handler: a.api\n    events:\n      - http:\n          path: x\n          method: get\n          authorizer: auth\n',
      ),
    },
    {
      name: 'CloudFormation function invoked by a state machine',
      files: template(
        'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: a.handler\n  Machine:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionSubstitutions:\n        Fn: !GetAtt Fn.Arn\n',
      ),
    },
    {
      // The authorizer a whole SAM API uses, declared once in Globals.
      name: 'a Lambda authorizer named in Globals.Api',
      files: template(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: TokenAuth
      Authorizers:
        TokenAuth:
          FunctionArn: !GetAtt AuthorizerFunction.Arn
Resources:
  AuthorizerFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: auth.handler
      Runtime: nodejs22.x
  Items:
    Type: AWS::Serverless::Function
    Properties:
      Handler: items.handler
      Runtime: nodejs22.x
      Events:
        List:
          Type: Api
          Properties: { Path: /items, Method: get }
`),
    },
    {
      // Events only in production (`!If`), or kept in a file the project does not hold.
      name: 'events the auditor cannot read',
      files: {
        'template.yaml': `Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Parameters:
  Stage: { Type: String }
Resources:
  Report:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
      Events: !If
        - IsProd
        - Nightly:
            Type: Schedule
            Properties: { Schedule: rate(1 day) }
        - !Ref AWS::NoValue
`,
        'svc/serverless.yml':
          'service: s\nprovider:\n  name: aws\nfunctions:\n  job:\n    handler: a.job\n    events: ${file(./events.${opt:stage}.yml)}\n',
      },
    },
  ],
  invalid: [
    {
      name: 'no events, no references',
      files: sls('service: s\nprovider:\n  name: aws\nfunctions:\n  oldJob:\n    handler: a.job\n'),
      findings: [{ line: 5, column: 3 }],
    },
  ],
})

ruleTable(unusedHandlerFile, {
  valid: [
    {
      name: 'shared module imported by handlers',
      files: sls(two, {
        'src/handlers/create.ts':
          "import { db } from './db'\nexport const handler = async () => db",
        'src/handlers/list.ts': 'export const handler = async () => {}',
        'src/handlers/db.ts': 'export const db = 1\nexport const handler = 2',
        'src/handlers/create.test.ts': 'export const handler = 3',
      }),
    },
  ],
  invalid: [
    {
      name: 'a leftover handler',
      files: sls(two, {
        'src/handlers/create.ts': 'export const handler = async () => {}',
        'src/handlers/list.ts': 'export const handler = async () => {}',
        'src/handlers/legacyImport.ts': 'export const handler = async () => {}',
      }),
      findings: [{ line: 1, message: /src\/handlers\/legacyImport.ts exports handler/ }],
    },
  ],
})

ruleTable(stageSeparation, {
  valid: [
    {
      name: 'stage in the parameter name',
      files: sls(
        "service: s\nprovider:\n  name: aws\n  stage: ${opt:stage, 'dev'}\n  environment:\n    DB_PASSWORD_PARAM: ${ssm:/app/${sls:stage}/db}\nfunctions:\n  a:\n    handler: a.main\n",
      ),
    },
    {
      name: 'single-stage service',
      files: sls(
        'service: s\nprovider:\n  name: aws\n  environment:\n    DB: ${ssm:/app/db}\nfunctions:\n  a:\n    handler: a.main\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'same parameter in every stage',
      files: sls(
        "service: s\nprovider:\n  name: aws\n  stage: ${opt:stage, 'dev'}\n  environment:\n    DB_PASSWORD: ${ssm:/app/db-password}\nfunctions:\n  a:\n    handler: a.main\n  b:\n    handler: b.main\n",
      ),
      findings: [{ line: 6, message: /\/app\/db-password in every stage/ }],
    },
    {
      name: 'resolver options are not part of the parameter name',
      files: sls(
        "service: s\nprovider:\n  name: aws\n  stage: ${opt:stage, 'dev'}\n  environment:\n    DB_PASSWORD: ${ssm(noDecrypt, eu-west-1):/app/db-password}\nfunctions:\n  a:\n    handler: a.main\n",
      ),
      findings: [{ line: 6, message: /reads \/app\/db-password in every stage/ }],
    },
  ],
})
