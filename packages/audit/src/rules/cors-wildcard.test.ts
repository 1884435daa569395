import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { corsWildcard } from './cors-wildcard.js'

ruleTable(corsWildcard, {
  valid: [
    {
      name: 'named origins',
      files: sls(`service: s
provider:
  name: aws
  httpApi:
    cors:
      allowedOrigins: [https://app.example.com]
functions:
  f:
    handler: h.main
    events:
      - http:
          path: x
          method: get
          cors:
            origin: https://app.example.com
      - httpApi: GET /y
`),
    },
  ],
  invalid: [
    {
      name: 'cors: true on an http event and on the HTTP API',
      files: sls(`service: s
provider:
  name: aws
  httpApi:
    cors: true
functions:
  f:
    handler: h.main
    events:
      - http:
          path: x
          method: get
          cors: true
      - httpApi: GET /y
`),
      findings: [
        { line: 5, column: 5, severity: 'medium', message: /provider.httpApi.cors/ },
        { line: 13, column: 11, severity: 'medium', message: /http event GET \/x/ },
      ],
    },
    {
      name: '"*" with credentials',
      files: sls(`service: s
provider:
  name: aws
functions:
  f:
    handler: h.main
    events:
      - http:
          path: x
          method: get
          cors:
            origin: '*'
            allowCredentials: true
`),
      findings: [{ line: 11, severity: 'high', message: /credentials/ }],
    },
    {
      name: 'SAM quoted origin and HttpApi CorsConfiguration',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'*'"
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      CorsConfiguration:
        AllowOrigins: ['*']
`),
      findings: [{ line: 7 }, { line: 11 }],
    },
  ],
})
