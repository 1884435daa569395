import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { iamWildcardAction } from './iam-wildcard-action.js'

const provider = (statements: string) => `service: s
provider:
  name: aws
  runtime: nodejs22.x
  iam:
    role:
      statements:
${statements}
functions:
  a:
    handler: a.main
`

ruleTable(iamWildcardAction, {
  valid: [
    {
      name: 'exact actions',
      files: sls(
        provider(
          '        - Effect: Allow\n          Action: [dynamodb:GetItem, dynamodb:PutItem]\n          Resource: arn:aws:dynamodb:us-east-1:1:table/t',
        ),
      ),
    },
    {
      name: 'a Deny with a wildcard grants nothing',
      files: sls(
        provider('        - Effect: Deny\n          Action: s3:*\n          Resource: "*"'),
      ),
    },
    {
      name: 'admin statement is left to iam-admin-policy',
      files: sls(
        provider('        - Effect: Allow\n          Action: "*"\n          Resource: "*"'),
      ),
    },
    {
      name: 'SAM policy templates are exact',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
      Policies:
        - DynamoDBCrudPolicy:
            TableName: !Ref Table
  Table:
    Type: AWS::DynamoDB::Table
`),
    },
  ],
  invalid: [
    {
      name: 'service wildcard (old iamRoleStatements)',
      files: sls(`service: s
provider:
  name: aws
  iamRoleStatements:
    - Effect: Allow
      Action:
        - sns:*
      Resource: "*"
functions:
  a:
    handler: a.main
`),
      findings: [{ line: 7, column: 11, severity: 'high', message: /sns:\*/ }],
    },
    {
      name: 'iam:* is critical, a read-only prefix wildcard is low',
      files: sls(
        provider(
          '        - Effect: Allow\n          Action: [iam:*, s3:Get*]\n          Resource: "*"',
        ),
      ),
      findings: [
        { line: 9, severity: 'critical' },
        { line: 9, severity: 'low' },
      ],
    },
    {
      name: 'prefix wildcard that covers permissions management',
      files: sls(
        provider('        - Effect: Allow\n          Action: iam:Create*\n          Resource: "*"'),
      ),
      findings: [{ line: 9, severity: 'high' }],
    },
    {
      name: 'NotAction with Allow',
      files: sls(
        provider('        - Effect: Allow\n          NotAction: iam:*\n          Resource: "*"'),
      ),
      findings: [{ line: 9, severity: 'high', message: /NotAction/ }],
    },
    {
      name: 'CloudFormation role policy, short and long intrinsics',
      files: template(`Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ["dynamodb:*"]
                Resource: !GetAtt Table.Arn
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: !GetAtt Role.Arn
`),
      findings: [{ line: 11, column: 26, message: /role Role \(used by Fn\)/ }],
    },
  ],
})
