import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { withProject } from '../testing/project.js'
import { loadProject } from './index.js'

const SERVICE = `service: orders
frameworkVersion: '3'
plugins:
  - serverless-iam-roles-per-function
provider:
  name: aws
  runtime: nodejs22.x
  stage: \${opt:stage, 'dev'}
  environment:
    TABLE: \${self:custom.table}
  iamRoleStatements:
    - Effect: Allow
      Action: [dynamodb:GetItem]
      Resource: !GetAtt OrdersTable.Arn
  httpApi:
    authorizers:
      jwt:
        identitySource: $request.header.Authorization
        issuerUrl: https://cognito-idp.us-east-1.amazonaws.com/pool
        audience: [client]
custom:
  table: orders-\${sls:stage}
functions:
  create:
    handler: src/orders.create
    timeout: 10
    iamRoleStatements:
      - Effect: Allow
        Action: dynamodb:PutItem
        Resource: !GetAtt OrdersTable.Arn
    events:
      - httpApi:
          method: POST
          path: /orders
          authorizer:
            name: jwt
  get:
    handler: src/orders.get
    events:
      - http: GET orders/{id}
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:custom.table}
`

describe('loading a serverless.yml', () => {
  it('builds functions, roles, routes and environment with positions', () => {
    withProject(
      { 'serverless.yml': SERVICE, 'src/orders.ts': 'export const create = 1, get = 2' },
      (dir) => {
        const { project, problems } = loadProject(dir)
        assert.deepEqual(problems, [])
        const [service] = project.services
        assert.ok(service !== undefined)
        assert.equal(service.name, 'orders')
        assert.equal(service.format, 'serverless')
        assert.deepEqual(service.stage, { name: 'dev', variable: true })
        const create = service.functions.find((f) => f.name === 'create')
        const get = service.functions.find((f) => f.name === 'get')
        assert.ok(create !== undefined && get !== undefined)
        assert.equal(create.handler?.file, 'src/orders.ts')
        assert.equal(create.handler?.exportName, 'create')
        assert.equal(create.environment.find((e) => e.name === 'TABLE')?.value.kind, 'scalar')
        assert.deepEqual(create.timeout?.value, 10)
        assert.equal(create.span.line, 24)
        // create has a role of its own; get keeps the provider role.
        assert.notEqual(create.roleId, get.roleId)
        const providerRole = service.roles.find((r) => r.id === get.roleId)
        assert.deepEqual(providerRole?.functions, ['get'])
        assert.equal(providerRole?.statements[0]?.resources[0]?.value, '${OrdersTable.Arn}')
        assert.deepEqual(
          service.routes.map((r) => [r.kind, r.method, r.path, r.auth.kind, r.span.line]),
          [
            ['http', 'POST', '/orders', 'jwt', 32],
            ['rest', 'GET', '/orders/{id}', 'none', 40],
          ],
        )
        assert.deepEqual(
          service.resources.map((r) => r.type),
          ['AWS::DynamoDB::Table'],
        )
      },
    )
  })

  it('does not follow a symlink out of the project', () => {
    withProject({ 'outside/secret.yml': 'password: hunter2' }, (base) => {
      const dir = join(base, 'project')
      mkdirSync(dir)
      symlinkSync(join(base, 'outside'), join(dir, 'linked'))
      writeFileSync(
        join(dir, 'serverless.yml'),
        'service: s\nprovider:\n  name: aws\ncustom: ${file(./linked/secret.yml)}\n',
      )
      const { project, problems } = loadProject(dir)
      assert.equal(project.services.length, 1)
      assert.equal(project.files.includes('linked/secret.yml'), false)
      assert.match(problems[0]?.message ?? '', /outside the project/)
      assert.equal(project.textOf('linked/secret.yml'), undefined)
    })
  })

  it('audits the rest of a monorepo when one file is malformed', () => {
    withProject(
      {
        'a/serverless.yml':
          'service: a\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.main\n',
        'b/serverless.yml': 'service: b\nprovider: [\n',
      },
      (dir) => {
        const { project, problems } = loadProject(dir)
        assert.deepEqual(
          project.services.map((s) => s.name),
          ['a'],
        )
        assert.equal(problems[0]?.kind, 'parse-error')
        assert.equal(problems[0]?.span.file, 'b/serverless.yml')
      },
    )
  })

  it('reads serverless.ts statically and never runs it', () => {
    withProject(
      {
        'serverless.ts': `import type { AWS } from '@serverless/typescript'
import { writeFileSync } from 'node:fs'
writeFileSync('pwned.txt', 'ran')
const serverlessConfiguration: AWS = {
  service: 'ts-service',
  provider: { name: 'aws', runtime: 'nodejs16.x', environment: { STAGE: \`\${process.env.STAGE}\` } },
  functions: { hello: { handler: 'src/hello.main', events: [{ httpApi: 'GET /hello' }] } },
}
module.exports = serverlessConfiguration
`,
      },
      (dir) => {
        const { project, problems } = loadProject(dir)
        assert.deepEqual(problems, [])
        const [service] = project.services
        assert.equal(service?.name, 'ts-service')
        assert.equal(service?.functions[0]?.runtime?.value, 'nodejs16.x')
        assert.equal(service?.functions[0]?.runtime?.span.line, 6)
        assert.equal(service?.functions[0]?.environment[0]?.value.kind, 'unknown')
        assert.equal(service?.routes[0]?.path, '/hello')
        assert.equal(project.isFile('pwned.txt'), false)
      },
    )
  })
})

describe('serverless roles named by intrinsics', () => {
  it('provider.iam.role and function role as !GetAtt point at the resource role', () => {
    withProject(
      {
        'serverless.yml': `service: s
provider:
  name: aws
  iam:
    role: !GetAtt SharedRole.Arn
functions:
  a:
    handler: a.main
  b:
    handler: b.main
    role:
      Fn::GetAtt: [OwnRole, Arn]
resources:
  Resources:
    SharedRole:
      Type: AWS::IAM::Role
      Properties:
        Policies:
          - PolicyName: p
            PolicyDocument:
              Statement:
                - Effect: Allow
                  Action: s3:GetObject
                  Resource: '*'
    OwnRole:
      Type: AWS::IAM::Role
      Properties: {}
`,
      },
      (dir) => {
        const [service] = loadProject(dir).project.services
        const a = service?.functions.find((f) => f.name === 'a')
        const b = service?.functions.find((f) => f.name === 'b')
        assert.equal(a?.roleId, 'SharedRole')
        assert.equal(b?.roleId, 'OwnRole')
        assert.equal(service?.roles.find((r) => r.id === 'SharedRole')?.statements.length, 1)
      },
    )
  })
})
