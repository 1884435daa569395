import { parse as parseYaml } from 'yaml'
import {
  isRecord,
  type LockedPackage,
  type Lockfile,
  LockfileError,
  stringEntries,
} from './lockfile.js'

/** `/name@1.2.3(peer@1)`, `/name/1.2.3`, `name@1.2.3` → name and version. */
function splitKey(key: string): { name: string; version: string } {
  let k = key.startsWith('/') ? key.slice(1) : key
  const paren = k.indexOf('(')
  if (paren !== -1) k = k.slice(0, paren)
  const at = k.indexOf('@', k.startsWith('@') ? 1 : 0)
  if (at !== -1) return { name: k.slice(0, at), version: k.slice(at + 1) }
  const slash = k.lastIndexOf('/')
  return slash === -1
    ? { name: k, version: '' }
    : { name: k.slice(0, slash), version: k.slice(slash + 1) }
}

/** A dependency's pinned version, from `1.2.3`, `1.2.3(peer@1)` or `{ version: … }`. */
function pinned(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (isRecord(v) && typeof v.version === 'string') return v.version
  return undefined
}

/**
 * Reads pnpm-lock.yaml (lockfile versions 5.x, 6 and 9).
 *
 * @example
 * parsePnpmLock('pnpm-lock.yaml', text).directSpec('express') // '^4.18.0'
 */
export function parsePnpmLock(file: string, text: string): Lockfile {
  let data: unknown
  try {
    data = parseYaml(text, { maxAliasCount: 100, uniqueKeys: false })
  } catch (error) {
    throw new LockfileError(`${file} is not valid YAML: ${(error as Error).message}`)
  }
  if (!isRecord(data)) throw new LockfileError(`${file} is not a YAML mapping`)
  const importer =
    isRecord(data.importers) && isRecord(data.importers['.']) ? data.importers['.'] : data
  const directSpecs = new Map<string, string>()
  const directVersions = new Map<string, string>()
  const legacySpecifiers = isRecord(importer.specifiers) ? importer.specifiers : undefined
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    const deps = importer[section]
    if (!isRecord(deps)) continue
    for (const [name, v] of Object.entries(deps)) {
      const version = pinned(v)
      if (version !== undefined) directVersions.set(name, version)
      const spec =
        isRecord(v) && typeof v.specifier === 'string' ? v.specifier : legacySpecifiers?.[name]
      if (typeof spec === 'string') directSpecs.set(name, spec)
    }
  }
  const meta = isRecord(data.packages) ? data.packages : {}
  const snapshots = isRecord(data.snapshots) ? data.snapshots : meta
  const byKey = new Map<string, LockedPackage>()
  const byNameVersion = new Map<string, LockedPackage>()
  for (const [key, entry] of Object.entries(snapshots)) {
    if (!isRecord(entry)) continue
    const { name, version } = splitKey(key)
    const base = key.includes('(') ? key.slice(0, key.indexOf('(')) : key
    const info = isRecord(meta[key]) ? meta[key] : isRecord(meta[base]) ? meta[base] : entry
    const resolution = isRecord(info.resolution) ? info.resolution : {}
    const pkg: LockedPackage = {
      name,
      version,
      ...(typeof resolution.tarball === 'string'
        ? { resolved: resolution.tarball }
        : typeof resolution.repo === 'string'
          ? { resolved: resolution.repo }
          : {}),
      ...(typeof info.deprecated === 'string' ? { deprecated: info.deprecated } : {}),
      ...(info.requiresBuild === true || entry.requiresBuild === true
        ? { installScript: true }
        : {}),
      ...(info.dev === true ? { dev: true } : {}),
      dependencies: [
        ...stringEntries(entry.dependencies),
        ...stringEntries(entry.optionalDependencies),
      ],
      locator: key,
    }
    byKey.set(key, pkg)
    byNameVersion.set(`${name}@${version}`, pkg)
  }
  const find = (name: string, version: string): LockedPackage | undefined =>
    byKey.get(`${name}@${version}`) ??
    byKey.get(`/${name}@${version}`) ??
    byKey.get(`/${name}/${version}`) ??
    byNameVersion.get(`${name}@${version.split('(')[0]}`)
  return {
    kind: 'pnpm',
    file,
    text,
    packages: [...byKey.values()],
    directSpec: (name) => directSpecs.get(name),
    satisfies: (name, spec) =>
      directSpecs.size > 0 ? directSpecs.get(name) === spec : directVersions.has(name),
    directNames: () => [...directVersions.keys()],
    resolve(from, name) {
      const version = from
        ? from.dependencies.find(([n]) => n === name)?.[1]
        : directVersions.get(name)
      return version === undefined ? undefined : find(name, version)
    },
  }
}
