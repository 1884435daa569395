import assert from 'node:assert/strict'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { audit } from '../audit.js'
import { TEST_NOW } from '../testing/project.js'
import { formatMarkdown } from './markdown.js'

it('Markdown report: counts, one table row per finding, pipes escaped, suppressions folded', () => {
  const result = audit(fileURLToPath(new URL('../../fixtures/serverless-notes', import.meta.url)), {
    now: TEST_NOW,
  })
  const text = formatMarkdown({
    ...result,
    findings: result.findings.map((f, i) => (i === 0 ? { ...f, message: 'a | b' } : f)),
  })
  assert.match(text, /^## Bulwark audit\n/)
  assert.match(text, /\| 🔴 high \| \d+ \|/)
  const rows = text.split('\n').filter((l) => /^\| (🟣|🔴|🟠|🔵) \w+ \| `/.test(l))
  assert.equal(rows.length, result.findings.length)
  assert.match(text, /a \\\| b/)
  assert.match(text, /<details><summary>Suppressed findings<\/summary>/)
  assert.match(text, /liveness probe/)
})
