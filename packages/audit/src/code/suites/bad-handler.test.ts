import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, it } from 'node:test'
import { createCodeAnalyzer, listSourceFiles } from '../analyzer.js'

const root = new URL('../../../fixtures/bad-handler/', import.meta.url).pathname
const expected = JSON.parse(readFileSync(`${root}expected.json`, 'utf8')) as {
  line: number
  issue: string
}[]

describe("the bad-handler fixture (the benchmark's ground truth)", () => {
  it('reports every marked mistake, once, and nothing else', () => {
    const analyzer = createCodeAnalyzer({ root })
    const report = analyzer.analyzeHandler({ handler: 'handler.handler', functionName: 'bad' })
    assert.ok(report.resolved)
    analyzer.analyzeFiles(listSourceFiles(root))
    const findings = analyzer.findings()
    assert.deepEqual(
      findings.map((f) => f.line),
      expected.map((e) => e.line),
    )
    assert.deepEqual(
      findings.map((f) => f.category),
      [
        'hardcoded-secret',
        'cors-wildcard',
        'cookie-auth',
        'weak-jwt-verification',
        'module-scope-user-data',
        'sensitive-logging',
        'weak-crypto',
        'sql-or-nosql-injection',
        'eval-or-code-injection',
        'command-injection',
        'ssrf',
        'path-traversal',
      ],
    )
    // Module-level code (the key, the shared headers object) runs at load, outside any invocation.
    const inHandler = findings.filter((f) => f.line > 20)
    assert.ok(inHandler.every((f) => f.function === 'bad'))
  })
})
