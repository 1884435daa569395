import assert from 'node:assert/strict'
import { it } from 'node:test'
import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { oldRuntime, runtimeStatus } from './old-runtime.js'

ruleTable(oldRuntime, {
  valid: [
    {
      name: 'current runtimes, images and unresolved runtimes',
      files: sls(`service: s
provider:
  name: aws
  runtime: nodejs22.x
functions:
  a:
    handler: a.main
  b:
    image: 123.dkr.ecr.us-east-1.amazonaws.com/b:latest
  c:
    handler: c.main
    runtime: \${env:RUNTIME}
`),
    },
  ],
  invalid: [
    {
      name: 'provider runtime past its block dates, one finding for all functions',
      files: sls(`service: s
provider:
  name: aws
  runtime: nodejs16.x
functions:
  a:
    handler: a.main
  b:
    handler: b.main
  c:
    handler: c.main
    runtime: python3.9
`),
      findings: [
        { line: 4, column: 12, severity: 'high', message: /\(2 functions\)/ },
        { line: 12, severity: 'medium', message: /^c: python3.9 is deprecated/ },
      ],
    },
    {
      name: 'SAM Globals runtime',
      files: template(`Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: go1.x
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: bootstrap
`),
      findings: [{ line: 4, severity: 'high' }],
    },
  ],
})

it('severity rises as the dates pass', () => {
  assert.equal(runtimeStatus('nodejs20.x', new Date('2025-06-01')), undefined)
  assert.equal(runtimeStatus('nodejs20.x', new Date('2026-01-01'))?.severity, 'low')
  assert.equal(runtimeStatus('nodejs20.x', new Date('2026-05-15'))?.severity, 'medium')
  assert.equal(runtimeStatus('nodejs20.x', new Date('2026-06-15'))?.severity, 'high')
  assert.match(
    runtimeStatus('nodejs20.x', new Date('2026-08-01'))?.message ?? '',
    /can no longer be updated/,
  )
  assert.equal(runtimeStatus('nodejs24.x', new Date('2026-08-01')), undefined)
  assert.equal(runtimeStatus('not-a-runtime', new Date()), undefined)
})
