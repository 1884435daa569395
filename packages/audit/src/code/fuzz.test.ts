import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { parseModule, positionOf } from './parse.js'
import { analyzeProject } from './testing/analyze.js'

/** Statements real handlers contain, to assemble into random (mostly valid) modules. */
const SNIPPETS = [
  "const { execSync } = require('child_process')",
  "import fs from 'node:fs'",
  'let cache',
  'exports.handler = async (event) => {',
  'export const handler = async (event, context) => {',
  'module.exports = { handler }',
  'const body = JSON.parse(event.body)',
  "execSync('ls ' + body.dir)",
  'cache = event',
  'for (const r of event.Records) { eval(r.body) }',
  'if (!ALLOWED.includes(x)) return',
  'const x = event.queryStringParameters?.x ?? "d"',
  'return { statusCode: 200, body: `<p>${x}</p>` }',
  'function helper(a) { return helper(a + 1) }',
  'helper(event)',
  'class A { m(e) { return this.m(e) } }',
  'new A().m(event)',
  'const [a, ...rest] = [event, ...arguments]',
  '({ a: x, ...o } = event.headers)',
  'await Promise.all(event.items.map(async (i) => fs.readFileSync(i)))',
  '}',
  '{',
  ')',
  'x = y = z',
  'label: for (;;) { break label }',
]

describe('fuzz: parsing and analysis of arbitrary code', () => {
  it('parseModule never throws and positions stay inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 400 }),
        fc.constantFrom('a.js', 'a.ts', 'a.mjs', 'a.cjs', 'a.tsx'),
        fc.nat(),
        (text, file, at) => {
          const mod = parseModule(file, text)
          const { line, column } = positionOf(mod, text.length === 0 ? 0 : at % text.length)
          assert.ok(line >= 1 && line <= mod.lineStarts.length)
          assert.ok(column >= 1)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('the analysis never throws, on valid or broken modules, and findings point inside the files', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 25 }),
        fc.constantFrom('handler.js', 'handler.ts'),
        (lines, file) => {
          const source = lines.join('\n')
          const findings = analyzeProject({ [file]: source, 'lib.js': source })
          const lineCount = source.split('\n').length
          for (const f of findings) {
            assert.ok(f.line >= 1 && f.line <= lineCount, `${f.rule} at ${f.line}`)
            assert.ok(f.column >= 1)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
