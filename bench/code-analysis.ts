// Code analysis: Bulwark's taint engine and code rules against ESLint 9 with eslint-plugin-security
// and @microsoft/eslint-plugin-sdl, in one process on the same files.
//  1. Throughput (MB/s) over a corpus of real JavaScript (the installed Lambda-adjacent libraries,
//     read from node_modules) plus the bad-handler fixture: Bulwark runs its file pass over every
//     function and follows the handler from its event; ESLint lints the same texts.
//  2. True findings on the bad-handler fixture (packages/audit/fixtures/bad-handler): lines with a
//     `BAD:` mistake that each tool reports, and reports on other lines.
// Run: node --import tsx bench/code-analysis.ts
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { availableParallelism, loadavg } from 'node:os'
import { join, relative } from 'node:path'
import sdl from '@microsoft/eslint-plugin-sdl'
import { ESLint, type Linter } from 'eslint'
import security from 'eslint-plugin-security'
import { createCodeAnalyzer } from '../packages/audit/src/code/analyzer.js'
import { memoryHost } from '../packages/audit/src/code/host.js'
import { parseModule } from '../packages/audit/src/code/parse.js'
import { CODE_RULES } from '../packages/audit/src/code/rules/index.js'
import { compare, median } from './measure.js'

const root = new URL('..', import.meta.url).pathname
const fixtureDir = join(root, 'packages/audit/fixtures/bad-handler')
const badHandler = readFileSync(join(fixtureDir, 'handler.js'), 'utf8')
const expected = JSON.parse(readFileSync(join(fixtureDir, 'expected.json'), 'utf8')) as {
  line: number
  issue: string
}[]

// The corpus: CommonJS/ESM JavaScript that Lambda functions ship with, deterministic order.
const CORPUS_DIRS = [
  '@middy',
  '@aws-lambda-powertools',
  'ioredis/built',
  'pino/lib',
  'rate-limiter-flexible/lib',
  'yaml/dist',
]
const MAX_CORPUS_BYTES = 2_000_000
function collect(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    const stat = statSync(path)
    if (stat.isDirectory()) {
      if (name !== 'node_modules' && name !== 'esm') collect(path, out)
    } else if (/\.(?:c|m)?js$/.test(name) && !name.endsWith('.min.js') && stat.size < 200_000)
      out.push(path)
  }
}
const paths: string[] = []
for (const d of CORPUS_DIRS) collect(join(root, 'node_modules', d), paths)
const files: Record<string, string> = { 'handler.js': badHandler }
let bytes = Buffer.byteLength(badHandler)
for (const path of paths) {
  const text = readFileSync(path, 'utf8')
  if (bytes + text.length > MAX_CORPUS_BYTES) break
  files[`corpus/${relative(join(root, 'node_modules'), path)}`] = text
  bytes += Buffer.byteLength(text)
}
const names = Object.keys(files)

function runBulwark() {
  const analyzer = createCodeAnalyzer({ root: '/bench', host: memoryHost(files) })
  analyzer.analyzeHandler({ handler: 'handler.handler', functionName: 'bad' })
  analyzer.analyzeFiles(names)
  return analyzer.findings()
}

// The server-side part of @microsoft/eslint-plugin-sdl (its `common` and `node` sets; the rest is
// React, Angular and Electron) with eslint-plugin-security's recommended rules.
const sdlConfigs = [
  ...(sdl.configs.common as Linter.Config[]),
  ...(sdl.configs.node as Linter.Config[]),
]
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    ...sdlConfigs,
    security.configs.recommended,
    { languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' } },
    { files: ['**/*.mjs'], languageOptions: { sourceType: 'module' } },
  ],
})
async function runEslint() {
  const messages: { file: string; line: number; rule: string | null }[] = []
  for (const name of names) {
    const [result] = await eslint.lintText(files[name] as string, {
      filePath: join(root, 'bench-virtual', name),
    })
    for (const m of result?.messages ?? [])
      messages.push({ file: name, line: m.line, rule: m.ruleId })
  }
  return messages
}

function score(lines: readonly number[]) {
  const wanted = new Set(expected.map((e) => e.line))
  const reported = new Set(lines)
  const truePositives = [...wanted].filter((l) => reported.has(l)).length
  const otherLines = [...reported].filter((l) => !wanted.has(l)).length
  return { truePositives, otherLines }
}

const bulwarkFindings = runBulwark()
const eslintMessages = await runEslint()
const ours = score(bulwarkFindings.filter((f) => f.file === 'handler.js').map((f) => f.line))
const theirs = score(eslintMessages.filter((m) => m.file === 'handler.js').map((m) => m.line))

function parseOnly() {
  for (const name of names) parseModule(name, files[name] as string)
}

const ROUNDS = 9
const [bulwarkTime, eslintTime, parseTime] = await compare(
  [
    { name: 'bulwark', fn: runBulwark },
    { name: 'eslint', fn: runEslint },
    { name: 'parse', fn: parseOnly },
  ],
  { batch: 1, rounds: ROUNDS, warmupRounds: 4, collectGarbage: true },
)
if (bulwarkTime === undefined || eslintTime === undefined || parseTime === undefined)
  throw new Error('a candidate was not measured')
const mb = bytes / 1e6
const rate = (ns: number) => (mb / (ns / 1e9)).toFixed(2).padStart(7)
const ms = (ns: number) => (ns / 1e6).toFixed(0).padStart(7)
// The ratio of each round (both tools timed back to back), so a busy moment on the machine falls
// on both sides of one ratio; the median of those is the figure, with the spread beside it.
const ratios = eslintTime.rounds.map((ns, i) => ns / (bulwarkTime.rounds[i] as number))

console.log(
  `corpus: ${names.length} files, ${mb.toFixed(2)} MB (bad handler + ${CORPUS_DIRS.join(', ')})`,
)
console.log(
  `node ${process.version}; median of ${ROUNDS} interleaved rounds after 4 warm-up rounds, garbage collected before each run`,
)
console.log('')
console.log('tool                                              MB/s   ms/run')
console.log(
  `bulwark (file pass + handler taint, ${CODE_RULES.length} rules)  ${rate(bulwarkTime.nsPerOp)}  ${ms(bulwarkTime.nsPerOp)}`,
)
console.log(
  `eslint 9 + security + @microsoft/sdl           ${rate(eslintTime.nsPerOp)}  ${ms(eslintTime.nsPerOp)}`,
)
console.log(
  `(oxc-parser alone, for scale)                  ${rate(parseTime.nsPerOp)}  ${ms(parseTime.nsPerOp)}`,
)
const cpuRatios = eslintTime.cpuRounds.map((ns, i) => ns / (bulwarkTime.cpuRounds[i] as number))
const spread = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return `${sorted[0]?.toFixed(1)}–${sorted.at(-1)?.toFixed(1)}×`
}
console.log(
  `speed: bulwark is ${median(ratios).toFixed(1)}× eslint (median of per-round ratios; rounds ${spread(ratios)})`,
)
console.log(
  `       by CPU time ${median(cpuRatios).toFixed(1)}× (rounds ${spread(cpuRatios)}); load average ${loadavg()[0]?.toFixed(1)} on ${availableParallelism()} cores`,
)
console.log('')
console.log(`bad handler: ${expected.length} true mistakes`)
console.log(
  `bulwark: ${ours.truePositives}/${expected.length} found, ${ours.otherLines} other lines reported`,
)
console.log(
  `eslint:  ${theirs.truePositives}/${expected.length} found, ${theirs.otherLines} other lines reported`,
)
for (const e of expected) {
  const b = bulwarkFindings.some((f) => f.file === 'handler.js' && f.line === e.line)
    ? 'yes'
    : ' - '
  const rules = eslintMessages
    .filter((m) => m.file === 'handler.js' && m.line === e.line)
    .map((m) => m.rule)
  console.log(
    `  line ${String(e.line).padStart(2)} ${e.issue.padEnd(50)} bulwark ${b}  eslint ${rules.length ? rules.join(',') : ' - '}`,
  )
}
