import assert from 'node:assert/strict'
import { it } from 'node:test'
import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { iamWildcardResource, isWildcardArn } from './iam-wildcard-resource.js'

const withStatements = (statements: string) =>
  sls(`service: s
provider:
  name: aws
  iam:
    role:
      statements:
${statements}
functions:
  a:
    handler: a.main
`)

ruleTable(iamWildcardResource, {
  valid: [
    {
      name: 'actions that only accept "*"',
      files: withStatements(
        '        - Effect: Allow\n          Action: [xray:PutTraceSegments, xray:PutTelemetryRecords, sns:ListTopics]\n          Resource: "*"',
      ),
    },
    {
      name: 'VPC network interface actions',
      files: withStatements(
        '        - Effect: Allow\n          Action: [ec2:CreateNetworkInterface, ec2:DescribeNetworkInterfaces, ec2:DeleteNetworkInterface]\n          Resource: "*"',
      ),
    },
    {
      name: 'resources named with intrinsics and variables',
      files: withStatements(
        '        - Effect: Allow\n          Action: dynamodb:GetItem\n          Resource:\n            - !GetAtt Table.Arn\n            - !Sub arn:aws:s3:::${Bucket}/*\n            - arn:aws:s3:::${self:service}-uploads/*',
      ),
    },
    {
      // What AWSLambdaBasicExecutionRole grants, written out in a SAM template's own role.
      name: 'the Lambda logging actions on "*" and on arn:aws:logs:*:*:*',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: logs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents]
                Resource: "*"
              - Effect: Allow
                Action:
                  - logs:CreateLogStream
                  - logs:PutLogEvents
                Resource: "arn:aws:logs:*:*:*"
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Role: !GetAtt FnRole.Arn
`),
    },
    {
      name: 'unresolvable resource is not guessed',
      files: withStatements(
        '        - Effect: Allow\n          Action: dynamodb:GetItem\n          Resource: ${cf:other-stack.TableArn}',
      ),
    },
  ],
  invalid: [
    {
      name: 'write actions on "*" are high',
      files: withStatements(
        '        - Effect: Allow\n          Action: [dynamodb:PutItem, xray:PutTraceSegments]\n          Resource: "*"',
      ),
      findings: [
        { line: 9, column: 21, severity: 'high', message: /dynamodb:PutItem on every resource/ },
      ],
    },
    {
      name: 'read actions on "*" are medium',
      files: withStatements(
        '        - Effect: Allow\n          Action: s3:GetObject\n          Resource: ["*"]',
      ),
      findings: [{ line: 9, severity: 'medium' }],
    },
    {
      name: 'an ARN whose resource part is a wildcard',
      files: withStatements(
        '        - Effect: Allow\n          Action: dynamodb:Query\n          Resource: arn:aws:dynamodb:*:*:table/*',
      ),
      findings: [{ line: 9, severity: 'low', message: /every resource of that kind/ }],
    },
    {
      name: 'logging actions next to a data action are still reported for the data action',
      files: withStatements(
        '        - Effect: Allow\n          Action: [logs:PutLogEvents, s3:PutObject]\n          Resource: "*"',
      ),
      findings: [{ line: 9, severity: 'high', message: /allows s3:PutObject on every resource/ }],
    },
    {
      // One AWS::IAM::Policy attached to two roles: one statement, one finding naming both.
      name: 'a policy shared by two roles is reported once',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  ReadRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
  WriteRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - { Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }
  TablePolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: table
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: [dynamodb:GetItem, dynamodb:Query]
            Resource: "*"
      Roles: [!Ref ReadRole, !Ref WriteRole]
  ListFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: list.handler
      Role: !GetAtt ReadRole.Arn
  AddFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: add.handler
      Role: !GetAtt WriteRole.Arn
`),
      findings: [
        {
          line: 23,
          severity: 'medium',
          message:
            /^roles ReadRole and WriteRole \(used by ListFn, AddFn\) allows dynamodb:GetItem/,
        },
      ],
    },
  ],
})

it('isWildcardArn tells a whole kind from a named resource', () => {
  assert.equal(isWildcardArn('arn:aws:s3:::*'), true)
  assert.equal(isWildcardArn('arn:aws:logs:*:*:*'), true)
  assert.equal(isWildcardArn('arn:aws:dynamodb:us-east-1:123:table/*'), true)
  assert.equal(isWildcardArn('arn:aws:s3:::uploads/*'), false)
  assert.equal(isWildcardArn('arn:aws:dynamodb:us-east-1:123:table/users'), false)
  assert.equal(isWildcardArn('*'), false)
})
