import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseYamlText } from '../parse-yaml.js'
import { at, type Node, str, type UnknownNode } from '../tree.js'
import { splitVariables, VariableResolver } from './variables.js'

function resolve(yaml: string, files: Record<string, string> = {}): Node {
  const { root } = parseYamlText('serverless.yml', yaml)
  assert.ok(root !== undefined)
  return new VariableResolver(root, {
    readFile(path) {
      if (path.startsWith('../')) return 'refused'
      if (path.endsWith('.js')) return 'executable'
      const text = files[path.replace(/^\.\//, '')]
      if (text === undefined) return 'missing'
      return parseYamlText(path, text).root ?? 'missing'
    },
  }).resolveAll()
}

describe('VariableResolver', () => {
  const cases: [string, string, string | undefined][] = [
    ['self path', 'custom:\n  t: users\nx: ${self:custom.t}', 'users'],
    ['opt with a quoted default', "x: ${opt:stage, 'dev'}", 'dev'],
    [
      'opt falling back to self',
      'provider:\n  stage: qa\nx: ${opt:stage, self:provider.stage}',
      'qa',
    ],
    [
      'sls:stage from provider.stage',
      "provider:\n  stage: ${opt:stage, 'prod'}\nx: ${sls:stage}",
      'prod',
    ],
    ['sls:stage defaults to dev', 'x: ${sls:stage}', 'dev'],
    [
      'Framework defaults for provider.stage and provider.region',
      'x: ${self:provider.stage}-${self:provider.region}',
      'dev-us-east-1',
    ],
    [
      'interpolation',
      'service: api\nprovider:\n  stage: dev\nx: ${self:service}-${self:provider.stage}-table',
      'api-dev-table',
    ],
    [
      'nested variables',
      'provider:\n  stage: dev\ncustom:\n  dev: { size: 1 }\nx: ${self:custom.${self:provider.stage}.size}',
      '1',
    ],
    [
      'CloudFormation placeholders are left alone',
      'x: arn:aws:s3:::${AWS::AccountId}-${Bucket}',
      'arn:aws:s3:::${AWS::AccountId}-${Bucket}',
    ],
    ['numbers as defaults', 'x: ${opt:memory, 512}', '512'],
    ['file include with an address', 'x: ${file(./config.yml):table}', 'from-file'],
    ['missing file falls back', "x: ${file(./absent.yml):t, 'fallback'}", 'fallback'],
  ]
  for (const [name, yaml, expected] of cases) {
    it(name, () =>
      assert.equal(str(at(resolve(yaml, { 'config.yml': 'table: from-file' }), 'x')), expected),
    )
  }

  it('leaves env, ssm, aws and cf unresolved, remembering what they refer to', () => {
    const root = resolve(
      "a: ${env:SECRET}\nb: ${ssm:/app/key~true}\nc: ${aws:accountId}\nd: pre-${cf:stack.out}\ne: ${env:X, 'dflt'}",
    )
    for (const key of ['a', 'b', 'c', 'd', 'e']) assert.equal(at(root, key)?.kind, 'unknown', key)
    assert.deepEqual((at(root, 'b') as UnknownNode).refs, [
      { source: 'ssm', address: '/app/key~true' },
    ])
  })

  it('refuses files outside the project and never runs JS', () => {
    const root = resolve('a: ${file(../../etc/passwd)}\nb: ${file(./config.js):value}')
    assert.equal(at(root, 'a')?.kind, 'unknown')
    assert.equal(at(root, 'b')?.kind, 'unknown')
  })

  it('resolves whole subtrees and survives cycles', () => {
    const root = resolve(
      'custom:\n  role:\n    statements: [1, 2]\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nx: ${self:custom.role}',
    )
    assert.equal(at(root, 'x', 'statements')?.kind, 'seq')
    assert.equal(at(root, 'custom', 'a')?.kind, 'unknown')
  })

  it('bounds exponential string growth', () => {
    const lines = ['v0: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx']
    for (let i = 1; i < 30; i++) lines.push(`v${i}: \${self:v${i - 1}}\${self:v${i - 1}}`)
    const root = resolve(lines.join('\n'))
    assert.equal(at(root, 'v29')?.kind, 'unknown')
  })

  it('splits variables at top level only', () => {
    assert.deepEqual(splitVariables('a-${opt:s, ${self:x}}-b'), [
      { kind: 'text', text: 'a-' },
      { kind: 'variable', body: 'opt:s, ${self:x}' },
      { kind: 'text', text: '-b' },
    ])
  })

  it('never throws on arbitrary variable text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const yaml = `x: ${JSON.stringify(`\${${text}}`)}\ny: ${JSON.stringify(text)}`
        const { root } = parseYamlText('f.yml', yaml)
        if (root === undefined) return
        new VariableResolver(root, { readFile: () => 'missing' }).resolveAll()
      }),
      { numRuns: 300 },
    )
  })
})
