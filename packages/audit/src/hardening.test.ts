// Bad input: huge files, link loops, hostile configs and random shapes never break the audit.
import assert from 'node:assert/strict'
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { stringify } from 'yaml'
import { audit } from './audit.js'
import { TEST_NOW, withProject } from './testing/project.js'

const VALID =
  'service: ok\nprovider:\n  name: aws\nfunctions:\n  f:\n    handler: h.main\n    events:\n      - httpApi: GET /x\n'

describe('hardening', () => {
  it('a file over the size limit is reported and skipped; the rest is audited', () => {
    withProject({ 'ok/serverless.yml': VALID }, (dir) => {
      mkdirSync(join(dir, 'big'))
      writeFileSync(
        join(dir, 'big', 'serverless.yml'),
        `service: big\ncustom:\n  blob: "${'x'.repeat(9 * 1024 * 1024)}"\n`,
      )
      const result = audit(dir, { now: TEST_NOW })
      assert.equal(result.audited.services, 1)
      const problem = result.findings.find((f) => f.rule === 'config-unreadable')
      assert.equal(problem?.file, 'big/serverless.yml')
      assert.match(problem?.message ?? '', /larger than 8 MiB/)
    })
  })

  it('symlink loops end, and links out of the project are not followed', () => {
    withProject(
      { 'app/serverless.yml': VALID, 'outside/serverless.yml': VALID.replace('ok', 'outside') },
      (base) => {
        const dir = join(base, 'app')
        symlinkSync(dir, join(dir, 'loop'))
        symlinkSync(join(base, 'outside'), join(dir, 'out'))
        const result = audit(dir, { now: TEST_NOW })
        assert.equal(result.audited.services, 1)
        assert.deepEqual(
          result.project.services.map((s) => s.file),
          ['serverless.yml'],
        )
      },
    )
  })

  it('a serverless.js with side effects is read, never run', () => {
    withProject(
      {
        'serverless.js': `require('node:fs').writeFileSync(require('node:path').join(__dirname, 'ran.txt'), 'x')
module.exports = { service: 'js', provider: { name: 'aws', runtime: 'nodejs22.x' }, functions: { f: { handler: 'h.main' } } }
`,
      },
      (dir) => {
        const result = audit(dir, { now: TEST_NOW })
        assert.equal(result.project.services[0]?.name, 'js')
        assert.equal(result.project.isFile('ran.txt'), false)
      },
    )
  })

  it('exit code 2 only when nothing could be audited', () => {
    withProject({ 'serverless.yml': 'service: [' }, (dir) => {
      const result = audit(dir, { now: TEST_NOW })
      assert.equal(result.audited.services, 0)
      assert.equal(result.findings[0]?.rule, 'config-unreadable')
    })
  })

  // Random shapes built from the words real configs use: no rule may crash on any of them.
  const key = fc.constantFrom(
    'service',
    'provider',
    'functions',
    'events',
    'http',
    'httpApi',
    'handler',
    'runtime',
    'iam',
    'role',
    'statements',
    'Effect',
    'Action',
    'Resource',
    'environment',
    'cors',
    'authorizer',
    'url',
    'resources',
    'Resources',
    'Type',
    'Properties',
    'Policies',
    'Events',
    'Auth',
    'Handler',
    'Runtime',
    'Role',
    'name',
    'path',
    'method',
    'private',
    'timeout',
    'iamRoleStatements',
    'Globals',
    'Function',
    'Metadata',
    'bulwark',
    'ignore',
  )
  const scalar = fc.oneof(
    fc.constantFrom(
      'aws',
      '*',
      's3:*',
      'GET /x',
      'AWS::Serverless::Function',
      'AWS::Lambda::Function',
      'AWS::IAM::Role',
      'nodejs16.x',
      'NONE',
      '${self:provider}',
      '${opt:stage, "dev"}',
      '!Ref',
      'true',
    ),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
  )
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('list')),
    map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
    list: fc.array(tie('node'), { maxLength: 4 }),
  })).map

  it('no rule crashes on random serverless.yml and template shapes (fuzz)', () => {
    fc.assert(
      fc.property(tree, fc.boolean(), (value, asTemplate) => {
        const text = stringify(value)
        withProject(
          {
            [asTemplate ? 'template.yaml' : 'serverless.yml']: asTemplate
              ? `AWSTemplateFormatVersion: x\n${text}`
              : text,
          },
          (dir) => {
            const result = audit(dir, { now: TEST_NOW })
            assert.deepEqual(result.errors, [])
          },
        )
      }),
      { numRuns: 150 },
    )
  })
})
