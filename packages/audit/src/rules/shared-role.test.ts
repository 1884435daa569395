import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { sharedRole } from './shared-role.js'

const service = (iam: string, functions: string) => `service: s
provider:
  name: aws
${iam}functions:
${functions}`

const statements =
  '  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: dynamodb:PutItem\n          Resource: arn:aws:dynamodb:us-east-1:1:table/t\n'

ruleTable(sharedRole, {
  valid: [
    { name: 'one function', files: sls(service(statements, '  a:\n    handler: a.main\n')) },
    {
      name: 'shared role that only logs',
      files: sls(service('', '  a:\n    handler: a.main\n  b:\n    handler: b.main\n')),
    },
    {
      name: 'per-function roles',
      files: sls(
        service(
          '',
          '  a:\n    handler: a.main\n    iamRoleStatements:\n      - Effect: Allow\n        Action: sqs:SendMessage\n        Resource: arn:aws:sqs:us-east-1:1:q\n  b:\n    handler: b.main\n    iamRoleStatements:\n      - Effect: Allow\n        Action: sqs:ReceiveMessage\n        Resource: arn:aws:sqs:us-east-1:1:q\n',
        ),
      ),
    },
    {
      name: 'SAM functions each get a role',
      files: template(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Policies:
      - DynamoDBReadPolicy:
          TableName: t
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
  B:
    Type: AWS::Serverless::Function
    Properties:
      Handler: b.handler
`),
    },
  ],
  invalid: [
    {
      name: 'provider role with statements for two functions',
      files: sls(service(statements, '  a:\n    handler: a.main\n  b:\n    handler: b.main\n')),
      findings: [{ line: 5, column: 5, message: /2 functions \(a, b\) share the provider role/ }],
    },
    {
      name: 'one CloudFormation role for two functions',
      files: template(`Resources:
  SharedRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/AmazonSQSFullAccess
  A:
    Type: AWS::Lambda::Function
    Properties:
      Handler: a.handler
      Role: !GetAtt SharedRole.Arn
  B:
    Type: AWS::Lambda::Function
    Properties:
      Handler: b.handler
      Role: !GetAtt SharedRole.Arn
`),
      findings: [{ line: 2, message: /role SharedRole/ }],
    },
  ],
})
