// How long `bulwark audit` takes on a large project: a generated Serverless Framework service and a
// generated SAM template, each with 1,000 functions (routes, per-function roles, environment,
// handler files). The target is under 10 s for the whole CLI run; the reference beside it is
// reading the same config with `yaml` alone, which every auditor has to do at least.
//   npm run build && node --import tsx bench/audit-1000-functions.ts
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { audit } from '../packages/audit/src/audit.js'

const FUNCTIONS = 1000
const out = join(import.meta.dirname, '..', '.bench-out', 'audit-1000-functions')
const cli = join(import.meta.dirname, '..', 'packages', 'audit', 'dist', 'cli', 'main.js')

function serverlessProject(dir: string): void {
  const lines = [
    'service: big-api',
    "frameworkVersion: '3'",
    'provider:',
    '  name: aws',
    '  runtime: nodejs22.x',
    "  stage: ${opt:stage, 'dev'}",
    '  environment:',
    '    TABLE: ${self:custom.table}',
    '  httpApi:',
    '    authorizers:',
    '      jwt:',
    '        identitySource: $request.header.Authorization',
    '        issuerUrl: https://cognito-idp.eu-west-1.amazonaws.com/pool',
    '        audience: [client]',
    'custom:',
    '  table: big-${sls:stage}',
    'plugins:',
    '  - serverless-iam-roles-per-function',
    'functions:',
  ]
  mkdirSync(join(dir, 'src', 'handlers'), { recursive: true })
  for (let i = 0; i < FUNCTIONS; i++) {
    const authorized = i % 3 !== 0
    lines.push(
      `  fn${i}:`,
      `    handler: src/handlers/fn${i}.handler`,
      '    environment:',
      `      QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/123456789012/q${i}`,
      ...(i % 50 === 0 ? [`      API_TOKEN: tok_${i}_not_a_real_secret`] : []),
      '    iamRoleStatements:',
      '      - Effect: Allow',
      `        Action: [dynamodb:GetItem, dynamodb:PutItem${i % 10 === 0 ? ', s3:*' : ''}]`,
      `        Resource: ${i % 10 === 0 ? "'*'" : `arn:aws:dynamodb:eu-west-1:123456789012:table/t${i}`}`,
      '    events:',
      '      - httpApi:',
      `          method: ${i % 2 === 0 ? 'GET' : 'POST'}`,
      `          path: /items${i}/{id}`,
      ...(authorized ? ['          authorizer:', '            name: jwt'] : []),
    )
    writeFileSync(
      join(dir, 'src', 'handlers', `fn${i}.ts`),
      `import { helper } from '../lib/helper'\nexport const handler = async (event: { body?: string }) => helper(${i}, event.body)\n`,
    )
  }
  mkdirSync(join(dir, 'src', 'lib'), { recursive: true })
  writeFileSync(
    join(dir, 'src', 'lib', 'helper.ts'),
    'export const helper = (n: number, body?: string) => ({ statusCode: 200, body: `${n}:${body}` })\n',
  )
  writeFileSync(join(dir, 'serverless.yml'), `${lines.join('\n')}\n`)
}

function samProject(dir: string): void {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs22.x',
    '    Timeout: 10',
    'Resources:',
    '  Table:',
    '    Type: AWS::DynamoDB::Table',
  ]
  mkdirSync(join(dir, 'src'), { recursive: true })
  for (let i = 0; i < FUNCTIONS; i++) {
    lines.push(
      `  Fn${i}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      `      Handler: fn${i}.handler`,
      '      Policies:',
      '        - DynamoDBCrudPolicy:',
      '            TableName: !Ref Table',
      '      Events:',
      '        Api:',
      '          Type: HttpApi',
      '          Properties:',
      `            Path: /items${i}`,
      '            Method: get',
    )
    writeFileSync(
      join(dir, 'src', `fn${i}.mjs`),
      `export const handler = async () => ({ statusCode: 200, body: '${i}' })\n`,
    )
  }
  writeFileSync(join(dir, 'template.yaml'), `${lines.join('\n')}\n`)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

function time(fn: () => unknown, runs: number): number {
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint()
    fn()
    samples.push(Number(process.hrtime.bigint() - start) / 1e6)
  }
  return median(samples)
}

rmSync(out, { recursive: true, force: true })
const projects = [
  {
    name: 'serverless.yml',
    dir: join(out, 'serverless'),
    make: serverlessProject,
    config: 'serverless.yml',
  },
  { name: 'SAM template', dir: join(out, 'sam'), make: samProject, config: 'template.yaml' },
]
for (const p of projects) {
  p.make(p.dir)
  const text = readFileSync(join(p.dir, p.config), 'utf8')
  // The whole CLI, as a user runs it: process start, load, every rule, JSON report.
  const cliMs = time(() => {
    try {
      execFileSync(process.execPath, [cli, 'audit', p.dir, '--format', 'json'], {
        stdio: ['ignore', 'pipe', 'ignore'],
        maxBuffer: 256 * 1024 * 1024,
      })
    } catch (error) {
      // Exit code 1 means findings: expected here.
      if ((error as { status?: number }).status !== 1) throw error
    }
  }, 3)
  const result = audit(p.dir)
  const auditMs = time(() => audit(p.dir), 3)
  const yamlMs = time(() => parse(text, { strict: false, logLevel: 'silent' }), 5)
  console.log(
    `${p.name}: ${result.audited.functions} functions, ${result.findings.length} findings, ${(text.length / 1024).toFixed(0)} KiB config`,
  )
  console.log(
    `  bulwark audit (CLI, whole process): ${(cliMs / 1000).toFixed(2)} s  (target < 10 s)`,
  )
  console.log(`  audit() in process:                 ${(auditMs / 1000).toFixed(2)} s`)
  console.log(
    `  yaml.parse of the config alone:     ${(yamlMs / 1000).toFixed(3)} s  (audit = ${(auditMs / yamlMs).toFixed(1)}x parsing)`,
  )
}
