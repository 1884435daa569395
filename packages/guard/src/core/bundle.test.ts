// What a Lambda bundle of a handler that imports only `@bulwark/guard/core` holds: the core's
// size and cold start are its point, and one careless import (a store, the full redactor, jose,
// node:crypto) would bring the full guard's cost back without any test noticing.
//
// The handler is bundled the way bench/size.ts does it, from the built package (`npm run build`;
// `npm test` builds first), through the package's own `exports`, as a user's bundler sees it.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { build, type Metafile } from 'esbuild'
import { httpApiEvent, readResult } from '../testing/lambda-events.js'

const root = join(import.meta.dirname, '..', '..', '..', '..')
const dist = 'packages/guard/dist'

const HANDLER = `
import { createGuard, json } from '@bulwark/guard/core'
const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
export const handler = guard.http({ auth: 'public' }, (req) => json(200, { ok: true, q: req.query }))
`

/** Directories and files of the package that only the full guard may bring. */
const FULL_GUARD_ONLY = [
  `${dist}/stores/`,
  `${dist}/auth/`,
  `${dist}/limits/`,
  `${dist}/events/`,
  `${dist}/secrets/`,
  `${dist}/crypto/`,
  `${dist}/log/redact/redactor.js`,
  `${dist}/log/redact/value-scanner.js`,
  `${dist}/guard.js`,
  `${dist}/index.js`,
  'node_modules/jose/',
]
/** Each costs milliseconds of cold start; the core uses the globals instead. */
const SLOW_BUILTINS = ['node:crypto', 'crypto', 'node:buffer', 'buffer']

describe('a handler that imports only @bulwark/guard/core', () => {
  let code: string
  let bundled: Metafile['outputs'][string]
  const scratch = mkdtempSync(join(tmpdir(), 'bulwark-core-bundle-'))

  before(async () => {
    assert.ok(
      existsSync(join(root, dist, 'core', 'index.js')),
      `${dist} is missing: run \`npm run build\` first`,
    )
    const result = await build({
      stdin: { contents: HANDLER, resolveDir: root, sourcefile: 'handler.mjs', loader: 'js' },
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      absWorkingDir: root,
      nodePaths: [join(root, 'node_modules')],
      logLevel: 'silent',
    })
    code = result.outputFiles[0]?.text ?? ''
    const [output, ...more] = Object.values(result.metafile.outputs)
    assert.ok(output !== undefined && more.length === 0)
    bundled = output
  })

  after(() => rmSync(scratch, { recursive: true, force: true }))

  it('holds the core pipeline, from the built package', () => {
    const inputs = Object.keys(bundled.inputs)
    for (const expected of [
      `${dist}/core/guard.js`,
      `${dist}/core/pipeline.js`,
      `${dist}/log/core-observability.js`,
      `${dist}/log/redact/key-redactor.js`,
    ]) {
      assert.ok(inputs.includes(expected), `${expected} is in the bundle`)
    }
  })

  it('holds nothing of the full guard: stores, auth, limits, events, secrets, crypto, the full redactor, jose', () => {
    const dragged = Object.keys(bundled.inputs).filter((input) =>
      FULL_GUARD_ONLY.some((forbidden) => input.startsWith(forbidden)),
    )
    assert.deepEqual(dragged, [])
  })

  it('imports neither node:crypto nor node:buffer', () => {
    const slow = bundled.imports.filter((i) => SLOW_BUILTINS.includes(i.path)).map((i) => i.path)
    assert.deepEqual(slow, [])
    // Nor through a `require` that esbuild leaves in place for the runtime.
    assert.doesNotMatch(code, /["'](?:node:)?(?:crypto|buffer)["']/)
  })

  it('runs on its own', async () => {
    const file = join(scratch, 'handler.mjs')
    writeFileSync(file, code)
    const { handler } = await import(pathToFileURL(file).href)
    const result = readResult(await handler(httpApiEvent({ query: { q: ['1'] } })))
    assert.equal(result.status, 200)
    assert.deepEqual(result.json(), { ok: true, q: { q: '1' } })
    assert.equal(result.headers['x-content-type-options']?.[0], 'nosniff')
  })
})

// Functions deployed with node_modules instead of a bundle load every module the entry names.
describe('@bulwark/guard/core imported without a bundler', () => {
  it('loads nothing of the full guard and no slow builtin (node:crypto, node:buffer, node:http)', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'bulwark-core-import-'))
    try {
      const loaded = join(scratch, 'loaded.txt')
      const hooks = join(scratch, 'hooks.mjs')
      writeFileSync(
        hooks,
        `import { appendFileSync } from 'node:fs'
export async function load(url, context, next) {
  appendFileSync(${JSON.stringify(loaded)}, url + '\\n')
  return next(url, context)
}`,
      )
      const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hooks).href)})`
      execFileSync(
        process.execPath,
        [
          '--import',
          `data:text/javascript,${encodeURIComponent(register)}`,
          '--input-type=module',
          '-e',
          "await import('@bulwark/guard/core')",
        ],
        { cwd: root },
      )
      const urls = readFileSync(loaded, 'utf8').split('\n').filter(Boolean)
      const modules = urls.map((url) => url.replace(/^file:\/\/.*?(packages\/guard\/dist\/)/, '$1'))
      assert.ok(modules.includes(`${dist}/core/pipeline.js`), 'the core itself was loaded')
      const dragged = modules.filter(
        (module) =>
          FULL_GUARD_ONLY.some((forbidden) => module.includes(forbidden)) ||
          ['node:crypto', 'node:buffer', 'node:http'].includes(module),
      )
      assert.deepEqual(dragged, [])
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })
})
