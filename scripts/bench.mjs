#!/usr/bin/env node
// `npm run bench`: builds the packages, then runs every benchmark under bench/ (or the ones named:
// `npm run bench -- pipeline size`). Each prints its own figures and ratios.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const run = (args) => spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root }).status ?? 1

if (spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: root }).status !== 0)
  process.exit(1)
const wanted = process.argv.slice(2)
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'measure.ts')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort()
let failed = 0
for (const file of benches) {
  console.log(`\n### bench/${file}`)
  if (run(['--import', 'tsx', join('bench', file)]) !== 0) failed++
}
process.exit(failed === 0 ? 0 : 1)
