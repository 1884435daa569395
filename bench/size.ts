// What the guard costs a Lambda bundle and a cold start: the esbuild-minified size of a handler
// that uses only the guard core (or the secrets subpath), and the time to import it, next to the
// Middy stack it replaces.
//   node --import tsx bench/size.ts
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const out = join(import.meta.dirname, '..', '.bench-out')
mkdirSync(out, { recursive: true })

const entries = {
  'empty module (baseline)': 'export const handler = () => 1',
  'guard core': `
    import { createGuard, json } from '@bulwark/guard'
    const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
    export const handler = guard.http({ auth: 'public' }, (req) => json(200, { ok: true, q: req.query }))
  `,
  'guard secrets (ssm)': `
    import { secrets, ssmParameters } from '@bulwark/guard/secrets'
    const config = secrets({ provider: ssmParameters() })
    export const handler = async () => ({ statusCode: 200, body: String((await config.get('/app/flag')).length) })
  `,
  'guard core + secrets': `
    import { createGuard, json } from '@bulwark/guard'
    import { secrets, ssmParameters } from '@bulwark/guard/secrets'
    const config = secrets({ provider: ssmParameters() })
    const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
    export const handler = guard.http({ auth: 'public' }, async () => json(200, { n: (await config.get('/app/flag')).length }))
  `,
  'middy (5 middlewares)': `
    import middy from '@middy/core'
    import httpCors from '@middy/http-cors'
    import httpErrorHandler from '@middy/http-error-handler'
    import httpHeaderNormalizer from '@middy/http-header-normalizer'
    import httpJsonBodyParser from '@middy/http-json-body-parser'
    import httpSecurityHeaders from '@middy/http-security-headers'
    export const handler = middy(async () => ({ statusCode: 200, body: '{"ok":true}' }))
      .use(httpHeaderNormalizer()).use(httpJsonBodyParser()).use(httpCors({ origins: ['https://app.example.com'] }))
      .use(httpSecurityHeaders()).use(httpErrorHandler())
  `,
}

console.log(
  'bundle (esbuild --bundle --minify --platform=node --format=esm) and import time in a fresh node',
)
console.log(
  '(a first dynamic import costs several ms of loader start-up by itself: see the baseline row)',
)
console.log(
  `${'handler'.padEnd(24)}  ${'minified'.padStart(9)}  ${'gzip'.padStart(8)}  ${'import (median of 15)'.padStart(22)}  ${'over baseline'.padStart(14)}`,
)
let baselineMs: number | undefined
for (const [name, source] of Object.entries(entries)) {
  const slug = name.replace(/\W+/g, '-')
  const entry = join(out, `${slug}.entry.mjs`)
  const bundle = join(out, `${slug}.bundle.mjs`)
  writeFileSync(entry, source)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    write: false,
    nodePaths: [join(import.meta.dirname, '..', 'node_modules')],
    // The AWS SDK clients are optional peers, loaded on first use, and the Lambda Node.js runtime
    // ships them: counted out, as a Lambda bundle would leave them.
    external: ['@aws-sdk/*'],
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  writeFileSync(bundle, code)
  const times: number[] = []
  for (let i = 0; i < 15; i++) {
    const ms = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      `const t = performance.now(); await import(${JSON.stringify(bundle)}); console.log(performance.now() - t)`,
    ])
    times.push(Number(ms.toString().trim()))
  }
  times.sort((a, b) => a - b)
  const median = times[Math.floor(times.length / 2)] as number
  baselineMs ??= median
  console.log(
    `${name.padEnd(24)}  ${`${(code.byteLength / 1024).toFixed(1)} KB`.padStart(9)}  ${`${(gzipSync(code).byteLength / 1024).toFixed(1)} KB`.padStart(8)}  ${`${median.toFixed(2)} ms`.padStart(22)}  ${`${(median - baselineMs).toFixed(2)} ms`.padStart(14)}`,
  )
}
