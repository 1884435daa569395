import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Rule } from '../rules/types.js'
import { type InvalidRuleCase, type RuleCase, ruleFindings } from './project.js'

/**
 * The table-driven rule test: every `valid` project yields no finding of the rule, every
 * `invalid` one yields exactly the listed findings (line, and column/severity/message when
 * given).
 *
 * @example
 * ruleTable(missingAuth, { valid: [{ name, files }], invalid: [{ name, files, findings: [{ line: 9 }] }] })
 */
export function ruleTable(
  rule: Rule,
  cases: { readonly valid: readonly RuleCase[]; readonly invalid: readonly InvalidRuleCase[] },
): void {
  describe(`rule ${rule.meta.id}`, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const found = ruleFindings(rule, c.files)
        assert.deepEqual(
          found.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`),
          [],
          'expected no finding',
        )
      })
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const found = ruleFindings(rule, c.files)
        assert.equal(
          found.length,
          c.findings.length,
          `expected ${c.findings.length} findings, got:\n${found.map((f) => `${f.file}:${f.line}:${f.column} [${f.severity}] ${f.message}`).join('\n')}`,
        )
        c.findings.forEach((expected, i) => {
          const actual = found[i]
          assert.ok(actual !== undefined)
          assert.equal(actual.line, expected.line, `finding ${i} line: ${actual.message}`)
          if (expected.column !== undefined)
            assert.equal(actual.column, expected.column, `finding ${i} column`)
          if (expected.severity !== undefined)
            assert.equal(
              actual.severity,
              expected.severity,
              `finding ${i} severity: ${actual.message}`,
            )
          if (expected.message !== undefined) assert.match(actual.message, expected.message)
          assert.equal(actual.category, rule.meta.category)
        })
      })
    }
  })
}
