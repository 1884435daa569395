import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { secretInEnv } from './secret-in-env.js'

const env = (vars: string) => `service: s
provider:
  name: aws
  environment:
${vars}
functions:
  a:
    handler: a.main
  b:
    handler: b.main
`

ruleTable(secretInEnv, {
  valid: [
    {
      name: 'names, ARNs, parameter paths and settings',
      files: sls(
        env(
          [
            '    DB_SECRET_ARN: arn:aws:secretsmanager:us-east-1:1:secret:db',
            '    API_KEY_PARAM: /app/prod/api-key',
            '    TOKEN_TTL: 3600',
            '    ACCESS_TOKEN_EXPIRES_IN: 1h',
            '    PASSWORD_MIN_LENGTH: "12"',
            '    JWT_SECRET_NAME: app/jwt',
            '    SESSION_TABLE: sessions',
            '    TABLE_NAME: ${ssm:/app/table}',
            '    SECRET_FROM_ENV: ${env:SECRET}',
          ].join('\n'),
        ),
      ),
    },
    {
      // The documented Framework idiom: the secret lives in Parameter Store / Secrets Manager.
      name: 'secrets referenced from Parameter Store and Secrets Manager',
      files: sls(
        env(
          [
            '    DB_PASSWORD: ${ssm:/shop/${sls:stage}/db-password}',
            '    STRIPE_KEY: ${ssm:/pay/stripe~true}',
            "    JWT_SECRET: ${ssm:/aws/reference/secretsmanager/app/jwt, ''}",
            '    DB_CREDENTIALS: ${ssm:/aws/reference/secretsmanager/db}',
          ].join('\n'),
        ),
      ),
    },
    {
      name: 'CloudFormation dynamic references, alone or as the password of a connection string',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          API_TOKEN: '{{resolve:secretsmanager:prod/api:SecretString:token}}'
          DB_PASSWORD: '{{resolve:ssm-secure:/prod/db-password:1}}'
          DATABASE_URL: 'postgres://app:{{resolve:secretsmanager:appdb:SecretString:password}}@db.internal:5432/app'
`),
    },
  ],
  invalid: [
    {
      name: 'literal password in a provider variable: one finding for all functions',
      files: sls(env('    DB_PASSWORD: hunter2')),
      findings: [{ line: 5, column: 5, severity: 'high', message: /DB_PASSWORD/ }],
    },
    {
      name: 'known credential formats are critical whatever the name',
      files: sls(
        env(
          '    SETTINGS_A: AKIAIOSFODNN7EXAMPLE\n    DATABASE_URL: postgres://app:s3cretpass@db.example.com:5432/app',
        ),
      ),
      findings: [
        { line: 5, severity: 'critical', message: /AWS access key id/ },
        { line: 6, severity: 'critical', message: /connection string/ },
      ],
    },
    {
      name: 'a secret from custom via ${self:} next to a CloudFormation dynamic reference',
      files: template(`Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          API_TOKEN: '{{resolve:secretsmanager:prod/api:SecretString:token}}'
          ADMIN_PASSWORD: changeme
`),
      findings: [{ line: 10, severity: 'high', message: /ADMIN_PASSWORD/ }],
    },
    {
      // The SAM idiom for "sam local" convenience: NoEcho parameters with real defaults.
      name: 'template parameters with literal defaults, referenced from Globals',
      files: template(`AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Parameters:
  DB_HOST:
    Type: String
    Default: host.docker.internal
  DB_PASSWORD:
    Type: String
    NoEcho: true
    Default: toor
  JWT_SECRET:
    Type: String
    NoEcho: true
    Default: secretKey
  STRIPE_KEY:
    Type: String
    NoEcho: true
Globals:
  Function:
    Runtime: nodejs18.x
    Environment:
      Variables:
        DB_HOST: !Ref DB_HOST
        DB_PASSWORD: !Ref DB_PASSWORD
        JWT_SECRET: !Ref JWT_SECRET
        STRIPE_KEY: !Ref STRIPE_KEY
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
  Worker:
    Type: AWS::Serverless::Function
    Properties:
      Handler: worker.handler
`),
      findings: [
        { line: 10, severity: 'high', message: /DB_PASSWORD .*default of parameter DB_PASSWORD/ },
        { line: 14, severity: 'high', message: /JWT_SECRET .*default of parameter JWT_SECRET/ },
      ],
    },
  ],
})
