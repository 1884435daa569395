// Every registered rule must report at least one finding on this deliberately insecure project.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { audit } from '../../packages/audit/src/audit.js'
import { RULES } from '../../packages/audit/src/rules/index.js'

const DIR = fileURLToPath(new URL('.', import.meta.url))

describe('examples/vulnerable', () => {
  const result = audit(DIR, {
    now: new Date('2026-09-01T00:00:00Z'),
    npmAudit: readFileSync(`${DIR}npm-audit.json`, 'utf8'),
  })

  for (const rule of RULES) {
    it(`triggers ${rule.meta.id}`, () => {
      const found = result.findings.filter((f) => f.rule === rule.meta.id)
      assert.ok(found.length > 0, `no ${rule.meta.id} finding in examples/vulnerable`)
    })
  }

  it('audits without errors', () => {
    assert.deepEqual(result.errors, [])
    assert.equal(result.audited.services, 1)
  })
})
