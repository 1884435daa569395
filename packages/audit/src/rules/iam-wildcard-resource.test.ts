import assert from 'node:assert/strict'
import { it } from 'node:test'
import { sls } from '../testing/project.js'
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
