// One case per AWS SDK idiom: the statements `bulwark policy` computes from a handler's code.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { loadProject } from '../load/index.js'
import { withProject } from '../testing/project.js'
import { statementsJson } from './format-policy.js'
import { policyAnalysis } from './policy.js'

const RESOURCES = `resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
    Bucket:
      Type: AWS::S3::Bucket
    Queue:
      Type: AWS::SQS::Queue
    Topic:
      Type: AWS::SNS::Topic
    Machine:
      Type: AWS::StepFunctions::StateMachine
    Worker:
      Type: AWS::Lambda::Function
      Properties:
        Handler: worker.handler
        Runtime: nodejs20.x
        Role: arn:aws:iam::123456789012:role/worker
    Secret:
      Type: AWS::SecretsManager::Secret
      Properties:
        Name: prod/api
`

const ENV = `    TABLE: !Ref Table
    BUCKET: !Ref Bucket
    QUEUE_URL: !Ref Queue
    TOPIC_ARN: !Ref Topic
    MACHINE_ARN: !Ref Machine
    WORKER: !Ref Worker
    SECRET_ID: !Ref Secret
    STAGE: dev
`

/** A serverless.yml with one function whose handler is `file`, and the test's resources. */
function project(file: string, code: string, env = ENV): Record<string, string> {
  return {
    'serverless.yml': `service: svc
provider:
  name: aws
  runtime: nodejs20.x
  environment:
${env}functions:
  fn:
    handler: ${file.replace(/\.[mc]?[jt]s$/, '')}.handler
${RESOURCES}`,
    [file]: code,
  }
}

type Statements = ReturnType<typeof statementsJson>

function analyze(files: Record<string, string>) {
  return withProject(files, (dir) => {
    const { project } = loadProject(dir)
    const functions = policyAnalysis(project).functions()
    const p = functions.find((f) => f.fn.name === 'fn' || f.fn.name === 'Fn')
    assert.ok(p !== undefined, 'a function')
    return {
      statements: statementsJson(p.statements, p.refs),
      analyzable: p.analyzable,
      notes: p.notes,
    }
  })
}

const allow = (actions: string[], resources: string[]): Statements[number] => ({
  Effect: 'Allow',
  Action: actions,
  Resource: resources,
})

const TABLE = '${Table.Arn}'
const PARAMETER = 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter'

/** Bulwark's own secrets module: each store method as the provider's SDK call. */
function guardSecretsCases() {
  const withParameter = `${ENV}    DB_URL_PARAMETER: /svc/dev/db-url\n`
  const store = (provider: string, body: string, options = '') =>
    `import { secrets, ${provider.replace(/\(.*/, '')} } from '@bulwark/guard/secrets'
const config = secrets({ provider: ${provider}${options} })
export const handler = async () => {
  ${body}
}
`
  return [
    {
      name: '@bulwark/guard/secrets on ssmParameters(): get with a literal name',
      files: project(
        'src/handler.ts',
        store('ssmParameters()', "await config.get('/svc/dev/key')"),
      ),
      statements: [allow(['ssm:GetParameter'], [`${PARAMETER}/svc/dev/key`])],
    },
    {
      name: '@bulwark/guard/secrets on ssmParameters(): get with a name the template sets, refresh',
      files: project(
        'src/handler.ts',
        store(
          'ssmParameters()',
          'const name = process.env.DB_URL_PARAMETER\n  await config.get(name, { json: true })\n  await config.refresh(name)',
        ),
        withParameter,
      ),
      statements: [allow(['ssm:GetParameter'], [`${PARAMETER}/svc/dev/db-url`])],
    },
    {
      name: '@bulwark/guard/secrets on ssmParameters(): getPath, getMany and the prefetch option',
      files: project(
        'src/handler.ts',
        store(
          'ssmParameters()',
          "await config.getPath('/svc/dev/flags')\n  await config.getMany(['/svc/dev/a'])",
          ", prefetch: ['/svc/dev/b']",
        ),
      ),
      statements: [
        allow(['ssm:GetParameters'], [`${PARAMETER}/svc/dev/a`, `${PARAMETER}/svc/dev/b`]),
        allow(['ssm:GetParametersByPath'], [`${PARAMETER}/svc/dev/flags*`]),
      ],
    },
    {
      name: '@bulwark/guard/secrets on secretsManager(): get reads the secret the template names',
      files: project(
        'src/handler.ts',
        store('secretsManager()', "await config.get(process.env.SECRET_ID, { field: 'password' })"),
      ),
      statements: [allow(['secretsmanager:GetSecretValue'], ['${Secret}'])],
    },
    {
      name: '@bulwark/guard/secrets on secretsManager(): getMany reads each secret it names',
      files: project(
        'src/handler.ts',
        store('secretsManager()', "await config.getMany(['prod/db', 'prod/stripe'])"),
      ),
      // Six characters, as AWS documents it: `prod/db-*` would also grant `prod/db-admin-…`.
      statements: [
        allow(
          ['secretsmanager:GetSecretValue'],
          [
            'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-??????',
            'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/stripe-??????',
          ],
        ),
      ],
    },
    {
      name: '@bulwark/guard/secrets on env(): no AWS call',
      files: project(
        'src/handler.ts',
        store('env()', "await config.get('db-url')\n  await config.getMany(['a', 'b'])"),
      ),
      statements: [],
    },
  ]
}
const CASES: {
  name: string
  files: Record<string, string>
  statements: Statements
  note?: RegExp
}[] = [
  {
    name: 'v3 client and command, ESM TypeScript, resource from the template environment',
    files: project(
      'src/handler.ts',
      `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3'
const s3 = new S3Client({})
export const handler = async (event: { key: string }) =>
  s3.send(new GetObjectCommand({ Bucket: process.env.BUCKET, Key: event.key }))
`,
    ),
    statements: [allow(['s3:GetObject'], ['${Bucket.Arn}/*'])],
  },
  {
    name: 'v3 client and command, CommonJS, queue URL from !Ref',
    files: project(
      'src/handler.js',
      `const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs')
const sqs = new SQSClient({})
exports.handler = async (event) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: event.body }))
}
`,
    ),
    statements: [allow(['sqs:SendMessage'], ['${Queue.Arn}'])],
  },
  {
    name: 'v3 aggregated client, literal key prefix',
    files: project(
      'src/handler.mjs',
      `import { S3 } from '@aws-sdk/client-s3'
const s3 = new S3({})
export const handler = async () => {
  await s3.putObject({ Bucket: process.env.BUCKET, Key: 'reports/daily.json', Body: '{}' })
}
`,
    ),
    statements: [allow(['s3:PutObject'], ['${Bucket.Arn}/reports/daily.json'])],
  },
  {
    name: 'lib-dynamodb commands through a shared client module, a query on an index',
    files: {
      ...project(
        'src/handler.ts',
        `import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { db, TABLE } from './db'
export const handler = async (event: { id: string }) => {
  await db.send(new GetCommand({ TableName: TABLE, Key: { id: event.id } }))
  return db.send(new QueryCommand({ TableName: TABLE, IndexName: 'byOwner', KeyConditionExpression: 'o = :o' }))
}
`,
      ),
      'src/db.ts': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'
export const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))
export const TABLE = process.env.TABLE
`,
    },
    statements: [
      allow(['dynamodb:GetItem'], [TABLE]),
      allow(['dynamodb:Query'], ['${Table.Arn}/index/byOwner']),
    ],
  },
  {
    name: 'v3 DynamoDBDocument (aggregated document client)',
    files: project(
      'src/handler.ts',
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb'
const doc = DynamoDBDocument.from(new DynamoDBClient({}))
export const handler = async () => { await doc.put({ TableName: process.env.TABLE, Item: { id: '1' } }) }
`,
    ),
    statements: [allow(['dynamodb:PutItem'], [TABLE])],
  },
  {
    name: 'transactions and batches name their tables inside the request',
    files: project(
      'src/handler.ts',
      `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, TransactWriteCommand, BatchGetCommand } from '@aws-sdk/lib-dynamodb'
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))
export const handler = async () => {
  await db.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: process.env.TABLE, Item: {} } }, { Delete: { TableName: 'audit', Key: {} } }] }))
  await db.send(new BatchGetCommand({ RequestItems: { audit: { Keys: [] } } }))
}
`,
    ),
    statements: [
      allow(
        ['dynamodb:BatchGetItem', 'dynamodb:DeleteItem'],
        ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/audit'],
      ),
      allow(['dynamodb:PutItem'], [TABLE]),
    ],
  },
  {
    name: 'lib-storage Upload: PutObject and AbortMultipartUpload',
    files: project(
      'src/handler.ts',
      `import { S3Client } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
export const handler = async (event: { id: string }) => {
  const upload = new Upload({ client: new S3Client({}), params: { Bucket: process.env.BUCKET, Key: \`exports/\${event.id}.csv\`, Body: '' } })
  await upload.done()
}
`,
    ),
    statements: [
      allow(['s3:AbortMultipartUpload', 's3:PutObject'], ['${Bucket.Arn}/exports/*.csv']),
    ],
  },
  {
    name: 'paginator',
    files: project(
      'src/handler.ts',
      `import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb'
const client = new DynamoDBClient({})
export const handler = async () => {
  for await (const page of paginateScan({ client }, { TableName: process.env.TABLE })) console.log(page.Count)
}
`,
    ),
    statements: [allow(['dynamodb:Scan'], [TABLE])],
  },
  {
    name: 'v2 DocumentClient with .promise()',
    files: project(
      'src/handler.js',
      `const AWS = require('aws-sdk')
const docClient = new AWS.DynamoDB.DocumentClient()
exports.handler = async (event) => {
  const { Item } = await docClient.get({ TableName: process.env.TABLE, Key: { id: event.id } }).promise()
  await docClient.update({ TableName: process.env.TABLE, Key: { id: event.id }, UpdateExpression: 'set n = n + :one' }).promise()
  return Item
}
`,
    ),
    statements: [allow(['dynamodb:GetItem', 'dynamodb:UpdateItem'], [TABLE])],
  },
  {
    name: 'v2 client file (aws-sdk/clients/sns), topic ARN from !Ref',
    files: project(
      'src/handler.js',
      `const SNS = require('aws-sdk/clients/sns')
const sns = new SNS()
exports.handler = async () => sns.publish({ TopicArn: process.env.TOPIC_ARN, Message: 'hi' }).promise()
`,
    ),
    statements: [allow(['sns:Publish'], ['${Topic}'])],
  },
  {
    name: 'v2 S3 upload and getSignedUrl',
    files: project(
      'src/handler.ts',
      `import { S3 } from 'aws-sdk'
const s3 = new S3()
export const handler = async () => {
  await s3.upload({ Bucket: process.env.BUCKET, Key: 'a.txt', Body: 'x' }).promise()
  return s3.getSignedUrl('getObject', { Bucket: process.env.BUCKET, Key: 'a.txt' })
}
`,
    ),
    statements: [
      allow(['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'], ['${Bucket.Arn}/a.txt']),
    ],
  },
  {
    name: 'a copy reads its source and writes its destination; tags and ACLs only noted',
    files: project(
      'src/handler.ts',
      `import { S3Client, CopyObjectCommand } from '@aws-sdk/client-s3'
const s3 = new S3Client({})
export const handler = async (event: { key: string }) =>
  s3.send(new CopyObjectCommand({ CopySource: \`uploads/\${event.key}\`, Bucket: process.env.BUCKET, Key: event.key, TaggingDirective: 'REPLACE' }))
`,
    ),
    statements: [
      allow(['s3:GetObject'], ['arn:${AWS::Partition}:s3:::uploads/*']),
      allow(['s3:PutObject'], ['${Bucket.Arn}/*']),
    ],
    note: /S3\.CopyObject may also need s3:PutObjectTagging, s3:PutObjectAcl/,
  },
  {
    name: 'Lambda invoke, Step Functions, Secrets Manager, SSM: each service its own resource form',
    files: project(
      'src/handler.ts',
      `import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda'
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm'
const lambda = new LambdaClient({})
const sfn = new SFNClient({})
const secrets = new SecretsManagerClient({})
const ssm = new SSMClient({})
export const handler = async () => {
  await lambda.send(new InvokeCommand({ FunctionName: process.env.WORKER }))
  await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE_ARN, input: '{}' }))
  await secrets.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ID }))
  await ssm.send(new GetParameterCommand({ Name: '/svc/dev/key', WithDecryption: true }))
}
`,
    ),
    statements: [
      allow(['lambda:InvokeFunction'], ['${Worker.Arn}']),
      allow(['secretsmanager:GetSecretValue'], ['${Secret}']),
      allow(
        ['ssm:GetParameter'],
        ['arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/svc/dev/key'],
      ),
      allow(['states:StartExecution'], ['${Machine}']),
    ],
  },
  {
    name: 'a call at the top level of an imported module runs at cold start',
    files: {
      ...project(
        'src/handler.ts',
        "import { apiKey } from './config'\nexport const handler = async () => apiKey.length\n",
      ),
      'src/config.ts': `import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm'
const ssm = new SSMClient({})
const out = await ssm.send(new GetParameterCommand({ Name: '/svc/dev/api-key', WithDecryption: true }))
export const apiKey = out.Parameter?.Value ?? ''
`,
    },
    statements: [allow(['ssm:GetParameter'], [`${PARAMETER}/svc/dev/api-key`])],
  },
  ...guardSecretsCases(),
  {
    name: 'a literal secret name gets the random suffix wildcard',
    files: project(
      'src/handler.ts',
      `import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager'
const client = new SecretsManagerClient({})
export const handler = async () => client.send(new GetSecretValueCommand({ SecretId: 'stripe/key' }))
`,
    ),
    statements: [
      allow(
        ['secretsmanager:GetSecretValue'],
        [
          'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:stripe/key-??????',
        ],
      ),
    ],
  },
  {
    name: 'template literal of environment variables',
    files: project(
      'src/handler.ts',
      `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
const client = new DynamoDBClient({})
export const handler = async () =>
  client.send(new GetItemCommand({ TableName: \`\${process.env.STAGE}-sessions\`, Key: {} }))
`,
    ),
    statements: [
      allow(
        ['dynamodb:GetItem'],
        ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/dev-sessions'],
      ),
    ],
  },
  {
    name: 'a table named by the request: any table of the account, with a note',
    files: project(
      'src/handler.ts',
      `import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
const client = new DynamoDBClient({})
export const handler = async (event: { table: string }) =>
  client.send(new GetItemCommand({ TableName: event.table, Key: {} }))
`,
    ),
    statements: [
      allow(
        ['dynamodb:GetItem'],
        ['arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*'],
      ),
    ],
    note: /src\/handler\.ts:4: dynamodb:GetItem on \*: TableName not resolved/,
  },
  {
    name: 'an action that takes no resource',
    files: project(
      'src/handler.ts',
      `import { SQSClient, ListQueuesCommand } from '@aws-sdk/client-sqs'
export const handler = async () => new SQSClient({}).send(new ListQueuesCommand({}))
`,
    ),
    statements: [allow(['sqs:ListQueues'], ['*'])],
  },
  {
    name: 'calls that need no permission',
    files: project(
      'src/handler.ts',
      `import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
export const handler = async () => new STSClient({}).send(new GetCallerIdentityCommand({}))
`,
    ),
    statements: [],
  },
]

describe('bulwark policy: SDK idioms', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const result = analyze(c.files)
      assert.deepEqual(result.statements, c.statements, result.notes.join('\n'))
      if (c.note !== undefined)
        assert.ok(
          result.notes.some((n) => c.note?.test(n)),
          result.notes.join('\n'),
        )
    })
  }

  it('a table from SAM Globals and one set on the function', () => {
    const result = analyze({
      'template.yaml': `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Environment:
      Variables:
        TABLE: !Ref Items
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          QUEUE: !GetAtt Jobs.QueueUrl
  Items:
    Type: AWS::Serverless::SimpleTable
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
`,
      'app.mjs': `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb'
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs'
const db = new DynamoDBClient({})
const sqs = new SQSClient({})
export const handler = async () => {
  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }))
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE, MessageBody: '' }))
}
`,
    })
    assert.deepEqual(result.statements, [
      allow(['dynamodb:PutItem'], ['${Items.Arn}']),
      allow(['sqs:SendMessage'], ['${Jobs.Arn}']),
    ])
  })
})

describe('bulwark policy: what keeps a function from being judged', () => {
  it('an ordinary package is no gap', () => {
    const result = analyze(
      project(
        'src/handler.ts',
        "import { v4 } from 'uuid'\nimport middy from '@middy/core'\nexport const handler = middy(async () => v4())\n",
      ),
    )
    assert.deepEqual(result.notes, [])
    assert.equal(result.analyzable, true)
  })

  const gaps: { name: string; files: Record<string, string>; reason: RegExp }[] = [
    {
      name: '@bulwark/guard/secrets with a provider chosen at run time',
      files: project(
        'src/handler.ts',
        `import { secrets } from '@bulwark/guard/secrets'
import { pick } from 'some-provider-registry'
const config = secrets({ provider: pick(process.env.PROVIDER) })
export const handler = async () => config.get('/svc/dev/key')
`,
      ),
      reason: /secrets\(\) with a provider the auditor cannot name/,
    },
    {
      name: '@bulwark/guard/secrets: one of two stores, picked at run time',
      files: project(
        'src/handler.ts',
        `import { env, secrets, ssmParameters } from '@bulwark/guard/secrets'
const config = process.env.LOCAL ? secrets({ provider: env() }) : secrets({ provider: ssmParameters() })
export const handler = async () => config.get('/svc/dev/key')
`,
      ),
      reason: /provider the auditor did not follow/,
    },
    {
      name: 'a computed operation on a client',
      files: project(
        'src/handler.js',
        `const AWS = require('aws-sdk')
const s3 = new AWS.S3()
exports.handler = async (event) => s3[event.op]({ Bucket: 'b' }).promise()
`,
      ),
      reason: /computed member/,
    },
    {
      name: 'a package that calls AWS itself',
      files: project(
        'src/handler.ts',
        `import dynamoose from 'dynamoose'
export const handler = async () => dynamoose.model('Cat', {}).scan().exec()
`,
      ),
      reason: /dynamoose calls AWS itself/,
    },
    {
      name: 'an import that does not resolve',
      files: project(
        'src/handler.ts',
        `import { save } from './missing'
export const handler = async () => save()
`,
      ),
      reason: /import \.\/missing could not be resolved/,
    },
    {
      name: 'a client handed to another package',
      files: project(
        'src/handler.ts',
        `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { Entity } from 'some-orm'
const users = new Entity({ name: 'user' }, { client: new DynamoDBClient({}), table: 't' })
export const handler = async () => users.get({ id: '1' })
`,
      ),
      reason: /client is handed to some-orm/,
    },
    {
      name: 'a handler file that is not there',
      files: {
        'serverless.yml':
          'service: s\nprovider:\n  name: aws\n  runtime: nodejs20.x\nfunctions:\n  fn:\n    handler: src/none.handler\n',
      },
      reason: /handler source file was not found/,
    },
    {
      name: 'commands kept in an object and picked by a computed key',
      files: project(
        'src/handler.ts',
        `import { DynamoDBClient, GetItemCommand, DeleteItemCommand } from '@aws-sdk/client-dynamodb'
const client = new DynamoDBClient({})
const COMMANDS = { get: GetItemCommand, delete: DeleteItemCommand }
export const handler = async (event: { op: 'get' | 'delete' }) =>
  client.send(new COMMANDS[event.op]({ TableName: process.env.TABLE, Key: {} }))
`,
      ),
      reason: /an SDK operation is kept in an object \(get\)/,
    },
    {
      name: 'a package of the project itself (workspace)',
      files: {
        ...project(
          'src/handler.ts',
          "import { save } from '@shop/db'\nexport const handler = async () => save()\n",
        ),
        'packages/db/package.json': '{ "name": "@shop/db", "version": "1.0.0" }',
      },
      reason: /@shop\/db is a package of the project itself/,
    },
    {
      name: 'a package whose lockfile entry depends on an SDK client',
      files: {
        ...project(
          'src/handler.ts',
          "import { Table } from 'ddb-helper'\nexport const handler = async () => new Table('t').scan()\n",
        ),
        'package.json': '{ "name": "app", "dependencies": { "ddb-helper": "1.0.0" } }',
        'package-lock.json': JSON.stringify({
          name: 'app',
          lockfileVersion: 3,
          packages: {
            '': { name: 'app', dependencies: { 'ddb-helper': '1.0.0' } },
            'node_modules/ddb-helper': {
              version: '1.0.0',
              dependencies: { '@aws-sdk/client-dynamodb': '^3.0.0' },
            },
            'node_modules/@aws-sdk/client-dynamodb': { version: '3.600.0' },
          },
        }),
      },
      reason: /ddb-helper depends on @aws-sdk\/client-dynamodb/,
    },
    {
      name: 'a package named after an AWS service, with no lockfile',
      files: project(
        'src/handler.ts',
        "import { consume } from 'sqs-consumer'\nexport const handler = async () => consume()\n",
      ),
      reason: /sqs-consumer may call AWS itself/,
    },
    {
      name: 'bundled code',
      files: project(
        'src/handler.js',
        `var __commonJS = (cb, mod) => () => mod
var require_client = __commonJS({ 'node_modules/@aws-sdk/client-s3/index.js'(exports) {} })
exports.handler = async () => require_client()
`,
      ),
      reason: /bundled or minified code/,
    },
    {
      name: 'a layer',
      files: {
        ...project('src/handler.ts', 'export const handler = async () => 1\n'),
        'serverless.yml': `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  fn:
    handler: src/handler.handler
    layers:
      - arn:aws:lambda:eu-west-1:464622532012:layer:Datadog-Extension:60
`,
      },
      reason: /layers run with the function role/,
    },
  ]
  for (const c of gaps) {
    it(c.name, () => {
      const result = analyze(c.files)
      assert.equal(result.analyzable, false)
      assert.ok(
        result.notes.some((n) => c.reason.test(n)),
        `expected a note matching ${c.reason}, got:\n${result.notes.join('\n')}`,
      )
    })
  }
})
