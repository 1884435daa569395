// End to end: `bulwark audit` on a fixture project whose mistakes are in the code and dependencies.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runCli } from '../cli/run.js'

const PROJECT = fileURLToPath(new URL('../../fixtures/code-project/', import.meta.url))

function bulwark(args: string[]): { code: number; out: string; err: string } {
  let out = ''
  let err = ''
  const code = runCli(args, {
    stdout: (t) => {
      out += t
    },
    stderr: (t) => {
      err += t
    },
    env: {},
    isTTY: false,
    cwd: PROJECT,
  })
  return { code, out, err }
}

interface JsonFinding {
  rule: string
  severity: string
  file: string
  line: number
  column: number
  function?: string
  message: string
}

describe('bulwark audit: code and dependency findings end to end', () => {
  it('follows each function from the template into its code, across modules and wrappers', () => {
    const { code, out } = bulwark([
      'audit',
      '.',
      '--format',
      'json',
      '--npm-audit',
      'npm-audit.json',
    ])
    assert.equal(code, 1)
    const report = JSON.parse(out) as { findings: JsonFinding[]; errors: unknown[] }
    assert.deepEqual(report.errors, [])
    const pick = (rules: string[]) =>
      report.findings
        .filter((f) => rules.includes(f.rule))
        .map((f) => `${f.rule} ${f.severity} ${f.file}:${f.line}:${f.column} ${f.function ?? '-'}`)
    assert.deepEqual(
      pick(['command-injection', 'sql-injection', 'known-vulnerability', 'missing-auth']),
      [
        // Express route registered on a router in another module, behind serverless-http
        'command-injection critical src/app/routes/tools.js:7:15 api',
        // a middy-wrapped TypeScript handler calling a helper that builds SQL
        'sql-injection critical src/lib/orders.ts:6:26 search',
        'known-vulnerability medium package.json:7:5 -',
        // the route is open in the template, but the handler verifies a bearer token itself
        'missing-auth low serverless.yml:40:9 webhook',
      ],
    )
    const sql = report.findings.find((f) => f.rule === 'sql-injection')
    assert.match(sql?.message ?? '', /event\.queryStringParameters\.status/)
  })

  it('lists the code and dependency rules with their docs', () => {
    const { code, out } = bulwark(['rules', '--format', 'json'])
    assert.equal(code, 0)
    const ids = (JSON.parse(out) as Array<{ id: string }>).map((r) => r.id)
    for (const id of [
      'eval-injection',
      'sql-injection',
      'sensitive-logging',
      'missing-lockfile',
      'known-vulnerability',
    ]) {
      assert.ok(ids.includes(id), id)
    }
  })

  it('refuses an unreadable --npm-audit file with exit code 2, and reports a malformed one as an error', () => {
    assert.equal(bulwark(['audit', '.', '--npm-audit', 'missing.json']).code, 2)
    const { out } = bulwark(['audit', '.', '--format', 'json', '--npm-audit', 'package.json'])
    const report = JSON.parse(out) as { errors: Array<{ message: string }> }
    assert.ok(report.errors.some((e) => /npm audit output has neither/.test(e.message)))
  })
})
