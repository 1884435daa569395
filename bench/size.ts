// What the guard costs a Lambda bundle and a cold start: the esbuild-minified size of a handler
// that uses only the guard core, then with each opt-in feature or subpath, and the time to import
// it, next to the Middy stack it replaces (the AWS SDK left external, as Lambda provides it).
//   node --import tsx bench/size.ts          (npm run build first; npm run bench -- size does)
//
// Import time: a fresh node per run imports the bundle (which creates the guard and its route, as
// a handler module does at cold start). Runs go round-robin over the bundles, so a busy moment on
// the machine hits them alike; the median of the runs is reported, as wall time and as the CPU
// time of the process during the import (steadier on a shared machine), each also over the
// baseline, an empty module: what a first dynamic import costs by itself.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'

const out = join(import.meta.dirname, '..', '.bench-out')
mkdirSync(out, { recursive: true })
const runs = Number(process.env.BENCH_IMPORT_RUNS ?? 31)

const route = `
  export const handler = guard.http({ auth: 'public' }, (req) => json(200, { ok: true, q: req.query }))
`
// The core guard (`@bulwark/guard/core`): the pipeline alone, nothing that needs a store.
const core = `
  import { createGuard, json } from '@bulwark/guard/core'
  const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
${route}`
// The full guard (`@bulwark/guard`): sessions, API keys, limits, login protection, observability
// and event sources are all reachable from \`createGuard\`; the subpaths add their features.
const full = `
  import { createGuard, json } from '@bulwark/guard'
  const guard = createGuard({ cors: { origins: ['https://app.example.com'] }${'/*OPTIONS*/'} })
${route}`
const withFeature = (imports: string, options: string, extra = '') =>
  imports + full.replace('/*OPTIONS*/', options) + extra
// A Redis client is the user's own dependency (a peer); the store needs only its command method.
const redisClient = '{ call: async () => null }'
const jwtOptions = `jwtAuth({ issuer: 'https://id.example.com/', audience: 'api', algorithms: ['RS256'],
  jwks: 'https://id.example.com/.well-known/jwks.json' })`

const entries: Record<string, string> = {
  'empty module (baseline)': 'export const handler = () => 1',
  'guard core': core,
  'full guard': withFeature('', ''),
  '+ redis store': withFeature(
    "import { redisStore } from '@bulwark/guard/redis'\n",
    `, store: redisStore(${redisClient})`,
  ),
  '+ jwt': withFeature("import { jwtAuth } from '@bulwark/guard/jwt'\n", `, jwt: ${jwtOptions}`),
  '+ crypto': withFeature(
    "import { hashPassword, verifyPassword } from '@bulwark/guard/crypto'\n",
    '',
    'export const passwords = { hashPassword, verifyPassword }\n',
  ),
  '+ alert sinks': withFeature(
    "import { stderrAlerts, webhookAlerts } from '@bulwark/guard'\n",
    ", alerts: [webhookAlerts('https://hooks.example.com/x'), stderrAlerts()]",
  ),
  'all of the above': withFeature(
    `import { redisStore } from '@bulwark/guard/redis'
     import { jwtAuth } from '@bulwark/guard/jwt'
     import { hashPassword, verifyPassword } from '@bulwark/guard/crypto'
     import { stderrAlerts, webhookAlerts } from '@bulwark/guard'\n`,
    `, store: redisStore(${redisClient}), jwt: ${jwtOptions},
     alerts: [webhookAlerts('https://hooks.example.com/x'), stderrAlerts()]`,
    'export const passwords = { hashPassword, verifyPassword }\n',
  ),
  '+ secrets (ssm)': withFeature(
    "import { secrets, ssmParameters } from '@bulwark/guard/secrets'\nconst config = secrets({ provider: ssmParameters() })\nexport const flag = () => config.get('/app/flag')\n",
    '',
  ),
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

interface Bundle {
  readonly name: string
  readonly path: string
  readonly bytes: number
  readonly gzipBytes: number
  readonly wallMs: number[]
  readonly cpuMs: number[]
}

const bundles: Bundle[] = []
for (const [name, source] of Object.entries(entries)) {
  const slug = name.replace(/\W+/g, '-')
  const entry = join(out, `${slug}.entry.mjs`)
  const path = join(out, `${slug}.bundle.mjs`)
  writeFileSync(entry, source)
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: path,
    write: false,
    nodePaths: [join(import.meta.dirname, '..', 'node_modules')],
    // The AWS SDK clients are optional peers, loaded on first use, and the Lambda Node.js runtime
    // ships them: counted out, as a Lambda bundle would leave them.
    external: ['@aws-sdk/*'],
  })
  const code = result.outputFiles[0]?.contents ?? new Uint8Array()
  writeFileSync(path, code)
  const gzipBytes = gzipSync(code).byteLength
  bundles.push({ name, path, bytes: code.byteLength, gzipBytes, wallMs: [], cpuMs: [] })
}

const probe = (path: string) => `
  const start = performance.now()
  const cpu = process.cpuUsage()
  await import(${JSON.stringify(path)})
  const used = process.cpuUsage(cpu)
  console.log(performance.now() - start, (used.user + used.system) / 1000)`
for (let run = 0; run < runs; run++) {
  for (const bundle of bundles) {
    const [wall, cpu] = execFileSync(process.execPath, [
      '--input-type=module',
      '-e',
      probe(bundle.path),
    ])
      .toString()
      .trim()
      .split(' ')
      .map(Number) as [number, number]
    bundle.wallMs.push(wall)
    bundle.cpuMs.push(cpu)
  }
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
const [baseline] = bundles as [Bundle]
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`
const ms = (value: number) => `${value.toFixed(2)} ms`
console.log('bundle: esbuild --bundle --minify --platform=node --format=esm --target=node20')
console.log(`import: median of ${runs} fresh processes each; "+" columns are over the baseline`)
const columns = ['minified', 'gzip', 'import wall', '+ wall', 'import CPU', '+ CPU']
console.log(`${'handler'.padEnd(24)}${columns.map((c) => c.padStart(12)).join('')}`)
for (const bundle of bundles) {
  const wall = median(bundle.wallMs)
  const cpu = median(bundle.cpuMs)
  const cells = [
    kb(bundle.bytes),
    kb(bundle.gzipBytes),
    ms(wall),
    ms(wall - median(baseline.wallMs)),
    ms(cpu),
    ms(cpu - median(baseline.cpuMs)),
  ]
  console.log(`${bundle.name.padEnd(24)}${cells.map((c) => c.padStart(12)).join('')}`)
}
const guardCore = bundles.find((b) => b.name === 'guard core') as Bundle
const middy = bundles.find((b) => b.name.startsWith('middy')) as Bundle
const overBaseline = (bundle: Bundle) => median(bundle.wallMs) - median(baseline.wallMs)
const cpuOverBaseline = (bundle: Bundle) => median(bundle.cpuMs) - median(baseline.cpuMs)
console.log(
  `\nguard core: ${kb(guardCore.bytes)} minified (target ≤ 20 KB), ` +
    `${ms(overBaseline(guardCore))} import over the baseline (target ≤ 3 ms)`,
)
console.log(
  `guard core vs Middy's five middlewares: import ${(overBaseline(guardCore) / overBaseline(middy)).toFixed(2)}× ` +
    `(CPU ${(cpuOverBaseline(guardCore) / cpuOverBaseline(middy)).toFixed(2)}×), size ${(guardCore.bytes / middy.bytes).toFixed(1)}×`,
)
