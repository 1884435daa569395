// The SARIF report validated against the SARIF 2.1.0 JSON schema that Microsoft's SARIF SDK
// ships (@microsoft/jest-sarif, a root devDependency; the schema is draft-04, hence ajv-draft-04,
// and one of its patterns is not valid as a unicode RegExp, hence unicodeRegExp: false).
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { audit } from '../audit.js'
import { TEST_NOW } from '../testing/project.js'
import { formatSarif } from './sarif.js'

const require = createRequire(import.meta.url)
// ajv-draft-04 is CommonJS: its class is module.exports.
const Ajv = require('ajv-draft-04') as typeof import('ajv-draft-04').default
const schema = JSON.parse(
  readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
)
const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema)
const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url))

describe('SARIF report', () => {
  for (const name of ['serverless-notes', 'sam-orders', 'cdk-app']) {
    it(`${name}: valid SARIF 2.1.0 with rules, locations and suppressions`, () => {
      const result = audit(fixture(name), { now: TEST_NOW })
      const log = JSON.parse(formatSarif(result))
      const valid = validate(log)
      assert.equal(valid, true, JSON.stringify(validate.errors?.slice(0, 5), null, 2))
      const run = log.runs[0]
      assert.equal(run.tool.driver.rules.length, result.rules.length)
      for (const rule of run.tool.driver.rules) {
        assert.ok(rule.help.markdown.includes('**Fix:**'))
        assert.match(rule.properties['security-severity'], /^\d+\.\d$/)
      }
      assert.equal(run.results.length, result.findings.length + result.suppressed.length)
      const first = run.results[0]
      assert.equal(first.ruleId, result.findings[0]?.rule)
      assert.equal(first.locations[0].physicalLocation.region.startLine, result.findings[0]?.line)
      assert.equal(first.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%')
      assert.equal(run.tool.driver.rules[first.ruleIndex].id, first.ruleId)
      const suppressed = run.results.filter(
        (r: { suppressions?: unknown[] }) => r.suppressions !== undefined,
      )
      assert.equal(suppressed.length, result.suppressed.length)
    })
  }

  it('the schema test can fail: a result without a message is rejected', () => {
    const result = audit(fixture('sam-orders'), { now: TEST_NOW })
    const log = JSON.parse(formatSarif(result))
    delete log.runs[0].results[0].message
    assert.equal(validate(log), false)
  })

  it('encodes file paths as URIs', () => {
    const result = audit(fixture('serverless-notes'), { now: TEST_NOW })
    const log = JSON.parse(
      formatSarif({
        ...result,
        findings: [
          {
            ...(result.findings[0] as (typeof result.findings)[number]),
            file: 'my dir/serverless#1.yml',
          },
        ],
        suppressed: [],
      }),
    )
    assert.equal(
      log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri,
      'my%20dir/serverless%231.yml',
    )
    assert.equal(validate(log), true)
  })
})
