import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { iamMissingPermission } from './iam-missing-permission.js'

/** Reads the table and sends to the queue the template names. */
const HANDLER = `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb')
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs')
const db = new DynamoDBClient({})
const sqs = new SQSClient({})
exports.handler = async () => {
  const item = await db.send(new GetItemCommand({ TableName: process.env.TABLE, Key: {} }))
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(item) }))
}
`

const service = (statements: string, managed = '') => `service: s
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE: !Ref Table
    QUEUE_URL: !Ref Queue
  iam:
    role:
${managed}      statements:
${statements}functions:
  worker:
    handler: src/worker.handler
resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
    Queue:
      Type: AWS::SQS::Queue
`

const readTable = `        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: !GetAtt Table.Arn
`

ruleTable(iamMissingPermission, {
  valid: [
    {
      name: 'every call is granted',
      files: sls(
        service(`${readTable}        - Effect: Allow
          Action: sqs:SendMessage
          Resource: !GetAtt Queue.Arn
`),
        { 'src/worker.js': HANDLER },
      ),
    },
    {
      name: 'granted through a wildcard',
      files: sls(
        service(`${readTable}        - Effect: Allow
          Action: sqs:Send*
          Resource: arn:aws:sqs:*:*:*
`),
        { 'src/worker.js': HANDLER },
      ),
    },
    {
      name: 'a managed policy the auditor does not know may grant it',
      files: sls(
        service(
          readTable,
          '      managedPolicies:\n        - arn:aws:iam::123456789012:policy/team-queues\n',
        ),
        { 'src/worker.js': HANDLER },
      ),
    },
    {
      name: 'a role made outside the project',
      files: sls(
        `service: s
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role: arn:aws:iam::123456789012:role/shared
functions:
  worker:
    handler: src/worker.handler
`,
        { 'src/worker.js': HANDLER },
      ),
    },
    {
      name: 'a client with credentials of its own',
      files: sls(service(readTable), {
        'src/worker.js': HANDLER.replace(
          'new SQSClient({})',
          'new SQSClient({ credentials: { accessKeyId: process.env.K, secretAccessKey: process.env.S } })',
        ),
      }),
    },
    {
      name: 'a call only another export makes',
      files: sls(service(readTable), {
        'src/worker.js': `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs')
const sqs = new SQSClient({})
exports.handler = async () => ({ ok: true })
exports.requeue = async () => sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: '' }))
`,
      }),
    },
  ],
  invalid: [
    {
      name: 'a queue the role says nothing about',
      files: sls(service(readTable), { 'src/worker.js': HANDLER }),
      findings: [
        {
          line: 7,
          column: 18,
          message:
            /worker calls sqs:SendMessage on \$\{Queue\.Arn\} but the provider role \(used by worker\) does not allow it/,
        },
      ],
    },
    {
      name: 'granted on another table',
      files: sls(
        service(`        - Effect: Allow
          Action: dynamodb:GetItem
          Resource: !GetAtt Other.Arn
        - Effect: Allow
          Action: sqs:SendMessage
          Resource: !GetAtt Queue.Arn
`).replace('    Queue:\n', '    Other:\n      Type: AWS::DynamoDB::Table\n    Queue:\n'),
        { 'src/worker.js': HANDLER },
      ),
      findings: [{ line: 6, message: /calls dynamodb:GetItem on \$\{Table\.Arn\}/ }],
    },
    {
      name: 'a SAM function without the policy for its secret',
      files: template(
        `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: app.handler
      Policies:
        - AWSLambdaBasicExecutionRole
`,
        {
          'app.mjs': `import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
const client = new SecretsManagerClient({})
export const handler = async () => client.send(new GetSecretValueCommand({ SecretId: 'stripe/key' }))
`,
        },
      ),
      findings: [
        { line: 3, message: /calls secretsmanager:GetSecretValue on .*secret:stripe\/key-\?{6} / },
      ],
    },
  ],
})
