import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { apiAccessLogs } from './api-access-logs.js'
import { apiMonitoring } from './api-monitoring.js'
import { logRetention } from './log-retention.js'

const svc = (provider: string, extra = '') => `service: s
provider:
  name: aws
${provider}functions:
  a:
    handler: a.main
    events:
      - httpApi: GET /x
${extra}`

ruleTable(logRetention, {
  valid: [
    { name: 'provider retention', files: sls(svc('  logRetentionInDays: 30\n')) },
    {
      name: 'SAM function with a log group that has retention',
      files: template(`Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.handler
      LoggingConfig:
        LogGroup: !Ref Logs
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 14
`),
    },
  ],
  invalid: [
    {
      name: 'no retention',
      files: sls(svc('')),
      findings: [{ line: 2, message: /1 function \(a\) keeps its logs/ }],
    },
    {
      name: 'log group without RetentionInDays',
      files: template(`Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: a.handler
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub /aws/lambda/\${Fn}
`),
      findings: [
        { line: 2, message: /Fn\) keep their logs forever|1 function/ },
        { line: 6, message: /log group Logs/ },
      ],
    },
  ],
})

ruleTable(apiMonitoring, {
  valid: [
    { name: 'alerts plugin', files: sls(svc('', 'plugins:\n  - serverless-plugin-aws-alerts\n')) },
    {
      name: 'an alarm resource',
      files: sls(
        svc(
          '',
          'resources:\n  Resources:\n    Errors:\n      Type: AWS::CloudWatch::Alarm\n      Properties:\n        MetricName: Errors\n',
        ),
      ),
    },
  ],
  invalid: [
    {
      name: 'public API without alarms',
      files: sls(svc('')),
      findings: [{ line: 2, message: /1 internet-facing route/ }],
    },
  ],
})

ruleTable(apiAccessLogs, {
  valid: [{ name: 'logs on', files: sls(svc('  logs:\n    httpApi: true\n')) }],
  invalid: [
    {
      name: 'no access logs',
      files: sls(svc('')),
      findings: [{ line: 2, message: /HTTP API HttpApi/ }],
    },
  ],
})
