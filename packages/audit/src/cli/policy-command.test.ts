import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { withProject } from '../testing/project.js'
import { type CliIo, runCli } from './run.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))

function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => {
      stdout += t
    },
    stderr: (t) => {
      stderr += t
    },
    env: {},
    isTTY: false,
    cwd: FIXTURES,
  }
  return { code: runCli(argv, io), stdout, stderr }
}

describe('bulwark policy', () => {
  for (const fixture of ['policy-serverless', 'policy-sam']) {
    it(`${fixture}: --format json prints the DESIGN.md shape, as expected`, () => {
      const { code, stdout } = run(['policy', fixture, '--format', 'json'])
      assert.equal(code, 0)
      const printed = JSON.parse(stdout)
      assert.deepEqual(Object.keys(printed), ['functions'])
      for (const policy of Object.values(printed.functions) as Record<string, unknown>[]) {
        assert.deepEqual(Object.keys(policy), [
          'file',
          'actions',
          'statements',
          'granted',
          'unused',
          'missing',
        ])
        for (const s of policy.statements as Record<string, unknown>[])
          assert.deepEqual(Object.keys(s), ['Effect', 'Action', 'Resource'])
      }
      const expected = JSON.parse(
        readFileSync(`${FIXTURES}${fixture}/policy.expected.json`, 'utf8'),
      )
      assert.deepEqual(printed, expected)
    })
  }

  it('serverless.yml: per-function statements, notes as comments', () => {
    const { code, stdout } = run(['policy', 'policy-serverless'])
    assert.equal(code, 0)
    assert.match(stdout, /^# serverless\.yml: least-privilege policies/)
    assert.match(
      stdout,
      / {2}createOrder:\n {4}# src\/handlers\/orders\.ts \(src\/handlers\/orders\.create\)\n {4}# granted today but never used: dynamodb:DeleteItem\n/,
    )
    assert.match(
      stdout,
      / {4}iamRoleStatements:\n {6}- Effect: Allow\n {8}Action:\n {10}- dynamodb:PutItem\n {8}Resource:\n {10}- !GetAtt OrdersTable\.Arn\n/,
    )
    assert.match(stdout, /# missing from its role today: s3:PutObject, s3:AbortMultipartUpload/)
    assert.match(stdout, /- !Sub '\$\{OrdersTable\.Arn\}\/index\/byDay'/)
  })

  it('SAM: Policies statements per function', () => {
    const { stdout } = run(['policy', 'policy-sam', '--function', 'ThumbnailFunction'])
    assert.equal(
      stdout,
      `# template.yaml: least-privilege policies computed from each function's code
Resources:
  ThumbnailFunction:
    # src/thumbnail.ts (thumbnail.handler)
    # granted today but never used: s3-object-lambda:*
    Properties:
      Policies:
        - Statement:
            - Effect: Allow
              Action:
                - s3:GetObject
              Resource:
                - !Sub '\${ImagesBucket.Arn}/originals/*'
            - Effect: Allow
              Action:
                - s3:PutObject
              Resource:
                - !Sub '\${ImagesBucket.Arn}/thumbnails/*'
            - Effect: Allow
              Action:
                - secretsmanager:GetSecretValue
              Resource:
                - !Ref ApiKeySecret
`,
    )
  })

  it('CloudFormation: the role’s inline policy document', () => {
    withProject(
      {
        'stack.yaml': `Resources:
  FnRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      Role: !GetAtt FnRole.Arn
      Environment:
        Variables:
          TOPIC: !Ref Alerts
  Alerts:
    Type: AWS::SNS::Topic
`,
        'index.js': `const { SNSClient, PublishCommand } = require('@aws-sdk/client-sns')
exports.handler = async () => new SNSClient({}).send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: 'x' }))
`,
      },
      (dir) => {
        const { code, stdout } = run(['policy', dir])
        assert.equal(code, 0)
        assert.match(
          stdout,
          / {2}FnRole:\n {4}# the role of Fn\n(?: {4}#.*\n)* {4}Type: AWS::IAM::Role\n {4}Properties:\n {6}Policies:\n {8}- PolicyName: Fn-least-privilege\n {10}PolicyDocument:\n {12}Version: '2012-10-17'\n {12}Statement:\n {14}- Effect: Allow\n {16}Action:\n {18}- sns:Publish\n {16}Resource:\n {18}- !Ref Alerts\n/,
        )
      },
    )
  })

  it('--function keeps one function; JSON notes go to standard error', () => {
    const { code, stdout, stderr } = run([
      'policy',
      'policy-serverless',
      '--format',
      'json',
      '--function',
      'getOrder',
    ])
    assert.equal(code, 0)
    assert.deepEqual(Object.keys(JSON.parse(stdout).functions), ['getOrder'])
    assert.match(stderr, /^bulwark: note: getOrder: in imported code but not reached/m)
  })

  it('an unknown function, format or flag exits 2 with a clear message', () => {
    const unknown = run(['policy', 'policy-sam', '--function', 'ThumbnailFunctio'])
    assert.equal(unknown.code, 2)
    assert.match(
      unknown.stderr,
      /no function `ThumbnailFunctio` in .*policy-sam; did you mean `ThumbnailFunction`\?/,
    )
    assert.equal(unknown.stdout, '')
    const format = run(['policy', 'policy-sam', '--format', 'xml'])
    assert.equal(format.code, 2)
    assert.match(format.stderr, /--format must be one of yaml, json, got `xml`/)
    const flag = run(['policy', 'policy-sam', '--fail-on', 'high'])
    assert.equal(flag.code, 2)
    assert.match(flag.stderr, /Unknown option '--fail-on'/)
  })

  it('nothing to read exits 2', () => {
    withProject({ 'README.md': '# not a service\n' }, (dir) => {
      const { code, stderr } = run(['policy', dir])
      assert.equal(code, 2)
      assert.match(stderr, /nothing to read in/)
    })
  })

  it('--help describes the command', () => {
    const { code, stdout } = run(['policy', '--help'])
    assert.equal(code, 0)
    assert.match(
      stdout,
      /^Usage: bulwark policy \[dir\] \[--function NAME\] \[--format yaml\|json\]/,
    )
    assert.match(run(['--help']).stdout, /bulwark policy \[dir\]/)
  })
})
