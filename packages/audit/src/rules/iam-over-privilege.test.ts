import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { iamOverPrivilege } from './iam-over-privilege.js'

/** A handler that reads one item of the table named by TABLE. */
const GET_ITEM = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb'
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))
export const handler = async (event: { id: string }) =>
  db.send(new GetCommand({ TableName: process.env.TABLE, Key: { id: event.id } }))
`

/** serverless.yml with one function `get` (src/get.ts) and the given provider role statements. */
const service = (statements: string, extra = '', fnExtra = '') => `service: s
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    TABLE: !Ref Table
  iam:
    role:
      statements:
${statements}${extra}functions:
  get:
    handler: src/get.handler
${fnExtra}resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
`

const exact = `        - Effect: Allow
          Action:
            - dynamodb:GetItem
          Resource: !GetAtt Table.Arn
`

ruleTable(iamOverPrivilege, {
  valid: [
    {
      name: 'the role grants what the code calls',
      files: sls(service(exact), { 'src/get.ts': GET_ITEM }),
    },
    {
      name: 'logs, traces and VPC network interfaces are Lambda’s own',
      files: sls(
        service(`${exact}        - Effect: Allow
          Action: [logs:CreateLogStream, logs:PutLogEvents, xray:PutTraceSegments, ec2:CreateNetworkInterface]
          Resource: "*"
`),
        { 'src/get.ts': GET_ITEM },
      ),
    },
    {
      name: 'queue polling permissions of a function with an SQS event',
      files: sls(
        service(
          `${exact}        - Effect: Allow
          Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]
          Resource: arn:aws:sqs:us-east-1:123456789012:jobs
`,
          '',
          '    events:\n      - sqs: arn:aws:sqs:us-east-1:123456789012:jobs\n',
        ),
        { 'src/get.ts': GET_ITEM },
      ),
    },
    {
      name: 'ListBucket beside GetObject on the same bucket (404 rather than 403)',
      files: sls(
        `service: s
provider:
  name: aws
  runtime: nodejs20.x
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [s3:GetObject, s3:ListBucket]
          Resource: [arn:aws:s3:::assets, arn:aws:s3:::assets/*]
functions:
  get:
    handler: src/get.handler
`,
        {
          'src/get.ts': `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3'
const s3 = new S3Client({})
export const handler = async (e: { key: string }) => s3.send(new GetObjectCommand({ Bucket: 'assets', Key: e.key }))
`,
        },
      ),
    },
    {
      name: 'a function with a layer is not judged',
      files: sls(
        service(
          `${exact}        - Effect: Allow
          Action: [dynamodb:DeleteItem]
          Resource: !GetAtt Table.Arn
`,
          '',
          '    layers:\n      - arn:aws:lambda:us-east-1:123456789012:layer:agent:1\n',
        ),
        { 'src/get.ts': GET_ITEM },
      ),
    },
    {
      name: 'a role shared with a function whose code is not found',
      files: sls(
        service(`${exact}        - Effect: Allow
          Action: [dynamodb:DeleteItem]
          Resource: !GetAtt Table.Arn
`).replace('resources:', '  cleanup:\n    handler: src/missing.handler\nresources:'),
        { 'src/get.ts': GET_ITEM },
      ),
    },
    {
      name: 'code that uses a package calling AWS itself',
      files: sls(
        service(`${exact}        - Effect: Allow
          Action: [dynamodb:DeleteItem]
          Resource: !GetAtt Table.Arn
`),
        { 'src/get.ts': `import { ssm } from '@middy/ssm'\n${GET_ITEM}void ssm\n` },
      ),
    },
    {
      name: 'a CloudFormation role a state machine uses too',
      files: template(
        `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:DeleteItem]
                Resource: '*'
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      RoleArn: !GetAtt Role.Arn
`,
        { 'index.js': 'exports.handler = async () => 1\n' },
      ),
    },
  ],
  invalid: [
    {
      name: 'actions no function calls',
      files: sls(
        service(`        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
            - dynamodb:DeleteItem
          Resource: !GetAtt Table.Arn
`),
        { 'src/get.ts': GET_ITEM },
      ),
      findings: [
        {
          line: 10,
          severity: 'medium',
          message: /grants dynamodb:PutItem, dynamodb:DeleteItem that no function using it calls/,
        },
      ],
    },
    {
      name: 'a wildcard action and resource where one item of one table is read',
      files: sls(
        service(`        - Effect: Allow
          Action: dynamodb:*
          Resource: "*"
`),
        { 'src/get.ts': GET_ITEM },
      ),
      findings: [
        {
          line: 10,
          message:
            /grants dynamodb:\* where the code it loads only calls dynamodb:GetItem; applies to every resource where the calls only touch \$\{Table\.Arn\}/,
        },
      ],
    },
    {
      name: 'an action the code calls on another table',
      files: sls(
        `${service(exact)}      Properties:
        TableName: items
`,
        {
          'src/get.ts': GET_ITEM.replace(
            'TableName: process.env.TABLE',
            "TableName: 'legacy-items'",
          ),
        },
      ),
      findings: [
        {
          line: 10,
          severity: 'low',
          message:
            /grants dynamodb:GetItem on resources the code never touches \(it calls it on arn:\$\{AWS::Partition\}:dynamodb:\$\{AWS::Region\}:\$\{AWS::AccountId\}:table\/legacy-items\)/,
        },
      ],
    },
    {
      name: 'a statement for a service the code never calls (read-only: low)',
      files: sls(
        service(`${exact}        - Effect: Allow
          Action: [s3:GetObject, s3:ListBucket]
          Resource: "*"
`),
        { 'src/get.ts': GET_ITEM },
      ),
      findings: [{ line: 14, severity: 'low', message: /grants s3:GetObject, s3:ListBucket/ }],
    },
    {
      name: 'per-function statements (serverless-iam-roles-per-function)',
      files: sls(
        `service: s
plugins:
  - serverless-iam-roles-per-function
provider:
  name: aws
  runtime: nodejs20.x
functions:
  get:
    handler: src/get.handler
    environment:
      TABLE: !Ref Table
    iamRoleStatements:
      - Effect: Allow
        Action: [dynamodb:GetItem, dynamodb:Scan]
        Resource: !GetAtt Table.Arn
resources:
  Resources:
    Table:
      Type: AWS::DynamoDB::Table
`,
        { 'src/get.ts': GET_ITEM },
      ),
      findings: [{ line: 13, message: /role GetIamRoleLambdaExecution .*grants dynamodb:Scan/ }],
    },
    {
      name: 'a SAM policy template wider than the code: the narrower template is named',
      files: template(
        `Transform: AWS::Serverless-2016-10-31
Resources:
  Get:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: get.handler
      Environment:
        Variables:
          TABLE: !Ref Table
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
  Table:
    Type: AWS::Serverless::SimpleTable
`,
        { 'get.ts': GET_ITEM },
      ),
      findings: [
        { line: 12, message: /policy template DynamoDBCrudPolicy grants dynamodb:DeleteItem/ },
      ],
    },
    {
      name: 'an AWS managed policy',
      files: template(
        `Transform: AWS::Serverless-2016-10-31
Resources:
  Get:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: get.handler
      Environment:
        Variables:
          TABLE: !Ref Table
      Policies:
        - AmazonSQSFullAccess
        - DynamoDBReadPolicy:
            TableName: !Ref Table
  Table:
    Type: AWS::Serverless::SimpleTable
`,
        { 'get.ts': GET_ITEM },
      ),
      findings: [
        { line: 12, message: /managed policy AmazonSQSFullAccess grants sqs:\*/ },
        { line: 13, severity: 'low', message: /DynamoDBReadPolicy grants dynamodb:Scan/ },
      ],
    },
    {
      name: 'a CloudFormation role’s inline policy',
      files: template(
        `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [s3:PutObject]
                Resource: arn:aws:s3:::uploads/*
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt Role.Arn
`,
        { 'index.js': 'exports.handler = async () => 1\n' },
      ),
      findings: [
        { line: 10, message: /role Role \(used by Fn\): this statement grants s3:PutObject/ },
      ],
    },
  ],
})
