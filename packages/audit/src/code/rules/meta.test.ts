import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEPENDENCY_RULES } from '../../deps/rules.js'
import { CATEGORIES, SEVERITIES } from '../../findings.js'
import type { RuleMeta } from '../rule.js'
import { CODE_RULES } from './index.js'

const metas: RuleMeta[] = [...CODE_RULES.map((r) => r.meta), ...Object.values(DEPENDENCY_RULES)]

describe('rule metadata', () => {
  it('ids are unique kebab-case and categories and severities are from the vocabulary', () => {
    assert.equal(new Set(metas.map((m) => m.id)).size, metas.length)
    for (const m of metas) {
      assert.match(m.id, /^[a-z]+(?:-[a-z]+)*$/)
      assert.ok((CATEGORIES as readonly string[]).includes(m.category), `${m.id}: ${m.category}`)
      assert.ok((SEVERITIES as readonly string[]).includes(m.severity))
      assert.match(m.owasp, /^A\d+:2017-/)
    }
  })

  it('every rule documents what, why, how to fix, and a bad and a good example', () => {
    for (const m of metas) {
      for (const field of ['what', 'why', 'fix', 'bad', 'good'] as const) {
        assert.ok(m.docs[field].length >= 10, `${m.id}: docs.${field}`)
      }
      assert.ok(m.title.length >= 10 && m.practice.length >= 10, m.id)
    }
  })
})
