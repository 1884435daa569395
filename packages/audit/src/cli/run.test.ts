import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { CATEGORIES } from '../findings.js'
import { withProject } from '../testing/project.js'
import { type CliIo, runCli } from './run.js'

function run(argv: string[], cwd: string, env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (t) => {
      stdout += t
    },
    stderr: (t) => {
      stderr += t
    },
    env,
    isTTY: false,
    cwd,
  }
  const code = runCli(argv, io)
  return { code, stdout, stderr }
}

const INSECURE = {
  'serverless.yml': `service: s
provider:
  name: aws
functions:
  f:
    handler: h.main
    events:
      - httpApi: GET /items
`,
}

describe('bulwark CLI', () => {
  it('prints the JSON report with the DESIGN.md fields and exits 1 on findings', () => {
    withProject(INSECURE, (dir) => {
      const { code, stdout } = run(['audit', dir, '--format', 'json'], '/')
      assert.equal(code, 1)
      const report = JSON.parse(stdout)
      assert.deepEqual(Object.keys(report), ['version', 'root', 'findings', 'suppressed', 'errors'])
      const finding = report.findings.find((f: { rule: string }) => f.rule === 'missing-auth')
      assert.deepEqual(Object.keys(finding).sort(), [
        'category',
        'column',
        'file',
        'fix',
        'function',
        'line',
        'message',
        'owasp',
        'practice',
        'rule',
        'severity',
      ])
      assert.equal(finding.file, 'serverless.yml')
      assert.equal(finding.line, 8)
      for (const f of report.findings)
        assert.ok((CATEGORIES as readonly string[]).includes(f.category))
    })
  })

  it('prints every report format', () => {
    withProject(INSECURE, (dir) => {
      const sarif = run(['audit', dir, '--format', 'sarif'], '/')
      assert.equal(sarif.code, 1)
      assert.equal(JSON.parse(sarif.stdout).version, '2.1.0')
      assert.match(run(['audit', dir, '-f', 'html'], '/').stdout, /^<!doctype html>/)
      assert.match(run(['audit', dir, '-f', 'markdown'], '/').stdout, /^## Bulwark audit/)
      assert.match(run(['rules', '--format', 'markdown'], '/').stdout, /^## `iam-admin-policy`/)
    })
  })

  it('exits 0 when nothing reaches --fail-on', () => {
    withProject(INSECURE, (dir) => {
      assert.equal(run(['audit', dir, '--fail-on', 'high'], '/').code, 0)
      assert.equal(run(['audit', dir, '--fail-on', 'medium'], '/').code, 1)
    })
  })

  it('exits 2 when there is nothing to audit, or arguments are wrong', () => {
    withProject({ 'README.md': '# nothing' }, (dir) => {
      const nothing = run(['audit', dir], '/')
      assert.equal(nothing.code, 2)
      assert.match(nothing.stderr, /nothing to audit/)
      assert.equal(run(['audit', dir, '--format', 'pdf'], '/').code, 2)
      assert.equal(run(['audit', dir, '--fail-on', 'severe'], '/').code, 2)
      assert.equal(run(['audit', dir, '--bogus'], '/').code, 2)
      assert.equal(run(['frobnicate'], '/').code, 2)
      assert.equal(run(['audit', '/definitely/not/here'], '/').code, 2)
    })
  })

  it('writes the report to --output and accepts a baseline made from it', () => {
    withProject(INSECURE, (dir) => {
      assert.equal(
        run(['audit', '.', '--format', 'json', '--output', 'baseline.json'], dir).code,
        1,
      )
      const baseline = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'))
      assert.ok(baseline.findings.length > 0)
      const again = run(['audit', '.', '--format', 'json', '--baseline', 'baseline.json'], dir)
      assert.equal(again.code, 0)
      const report = JSON.parse(again.stdout)
      assert.equal(report.findings.length, 0)
      assert.equal(report.suppressed.length, baseline.findings.length)
      assert.equal(report.suppressed[0].suppression.kind, 'baseline')
    })
  })

  it('refuses a config with an unknown key, naming the nearest one', () => {
    withProject({ ...INSECURE, 'bulwark.config.json': '{"publicRoute": []}' }, (dir) => {
      const { code, stderr } = run(['audit', dir], '/')
      assert.equal(code, 2)
      assert.match(stderr, /did you mean `publicRoutes`/)
    })
  })

  it('prints text without colours unless writing to a terminal', () => {
    withProject(INSECURE, (dir) => {
      const { stdout } = run(['audit', dir], '/', { NO_COLOR: '1' })
      assert.match(stdout, /serverless\.yml:8:9/)
      assert.equal(stdout.includes('\u001b['), false)
      assert.match(
        stdout,
        /\d+ findings \((\d+ (high|medium|low)(, )?)+\) in 1 service, 1 function\n$/,
      )
    })
  })

  it('lists every rule with its docs', () => {
    const json = run(['rules', '--format', 'json'], '/')
    assert.equal(json.code, 0)
    const rules = JSON.parse(json.stdout)
    assert.ok(rules.length >= 9)
    for (const rule of rules) {
      for (const key of ['what', 'why', 'fix', 'bad', 'good'])
        assert.ok(rule.docs[key].length > 0, `${rule.id} ${key}`)
      assert.ok((CATEGORIES as readonly string[]).includes(rule.category))
      assert.match(rule.owasp, /^A\d+:2017-/)
    }
    assert.match(run(['rules'], '/').stdout, /missing-auth {2}\[high\]/)
    assert.equal(run(['--help'], '/').code, 0)
  })
})
