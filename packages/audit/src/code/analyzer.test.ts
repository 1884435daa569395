import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { analyzeCodeFiles, analyzeHandler, listSourceFiles } from './analyzer.js'

const roots: string[] = []
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true })
})
function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-code-'))
  roots.push(root)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(join(root, name), text)
  }
  return root
}

describe('the code analysis API on a folder', () => {
  it('lists the project sources, without dependencies, build output, tests or declarations', () => {
    const root = project({
      'src/a.ts': '',
      'src/b.mjs': '',
      'src/types.d.ts': '',
      'src/a.test.ts': '',
      'test/helper.js': '',
      'node_modules/x/index.js': '',
      'dist/a.js': '',
      '.serverless/x.js': '',
      'README.md': '',
    })
    assert.deepEqual(listSourceFiles(root), ['src/a.ts', 'src/b.mjs'])
  })

  it('analyzeHandler reports positions relative to the root, with the function name', async () => {
    const root = project({
      'src/handlers/users.ts':
        "import { run } from '../lib/run.js'\nexport const create = async (event: any) => run(event.body)\n",
      'src/lib/run.ts':
        "import { execSync } from 'node:child_process'\nexport function run(cmd: string) {\n  return execSync(cmd)\n}\n",
    })
    const findings = await analyzeHandler({
      root,
      file: 'src/handlers/users',
      exportName: 'create',
      functionName: 'createUser',
    })
    assert.deepEqual(
      findings.map((f) => [f.rule, f.file, f.line, f.column, f.function]),
      [['command-injection', 'src/lib/run.ts', 3, 10, 'createUser']],
    )
  })

  it('analyzeCodeFiles runs the file rules', async () => {
    const root = project({
      'src/config.js': "module.exports = { stripeKey: 'sk_live_51H8xKtLmNoPqRsTuVwXyZa0b' }\n",
    })
    const findings = await analyzeCodeFiles(root, listSourceFiles(root))
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line, f.column]),
      [['hardcoded-secret', 1, 31]],
    )
  })

  it('never reads outside the project, even through a symbolic link', async () => {
    const outside = project({
      'secret.js': 'exports.handler = async (event) => eval(event.body)\n',
    })
    const root = project({ 'handler.js': "module.exports = require('./linked/secret')\n" })
    symlinkSync(outside, join(root, 'linked'))
    const findings = await analyzeHandler({ root, handler: 'handler.handler' })
    assert.deepEqual(findings, [])
    assert.deepEqual(await analyzeHandler({ root, handler: '../escape.handler' }), [])
  })
})
