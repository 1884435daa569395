import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { apiThrottling } from './api-throttling.js'

const withProvider = (provider: string) => `service: s
provider:
  name: aws
${provider}functions:
  a:
    handler: a.main
    events:
      - http: POST /items
`

ruleTable(apiThrottling, {
  valid: [
    {
      name: 'usage plan throttle',
      files: sls(
        withProvider(
          '  apiGateway:\n    usagePlan:\n      throttle:\n        rateLimit: 10\n        burstLimit: 20\n',
        ),
      ),
    },
    {
      name: 'API defined in another stack',
      files: sls(
        withProvider('  apiGateway:\n    restApiId: abc123\n    restApiRootResourceId: xyz\n'),
      ),
    },
    {
      name: 'SAM MethodSettings throttling',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          ThrottlingRateLimit: 50
          ThrottlingBurstLimit: 100
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /
            Method: get
`),
    },
  ],
  invalid: [
    {
      name: 'REST API without limits',
      files: sls(withProvider('')),
      findings: [{ line: 2, message: /REST API ApiGatewayRestApi \(1 route\)/ }],
    },
    {
      name: 'SAM implicit HTTP API',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Get:
          Type: HttpApi
`),
      // The implicit API has no text of its own: the first event that creates it.
      findings: [{ line: 8, column: 9, message: /HTTP API ServerlessHttpApi/ }],
    },
    {
      // The aws-samples API-key pattern: a usage plan that only attaches the key.
      name: 'a usage plan without a throttle',
      files: template(`Resources:
  AppApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: app
  RootMethodGet:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref AppApi
      ResourceId: !GetAtt AppApi.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      ApiKeyRequired: true
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  UsagePlan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref AppApi
          Stage: Prod
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Code: { ZipFile: 'exports.handler = async () => ({ statusCode: 200 })' }
      Role: arn:aws:iam::123456789012:role/fn
`),
      findings: [
        { line: 2, message: /has no throttling limits \(stage, route or usage-plan throttle\)/ },
      ],
    },
    {
      name: 'SAM implicit REST API configured in Globals.Api',
      files: template(`Transform: AWS::Serverless-2016-10-31
Globals:
  Api:
    EndpointConfiguration: REGIONAL
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        List:
          Type: Api
          Properties:
            Path: /items
            Method: get
`),
      findings: [{ line: 3, column: 3, message: /REST API ServerlessRestApi/ }],
    },
  ],
})
