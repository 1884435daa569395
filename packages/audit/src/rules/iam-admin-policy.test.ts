import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { iamAdminPolicy } from './iam-admin-policy.js'

ruleTable(iamAdminPolicy, {
  valid: [
    {
      name: 'a narrow managed policy',
      files: sls(`service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AWSXRayDaemonWriteAccess
functions:
  a:
    handler: a.main
`),
    },
  ],
  invalid: [
    {
      name: 'AdministratorAccess by ARN and a FullAccess policy',
      files: sls(`service: s
provider:
  name: aws
  iam:
    role:
      managedPolicies:
        - arn:aws:iam::aws:policy/AdministratorAccess
        - 'arn:aws:iam::aws:policy/AmazonS3FullAccess'
functions:
  a:
    handler: a.main
`),
      findings: [
        { line: 7, column: 11, severity: 'critical', message: /AdministratorAccess/ },
        { line: 8, severity: 'high', message: /AmazonS3FullAccess/ },
      ],
    },
    {
      name: 'SAM managed policy name and an inline "*" on "*"',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
      Policies:
        - AmazonDynamoDBFullAccess
        - Statement:
            - Effect: Allow
              Action: '*'
              Resource: '*'
`),
      findings: [
        { line: 11, severity: 'critical', message: /every action on every resource/ },
        { line: 9, severity: 'high' },
      ],
    },
  ],
})
