#!/usr/bin/env node
// Runs every *.test.ts in the workspace with node:test (TypeScript through tsx).
// `npm test` runs them all; `npm test -- packages/guard/src/input` runs those under a path.
// Node 20 has no glob support in `node --test`, hence this small finder.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const skipDirs = new Set(['node_modules', 'dist', '.git', 'fixtures', '.bench-out'])

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (skipDirs.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) findTests(path, out)
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

const args = process.argv.slice(2)
const roots =
  args.length > 0
    ? args.map((a) => join(process.cwd(), a))
    : [join(root, 'packages'), join(root, 'examples')]
const files = roots
  .flatMap((r) => {
    try {
      return statSync(r).isDirectory() ? findTests(r) : [r]
    } catch {
      return []
    }
  })
  .sort()

if (files.length === 0) {
  console.error(`no test files under ${roots.map((r) => relative(root, r)).join(', ')}`)
  process.exit(1)
}

const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=4',
    // Not a speed assertion: a guard so that a hung test (a stuck connection) fails CI instead of
    // stalling it.
    '--test-timeout=300000',
    '--test-reporter=spec',
    ...files,
  ],
  { stdio: 'inherit', cwd: root },
)
process.exit(result.status ?? 1)
