import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { auditFiles, sls, template } from '../testing/project.js'
import { parseBaseline } from './baseline.js'
import { BulwarkConfigError, parseConfig } from './config.js'
import { findInlineSuppressions } from './inline.js'

const OPEN_ROUTES = `service: s
provider:
  name: aws
functions:
  a:
    handler: a.main
    events:
      - httpApi: GET /a
  b:
    handler: b.main
    events:
      - httpApi: GET /b
`

const missingAuth = (files: Record<string, string>) => {
  const result = auditFiles(files)
  return {
    reported: result.findings.filter((f) => f.rule === 'missing-auth').map((f) => f.line),
    suppressed: result.suppressed
      .filter((f) => f.rule === 'missing-auth')
      .map((f) => [f.line, f.suppression.kind]),
    unexplained: result.findings
      .filter((f) => f.rule === 'suppression-without-reason')
      .map((f) => [f.line, f.message]),
  }
}

describe('inline suppressions', () => {
  it('a comment above a function covers its whole block, and only it', () => {
    const text = OPEN_ROUTES.replace(
      '  a:\n',
      '  # bulwark-ignore missing-auth: internal tool behind the VPN\n  a:\n',
    )
    assert.deepEqual(missingAuth(sls(text)), {
      reported: [13],
      suppressed: [[9, 'inline']],
      unexplained: [],
    })
  })

  it('a trailing comment covers its line; several rules in one comment', () => {
    const text = OPEN_ROUTES.replace(
      '- httpApi: GET /b',
      '- httpApi: GET /b # bulwark-ignore missing-auth, cors-wildcard: public docs',
    )
    assert.deepEqual(missingAuth(sls(text)).suppressed, [[12, 'inline']])
  })

  it('without a reason, or with an unknown rule, it suppresses nothing and is reported', () => {
    const text = OPEN_ROUTES.replace('  a:\n', '  # bulwark-ignore missing-auth\n  a:\n').replace(
      '  b:\n',
      '  # bulwark-ignore missing-auht: typo in the rule id\n  b:\n',
    )
    const result = missingAuth(sls(text))
    assert.deepEqual(result.reported, [9, 14])
    assert.equal(result.unexplained.length, 2)
    assert.match(String(result.unexplained[0]?.[1]), /has no reason/)
    assert.match(String(result.unexplained[1]?.[1]), /unknown rule missing-auht/)
  })

  it('finds comments in YAML and JS, never inside other text (fuzz)', () => {
    assert.deepEqual(
      findInlineSuppressions('a.ts', 'const x = 1 // bulwark-ignore missing-auth: ok')[0]?.rules,
      ['missing-auth'],
    )
    assert.deepEqual(findInlineSuppressions('a.yml', 'url: "http://x/#bulwark-ignore"'), [])
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 20 }), (lines) => {
        const text = lines.join('\n')
        for (const s of findInlineSuppressions('f.yml', text)) {
          assert.ok(s.from <= s.to && s.from >= 1 && s.to <= lines.length + 1)
        }
      }),
      { numRuns: 300 },
    )
  })
})

describe('CloudFormation Metadata.bulwark.ignore', () => {
  const db = (metadata: string) =>
    template(`Resources:
  Db:
    Type: AWS::RDS::DBInstance
${metadata}    Properties:
      Engine: postgres
  Other:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: postgres
`)
  for (const [name, metadata] of [
    [
      'list of objects',
      '    Metadata:\n      bulwark:\n        ignore:\n          - rule: unencrypted-storage\n            reason: test data only\n',
    ],
    [
      'list of strings',
      '    Metadata:\n      bulwark:\n        ignore:\n          - "unencrypted-storage: test data only"\n',
    ],
    [
      'map',
      '    Metadata:\n      bulwark:\n        ignore:\n          unencrypted-storage: test data only\n',
    ],
  ] as const) {
    it(`covers only its resource (${name})`, () => {
      const result = auditFiles(db(metadata))
      assert.deepEqual(
        result.suppressed.map((f) => [f.rule, f.line, f.suppression.kind]),
        [['unencrypted-storage', 2, 'metadata']],
      )
      assert.deepEqual(
        result.findings.filter((f) => f.rule === 'unencrypted-storage').map((f) => f.line),
        [6 + metadata.split('\n').length - 1],
      )
    })
  }
})

describe('bulwark.config.json', () => {
  it('ignores by rule, file and function, and declares public routes', () => {
    const config = {
      ignore: [{ rule: 'missing-auth', function: 'a', reason: 'internal, behind the VPN' }],
      publicRoutes: [{ route: 'get /b', reason: 'public catalogue' }],
    }
    const result = missingAuth({
      ...sls(OPEN_ROUTES),
      'bulwark.config.json': JSON.stringify(config),
    })
    assert.deepEqual(result, {
      reported: [],
      suppressed: [
        [8, 'config'],
        [12, 'public-route'],
      ],
      unexplained: [],
    })
  })

  it('an entry without a reason is reported', () => {
    const result = missingAuth({
      ...sls(OPEN_ROUTES),
      'bulwark.config.json': '{"ignore":[{"rule":"missing-auth"}]}',
    })
    assert.deepEqual(result.reported, [8, 12])
    assert.equal(result.unexplained.length, 1)
  })

  it('refuses malformed or unknown settings with a clear error', () => {
    assert.throws(() => parseConfig('{"ignore": {}}'), /ignore must be a list/)
    assert.throws(
      () => parseConfig('{"ignore": [{"rul": "x"}]}'),
      /`rul` is not an option of .*did you mean `rule`/,
    )
    assert.throws(() => parseConfig('{"publicRoutes": [{"route": ""}]}'), BulwarkConfigError)
    assert.throws(() => parseConfig('not json'), /not valid JSON/)
    assert.throws(() => parseBaseline('{"results": []}'), /no "findings" list/)
    assert.throws(() => parseBaseline('{"findings": [{"rule": 1}]}'), /needs string rule/)
  })

  it('never throws anything but BulwarkConfigError on arbitrary input (fuzz)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        for (const parse of [parseConfig, parseBaseline]) {
          try {
            parse(text)
          } catch (error) {
            assert.ok(error instanceof BulwarkConfigError, String(error))
          }
        }
      }),
      { numRuns: 300 },
    )
  })
})
