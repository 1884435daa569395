import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { missingAuth } from './missing-auth.js'

const fn = (events: string, extra = '') => `service: s
provider:
  name: aws
${extra}functions:
  f:
    handler: h.main
    events:
${events}
`

const guardModule = `import { createGuard } from '@bulwark/guard'
export const guard = createGuard()
`
const guarded = (auth: string, module = guardModule) => ({
  'guard.js': module,
  'h.js': `import { guard } from './guard.js'
export const main = guard.http({ ${auth} }, async (req) => ({ id: req.params.id }))
`,
})

ruleTable(missingAuth, {
  valid: [
    {
      name: 'a handler the guard authenticates (deny by default) needs no authorizer',
      files: sls(
        fn('      - httpApi: POST /transfers'),
        guarded("auth: { permissions: ['transfers:create'] }"),
      ),
    },
    {
      name: 'a handler the core guard (@bulwark/guard/core) closes needs no authorizer either',
      files: sls(
        fn('      - httpApi: POST /transfers'),
        guarded(
          "auth: { permissions: ['transfers:create'] }",
          guardModule.replace("'@bulwark/guard'", "'@bulwark/guard/core'"),
        ),
      ),
    },
    {
      name: "a handler the code declares public with the guard's auth: 'public'",
      files: sls(fn('      - httpApi: GET /catalog'), guarded("auth: 'public'")),
    },
    {
      name: 'REST route with a Lambda authorizer',
      files: sls(
        fn('      - http:\n          path: x\n          method: post\n          authorizer: auth'),
      ),
    },
    {
      name: 'REST route with aws_iam',
      files: sls(
        fn(
          '      - http:\n          path: x\n          method: post\n          authorizer: aws_iam',
        ),
      ),
    },
    {
      name: 'REST route with an API key only (api-key-only-mutation reports it)',
      files: sls(
        fn('      - http:\n          path: x\n          method: post\n          private: true'),
      ),
    },
    {
      name: 'HTTP API JWT authorizer',
      files: sls(
        fn(
          '      - httpApi:\n          method: POST\n          path: /x\n          authorizer:\n            name: jwt',
        ),
      ),
    },
    {
      // The sign-in flow cannot sit behind an authorizer; health checks are called by machines.
      name: 'sign-in, sign-up, token, health and public routes',
      files: sls(
        fn(
          [
            '      - http:\n          path: auth/login\n          method: post\n          cors: true',
            '      - http: POST signup',
            '      - httpApi: POST /oauth/token',
            '      - httpApi: POST /auth/forgot-password',
            '      - httpApi: GET /health',
            '      - http:\n          path: api/public\n          method: post',
            '      - httpApi: GET /public/{proxy+}',
          ].join('\n'),
        ),
      ),
    },
    {
      name: 'OPTIONS preflight',
      files: sls(fn('      - http:\n          path: x\n          method: options')),
    },
    {
      name: 'non-HTTP events',
      files: sls(fn('      - sqs: arn:aws:sqs:us-east-1:1:q\n      - schedule: rate(1 hour)')),
    },
    {
      name: 'function URL with AWS_IAM',
      files: sls(
        fn('      - sqs: arn:aws:sqs:us-east-1:1:q').replace(
          '    events:',
          '    url:\n      authorizer: aws_iam\n    events:',
        ),
      ),
    },
    {
      name: 'declared public in bulwark.config.json',
      files: sls(fn('      - httpApi: GET /catalog'), {
        'bulwark.config.json': JSON.stringify({
          publicRoutes: [{ route: 'GET /catalog', reason: 'the public product catalog' }],
        }),
      }),
    },
    {
      name: 'function URL declared public in bulwark.config.json',
      files: sls(
        fn('      - sqs: arn:aws:sqs:us-east-1:1:q').replace(
          '    events:',
          '    url: true\n    events:',
        ),
        {
          'bulwark.config.json': JSON.stringify({
            publicRoutes: [{ route: 'URL f', reason: 'signed webhook from the payment provider' }],
          }),
        },
      ),
    },
    {
      name: 'declared public with an inline comment',
      files: sls(
        fn(
          '      # bulwark-ignore missing-auth: public status page, returns no data\n      - httpApi: GET /status',
        ),
      ),
    },
    {
      // The Framework's resourcePolicy: only the office range may invoke the REST API.
      name: 'REST API limited to an IP range by provider.apiGateway.resourcePolicy',
      files: sls(
        fn(
          '      - http:\n          path: admin/reindex\n          method: post',
          `  apiGateway:
    resourcePolicy:
      - Effect: Allow
        Principal: '*'
        Action: execute-api:Invoke
        Resource: [execute-api:/*/*/*]
        Condition:
          IpAddress:
            aws:SourceIp: ['203.0.113.0/24']
`,
        ),
      ),
    },
    {
      // The CDK's RestApi `policy`: callers only through the organization's VPC endpoint.
      name: 'CloudFormation REST API whose Policy allows only a VPC endpoint',
      files: template(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: internal
      Policy:
        Statement:
          - Effect: Allow
            Principal: { AWS: '*' }
            Action: execute-api:Invoke
            Resource: execute-api:/*
            Condition:
              StringEquals:
                aws:SourceVpce: vpce-0123456789abcdef0
  PostItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200 })' }
      Role: arn:aws:iam::123456789012:role/fn
`),
    },
    {
      name: 'SAM API whose ResourcePolicy custom statements require the organization',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          CustomStatements:
            - Effect: Allow
              Principal: '*'
              Action: execute-api:Invoke
              Resource: execute-api:/*
              Condition:
                StringEquals:
                  aws:PrincipalOrgID: o-a1b2c3d4e5
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
      Events:
        Post:
          Type: Api
          Properties: { RestApiId: !Ref Api, Path: /jobs, Method: post }
`),
    },
    {
      // An internal API: the resource policy lets only the office range and the VPC endpoint in.
      name: 'SAM API whose resource policy allows only listed IP ranges or VPC endpoints',
      files: template(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      ResourcePolicy:
        IpRangeWhitelist: ['203.0.113.0/24']
        IntrinsicVpceWhitelist: [!Ref ApiEndpoint]
Resources:
  Report:
    Type: AWS::Serverless::Function
    Properties:
      Handler: report.handler
      Runtime: nodejs22.x
      Events:
        Post:
          Type: Api
          Properties: { Path: /reports, Method: post }
`),
    },
    {
      name: 'SAM API with a default authorizer',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: Cognito
        Authorizers:
          Cognito:
            UserPoolArn: !GetAtt Pool.Arn
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
      Events:
        Create:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /items
            Method: post
`),
    },
    {
      name: 'SAM private API',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      EndpointConfiguration:
        Type: PRIVATE
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Create:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /items
            Method: post
`),
    },
  ],
  invalid: [
    {
      name: 'a guard whose auth option the analysis cannot read stays reported',
      files: sls(fn('      - httpApi: POST /transfers'), guarded('...options')),
      // Still wrapped by an authenticating library, so reported as a handler that checks itself.
      findings: [
        { line: 8, severity: 'low', message: /POST \/transfers.*checks credentials itself/ },
      ],
    },
    {
      name: 'REST and HTTP API routes without authorizers',
      files: sls(
        fn(
          '      - http:\n          path: users\n          method: post\n      - httpApi: GET /users',
        ),
      ),
      findings: [
        { line: 8, column: 9, severity: 'high', message: /POST \/users \(function f\)/ },
        { line: 11, severity: 'medium', message: /GET \/users/ },
      ],
    },
    {
      name: 'string form of an http event and a catch-all httpApi',
      files: sls(fn("      - http: 'DELETE /users/{id}'\n      - httpApi: '*'")),
      findings: [
        { line: 8, severity: 'high', message: /DELETE \/users\/\{id\}/ },
        { line: 9, severity: 'high', message: /ANY \*/ },
      ],
    },
    {
      name: 'function URL without auth',
      files: sls(
        fn('      - sqs: arn:aws:sqs:us-east-1:1:q').replace(
          '    events:',
          '    url: true\n    events:',
        ),
      ),
      findings: [{ line: 7, severity: 'high', message: /function URL of f/ }],
    },
    {
      // Bref's Laravel guide writes the public URL out: `authorizer: none`.
      name: 'function URL with authorizer: none written out',
      files: sls(`service: web
provider:
  name: aws
  runtime: php-84-fpm
functions:
  web:
    handler: public/index.php
    url:
      authorizer: none
      cors:
        allowOrigins: ['https://example.com']
`),
      findings: [{ line: 8, severity: 'high', message: /function URL of web has AuthType NONE/ }],
    },
    {
      name: 'a route under a sign-in path that is not itself a sign-in step',
      files: sls(
        fn(
          '      - httpApi: POST /auth/login/{userId}/sessions\n      - httpApi: DELETE /tokens/{id}',
        ),
      ),
      findings: [{ line: 8 }, { line: 9 }],
    },
    {
      name: 'a suppression without reason does not suppress',
      files: sls(fn('      # bulwark-ignore missing-auth\n      - httpApi: GET /status')),
      findings: [{ line: 9 }],
    },
    {
      name: 'SAM: implicit API, event auth NONE overriding the default, function URL',
      files: template(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    Auth:
      DefaultAuthorizer: AWS_IAM
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
      FunctionUrlConfig:
        AuthType: NONE
      Events:
        Open:
          Type: Api
          Properties:
            Path: /open
            Method: put
            Auth:
              Authorizer: NONE
        Closed:
          Type: Api
          Properties:
            Path: /closed
            Method: put
`),
      findings: [
        { line: 12, message: /function URL of Fn/ },
        { line: 15, message: /PUT \/open/ },
      ],
    },
    {
      name: 'CloudFormation method with AuthorizationType NONE',
      files: template(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Items:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: items
  PostItems:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Items
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Role: arn:aws:iam::123456789012:role/r
`),
      findings: [{ line: 12, message: /POST \/items \(function Fn\)/ }],
    },
  ],
})

ruleTable(missingAuth, {
  valid: [
    {
      name: 'OpenAPI body with a default Cognito authorizer, an API key alone on a GET',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: '3.0.1'
        security:
          - cognito: []
        components:
          securitySchemes:
            cognito:
              type: apiKey
              name: Authorization
              in: header
              x-amazon-apigateway-authtype: cognito_user_pools
            key:
              type: apiKey
              name: x-api-key
              in: header
        paths:
          /items:
            post:
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
            get:
              security:
                - key: []
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
`),
    },
  ],
  invalid: [
    {
      name: 'OpenAPI operation that opts out of security, and a Swagger body without any',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      DefinitionBody:
        openapi: '3.0.1'
        security:
          - jwt: []
        components:
          securitySchemes:
            jwt:
              type: oauth2
        paths:
          /export:
            delete:
              security: []
              x-amazon-apigateway-integration:
                uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Legacy:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Body:
        swagger: '2.0'
        paths:
          /orders:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: mock
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs22.x
`),
      findings: [
        { line: 17, message: /DELETE \/export \(function Fn\)/ },
        { line: 28, message: /ANY \/orders has no authorizer/ },
      ],
    },
  ],
})
