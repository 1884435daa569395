import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseYamlText } from './parse-yaml.js'
import { at, type IntrinsicNode, str } from './tree.js'

describe('parseYamlText', () => {
  it('keeps CloudFormation short tags as intrinsics, with positions', () => {
    const { root, problems } = parseYamlText(
      't.yaml',
      'A: !Ref Bucket\nB: !GetAtt Table.StreamArn\nC: !Sub "arn:${AWS::Partition}:s3:::${B}"\nD: !If [IsProd, 1, 2]\n',
    )
    assert.deepEqual(problems, [])
    const a = at(root, 'A') as IntrinsicNode
    assert.equal(a.kind, 'intrinsic')
    assert.equal(a.name, 'Ref')
    assert.equal(str(a.arg), 'Bucket')
    const b = at(root, 'B') as IntrinsicNode
    assert.equal(b.name, 'Fn::GetAtt')
    assert.deepEqual(b.arg.kind === 'seq' && b.arg.items.map((i) => str(i)), ['Table', 'StreamArn'])
    assert.equal((at(root, 'C') as IntrinsicNode).name, 'Fn::Sub')
    assert.equal((at(root, 'D') as IntrinsicNode).name, 'Fn::If')
    assert.deepEqual({ line: a.span.line, column: a.span.column }, { line: 1, column: 9 })
  })

  it('reads long-form intrinsics in JSON with positions', () => {
    const { root } = parseYamlText(
      't.json',
      '{\n  "R": {\n    "Fn::GetAtt": ["Fn", "Arn"]\n  },\n  "S": {"Ref": "X"}\n}',
    )
    const r = at(root, 'R') as IntrinsicNode
    assert.equal(r.name, 'Fn::GetAtt')
    assert.equal(r.span.line, 2)
    assert.equal((at(root, 'S') as IntrinsicNode).name, 'Ref')
  })

  it('applies merge keys and expands aliases', () => {
    const { root } = parseYamlText(
      's.yml',
      'base: &base\n  runtime: nodejs22.x\n  memory: 128\nfn:\n  <<: *base\n  memory: 256\ncopy: *base\n',
    )
    assert.equal(str(at(root, 'fn', 'runtime')), 'nodejs22.x')
    assert.equal(str(at(root, 'fn', 'memory')), '256')
    assert.equal(str(at(root, 'copy', 'memory')), '128')
  })

  it('bounds alias bombs instead of expanding them', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      )
    const started = Date.now()
    const { root, problems } = parseYamlText('bomb.yml', lines.join('\n'))
    assert.equal(root, undefined)
    assert.match(problems[0]?.message ?? '', /alias bomb/)
    assert.ok(Date.now() - started < 60_000)
  })

  it('reports malformed YAML with its line', () => {
    const { root, problems } = parseYamlText('bad.yml', 'a: 1\nb: [1, 2\nc: 3\n')
    assert.equal(root, undefined)
    assert.ok(problems.length > 0)
    assert.ok((problems[0]?.line ?? 0) >= 2)
  })

  it('reports duplicate keys', () => {
    const { problems } = parseYamlText('dup.yml', 'a: 1\na: 2\n')
    assert.equal(problems.length, 1)
    assert.equal(problems[0]?.line, 2)
  })

  it('never throws on arbitrary text (fuzz)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const result = parseYamlText('f.yml', text)
        assert.ok(result.root !== undefined || result.problems.length >= 0)
      }),
      { numRuns: 300 },
    )
  })

  it('reads any JSON value, positions inside the text (fuzz)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const text = JSON.stringify(value, null, 1)
        const { root, problems } = parseYamlText('f.json', text)
        assert.deepEqual(problems, [])
        if (root === undefined) return
        const lines = text.split('\n').length
        assert.ok(root.span.line >= 1 && root.span.endLine <= lines)
      }),
      { numRuns: 200 },
    )
  })
})
