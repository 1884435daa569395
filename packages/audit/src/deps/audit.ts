import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'
import { positionOf } from '../code/parse.js'
import type { RuleMeta } from '../code/rule.js'
import type { Finding, Severity } from '../findings.js'
import { parseBunLock } from './bun-lock.js'
import { lineStarts } from './json-keys.js'
import type { LockedPackage, Lockfile } from './lockfile.js'
import { MAX_LOCKFILE_BYTES } from './lockfile.js'
import { parseNpmAudit } from './npm-audit.js'
import { parseNpmLock } from './npm-lock.js'
import { classifySpec, type PackageManifest, parsePackageJson } from './package-json.js'
import { parsePnpmLock } from './pnpm-lock.js'
import { DEPENDENCY_RULES } from './rules.js'
import { parseYarnLock } from './yarn-lock.js'

/** Lockfile names, in the order they are preferred when several sit in one folder. */
export const LOCKFILE_NAMES = [
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'yarn.lock',
  'bun.lock',
  'bun.lockb',
] as const

export interface DependencyAuditOptions {
  /** `npm audit --json` output to fold into findings (what `--npm-audit FILE` reads). */
  readonly npmAuditJson?: string
  /** Transitive packages above which a direct dependency's tree is reported (100 by default). */
  readonly largeTree?: number
}

/** Findings about dependencies, and files that could not be read. */
export interface DependencyAudit {
  readonly findings: Finding[]
  readonly errors: Array<{ readonly file: string; readonly message: string }>
}

/**
 * Parses a lockfile by its name.
 *
 * @example
 * readLockfile('yarn.lock', text).packages.length
 */
export function readLockfile(file: string, text: string): Lockfile {
  const base = posix.basename(file)
  if (base === 'yarn.lock') return parseYarnLock(file, text)
  if (base === 'pnpm-lock.yaml') return parsePnpmLock(file, text)
  if (base === 'bun.lock') return parseBunLock(file, text)
  return parseNpmLock(file, text)
}

const SKIPPED = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  '.build',
  'cdk.out',
  '.serverless',
  '.aws-sam',
  'coverage',
  '.next',
])

function findManifests(root: string, rel: string, depth: number, out: string[]): void {
  let entries: import('node:fs').Dirent[]
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true })
  } catch {
    return
  }
  for (const e of entries) {
    if (e.isFile() && e.name === 'package.json')
      out.push(rel ? `${rel}/package.json` : 'package.json')
  }
  if (depth >= 6) return
  for (const e of entries) {
    if (e.isDirectory() && !SKIPPED.has(e.name) && !e.name.startsWith('.'))
      findManifests(root, rel ? `${rel}/${e.name}` : e.name, depth + 1, out)
  }
}

/**
 * Audits a project's dependencies: every package.json under `root` (outside node_modules and build
 * output) against the nearest lockfile in its folder or a parent folder inside the project.
 *
 * @example
 * const { findings } = auditDependencies('/work/app', { npmAuditJson: readFileSync('audit.json', 'utf8') })
 */
export function auditDependencies(
  root: string,
  options: DependencyAuditOptions = {},
): DependencyAudit {
  const findings: Finding[] = []
  const errors: DependencyAudit['errors'] = []
  const manifests: string[] = []
  findManifests(root, '', 0, manifests)
  const lockCache = new Map<string, Lockfile | null>()
  const readLock = (file: string): Lockfile | null => {
    if (lockCache.has(file)) return lockCache.get(file) ?? null
    let lock: Lockfile | null = null
    try {
      if (file.endsWith('.lockb')) lock = null
      else if (statSync(join(root, file)).size > MAX_LOCKFILE_BYTES)
        errors.push({ file, message: 'lockfile too large to read' })
      else lock = readLockfile(file, readFileSync(join(root, file), 'utf8'))
    } catch (error) {
      errors.push({ file, message: (error as Error).message })
    }
    lockCache.set(file, lock)
    return lock
  }
  const audited: Array<{
    file: string
    text: string
    manifest: PackageManifest
    lock: Lockfile | null
  }> = []
  for (const file of manifests) {
    let text: string
    let manifest: PackageManifest
    try {
      text = readFileSync(join(root, file), 'utf8')
      manifest = parsePackageJson(text)
    } catch (error) {
      errors.push({ file, message: (error as Error).message })
      continue
    }
    if (manifest.dependencies.length === 0) continue
    const lockFile = nearestLockfile(root, posix.dirname(file))
    const report = makeReporter(findings, file, text)
    if (lockFile === undefined) {
      report(
        DEPENDENCY_RULES.missingLockfile,
        0,
        `${file} declares ${manifest.dependencies.length} dependencies and no lockfile pins them.`,
      )
    }
    for (const dep of manifest.dependencies) {
      const kind = classifySpec(dep.spec)
      if (
        kind === 'git' ||
        kind === 'url' ||
        kind === 'insecure-url' ||
        kind === 'any' ||
        kind === 'tag'
      ) {
        const how = {
          git: 'from git',
          url: 'from a URL',
          'insecure-url': 'over plain http',
          any: 'at any version',
          tag: `by the moving tag "${dep.spec}"`,
        }[kind]
        report(
          DEPENDENCY_RULES.unpinnedSource,
          dep.offset,
          kind === 'tag'
            ? `${dep.name} is installed ${how}.`
            : `${dep.name} is installed ${how} ("${dep.spec}").`,
          kind === 'insecure-url' ? 'high' : undefined,
        )
      }
    }
    const lock = lockFile ? readLock(lockFile) : null
    if (lock)
      checkSync(lock, manifest, posix.dirname(lockFile as string) === posix.dirname(file), report)
    audited.push({ file, text, manifest, lock })
  }
  const seenLocks = new Set<Lockfile>()
  for (const { file, text, manifest, lock } of audited) {
    if (!lock) continue
    const report = makeReporter(findings, file, text)
    checkTreeSizes(lock, manifest, options.largeTree ?? 100, report)
    if (!seenLocks.has(lock)) {
      seenLocks.add(lock)
      checkLockEntries(lock, findings)
    }
  }
  if (options.npmAuditJson !== undefined) {
    const first = audited[0]
    try {
      for (const advisory of parseNpmAudit(options.npmAuditJson)) {
        const target =
          audited.find((a) => a.manifest.dependencies.some((d) => d.name === advisory.name)) ??
          first
        if (!target) continue
        const dep = target.manifest.dependencies.find((d) => d.name === advisory.name)
        const report = makeReporter(findings, target.file, target.text)
        const where = dep ? '' : ' (through another dependency)'
        report(
          DEPENDENCY_RULES.knownVulnerability,
          dep?.offset ?? 0,
          `${advisory.name}${advisory.range ? ` ${advisory.range}` : ''}${where}: ${advisory.title}${advisory.url ? ` (${advisory.url})` : ''}.`,
          advisory.severity,
        )
      }
    } catch (error) {
      errors.push({ file: '--npm-audit', message: (error as Error).message })
    }
  }
  return { findings, errors }
}

function nearestLockfile(root: string, dir: string): string | undefined {
  for (let d = dir; ; d = posix.dirname(d)) {
    const rel = d === '.' ? '' : d
    for (const name of LOCKFILE_NAMES) {
      const candidate = rel ? `${rel}/${name}` : name
      if (existsSync(join(root, candidate))) return candidate
    }
    if (rel === '') return undefined
  }
}

type Report = (rule: RuleMeta, offset: number, message: string, severity?: Severity) => void

function makeReporter(findings: Finding[], file: string, text: string): Report {
  let starts: number[] | undefined
  return (rule, offset, message, severity) => {
    starts ??= lineStarts(text)
    const { line, column } = positionOf({ lineStarts: starts }, offset)
    findings.push(toFinding(rule, file, line, column, message, severity))
  }
}

function toFinding(
  rule: RuleMeta,
  file: string,
  line: number,
  column: number,
  message: string,
  severity?: Severity,
): Finding {
  return {
    rule: rule.id,
    category: rule.category,
    severity: severity ?? rule.severity,
    message,
    file,
    line,
    column,
    practice: rule.practice,
    owasp: rule.owasp,
    fix: rule.docs.fix,
  }
}

function checkSync(
  lock: Lockfile,
  manifest: PackageManifest,
  sameFolder: boolean,
  report: Report,
): void {
  // A workspace member's lockfile sits at the workspace root and records the root's specs.
  if (!sameFolder && lock.kind !== 'yarn' && lock.kind !== 'yarn-berry') return
  for (const dep of manifest.dependencies) {
    if (classifySpec(dep.spec) === 'local') continue
    if (!lock.satisfies(dep.name, dep.spec)) {
      const locked = lock.directSpec(dep.name)
      report(
        DEPENDENCY_RULES.lockfileOutOfSync,
        dep.offset,
        locked === undefined
          ? `${dep.name}@${dep.spec} is not in ${lock.file}: the lockfile is out of date.`
          : `${dep.name} is "${dep.spec}" in package.json but "${locked}" in ${lock.file}.`,
      )
    }
  }
  const declared = new Set(manifest.dependencies.map((d) => d.name))
  for (const name of (sameFolder ? lock.directNames() : undefined) ?? []) {
    if (!declared.has(name))
      report(
        DEPENDENCY_RULES.lockfileOutOfSync,
        0,
        `${lock.file} still lists ${name}, which package.json no longer declares.`,
      )
  }
}

function checkTreeSizes(
  lock: Lockfile,
  manifest: PackageManifest,
  threshold: number,
  report: Report,
): void {
  for (const dep of manifest.dependencies) {
    if (dep.section !== 'dependencies') continue
    const start = lock.resolve(undefined, dep.name, dep.spec)
    if (!start) continue
    const seen = new Set<LockedPackage>([start])
    const queue: LockedPackage[] = [start]
    while (queue.length > 0 && seen.size <= 5000) {
      const pkg = queue.shift() as LockedPackage
      for (const [name, spec] of pkg.dependencies) {
        const next = lock.resolve(pkg, name, spec)
        if (next && !seen.has(next)) {
          seen.add(next)
          queue.push(next)
        }
      }
    }
    const count = seen.size - 1
    if (count > threshold) {
      report(
        DEPENDENCY_RULES.largeTree,
        dep.offset,
        `${dep.name} brings ${count} transitive packages into the deployed code.`,
        count >= 300 ? 'medium' : 'low',
      )
    }
  }
}

function checkLockEntries(lock: Lockfile, findings: Finding[]): void {
  const report = makeReporter(findings, lock.file, lock.text)
  const scripts = new Set<string>()
  const deprecated = new Set<string>()
  for (const pkg of lock.packages) {
    const at = Math.max(0, lock.text.indexOf(pkg.locator))
    if (pkg.installScript && !scripts.has(pkg.name)) {
      scripts.add(pkg.name)
      report(
        DEPENDENCY_RULES.installScript,
        at,
        `${pkg.name}@${pkg.version} runs an install script${pkg.dev ? ' (development dependency)' : ''}.`,
        pkg.dev ? 'low' : 'medium',
      )
    }
    if (pkg.deprecated && !deprecated.has(`${pkg.name}@${pkg.version}`)) {
      deprecated.add(`${pkg.name}@${pkg.version}`)
      report(
        DEPENDENCY_RULES.deprecated,
        at,
        `${pkg.name}@${pkg.version} is deprecated: ${pkg.deprecated.slice(0, 200)}`,
      )
    }
    if (pkg.resolved?.startsWith('http://')) {
      report(
        DEPENDENCY_RULES.unpinnedSource,
        at,
        `${pkg.name}@${pkg.version} is downloaded over plain http (${pkg.resolved.slice(0, 120)}).`,
        'high',
      )
    }
  }
}
