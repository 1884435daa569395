import { parse as parseYaml } from 'yaml'
import {
  isRecord,
  type LockedPackage,
  type Lockfile,
  LockfileError,
  stringEntries,
} from './lockfile.js'

function unquote(s: string): string {
  const t = s.trim()
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    try {
      return JSON.parse(t) as string
    } catch {
      return t.slice(1, -1)
    }
  }
  return t
}

/** `name@range` → name (scoped names keep their first `@`). */
function nameOfDescriptor(descriptor: string): string {
  const at = descriptor.indexOf('@', descriptor.startsWith('@') ? 1 : 0)
  return at === -1 ? descriptor : descriptor.slice(0, at)
}

interface Entry {
  keys: string[]
  fields: Map<string, string>
  dependencies: Array<[string, string]>
  line: string
}

/** Reads the yarn v1 lockfile format (an indentation-based format of its own). */
function parseClassic(text: string): Entry[] {
  const entries: Entry[] = []
  let current: Entry | undefined
  let block: string | undefined
  for (const raw of text.split(/\r?\n/)) {
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue
    const indent = raw.length - raw.trimStart().length
    const line = raw.trim()
    if (indent === 0) {
      if (!line.endsWith(':'))
        throw new LockfileError(`yarn.lock: unexpected line "${line.slice(0, 80)}"`)
      current = {
        keys: splitKeys(line.slice(0, -1)),
        fields: new Map(),
        dependencies: [],
        line: raw,
      }
      entries.push(current)
      block = undefined
      continue
    }
    if (current === undefined) throw new LockfileError('yarn.lock: a field before any entry')
    if (indent <= 2) {
      if (line.endsWith(':')) {
        block = line.slice(0, -1)
        continue
      }
      block = undefined
      const space = line.indexOf(' ')
      if (space === -1) continue
      current.fields.set(unquote(line.slice(0, space)), unquote(line.slice(space + 1)))
      continue
    }
    if (block === 'dependencies' || block === 'optionalDependencies') {
      const m = /^("(?:[^"\\]|\\.)*"|\S+)\s+(.*)$/.exec(line)
      if (m) current.dependencies.push([unquote(m[1] as string), unquote(m[2] as string)])
    }
  }
  return entries
}

function splitKeys(keys: string): string[] {
  return keys
    .split(/,\s*/)
    .map(unquote)
    .filter((k) => k.length > 0)
}

/**
 * Reads yarn.lock: the classic v1 format, or Yarn 2+ ("berry"), which is YAML.
 *
 * @example
 * parseYarnLock('yarn.lock', text).satisfies('express', '^4.18.0') // true when pinned
 */
export function parseYarnLock(file: string, text: string): Lockfile {
  const berry = /^__metadata:/m.test(text)
  const entries: Entry[] = berry ? parseBerry(text) : parseClassic(text)
  const byDescriptor = new Map<string, LockedPackage>()
  const packages: LockedPackage[] = []
  for (const entry of entries) {
    const first = entry.keys[0]
    if (first === undefined) continue
    const pkg: LockedPackage = {
      name: nameOfDescriptor(first),
      version: entry.fields.get('version') ?? '',
      ...(entry.fields.has('resolved') || entry.fields.has('resolution')
        ? { resolved: entry.fields.get('resolved') ?? entry.fields.get('resolution') ?? '' }
        : {}),
      dependencies: entry.dependencies,
      locator: entry.line.trim().replace(/:$/, ''),
    }
    if (pkg.name.length === 0) continue
    packages.push(pkg)
    for (const key of entry.keys) byDescriptor.set(key, pkg)
  }
  const lookup = (name: string, spec: string) =>
    byDescriptor.get(`${name}@${spec}`) ??
    (berry ? byDescriptor.get(`${name}@npm:${spec}`) : undefined)
  return {
    kind: berry ? 'yarn-berry' : 'yarn',
    file,
    text,
    packages,
    directSpec: () => undefined,
    satisfies: (name, spec) => lookup(name, spec) !== undefined,
    directNames: () => undefined,
    resolve: (_from, name, spec) => lookup(name, spec),
  }
}

function parseBerry(text: string): Entry[] {
  let data: unknown
  try {
    data = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false })
  } catch (error) {
    throw new LockfileError(`yarn.lock is not valid YAML: ${(error as Error).message}`)
  }
  if (!isRecord(data)) throw new LockfileError('yarn.lock is not a YAML mapping')
  const entries: Entry[] = []
  for (const [key, value] of Object.entries(data)) {
    if (key === '__metadata' || !isRecord(value)) continue
    const fields = new Map<string, string>()
    for (const [k, v] of Object.entries(value))
      if (typeof v === 'string' || typeof v === 'number') fields.set(k, String(v))
    entries.push({
      keys: splitKeys(key),
      fields,
      dependencies: [
        ...stringEntries(value.dependencies),
        ...stringEntries(value.optionalDependencies),
      ],
      line: JSON.stringify(key),
    })
  }
  return entries
}
