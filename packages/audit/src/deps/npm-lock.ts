import {
  isRecord,
  type LockedPackage,
  type Lockfile,
  LockfileError,
  stringEntries,
} from './lockfile.js'

/**
 * Reads package-lock.json or npm-shrinkwrap.json (lockfile versions 1, 2 and 3).
 *
 * @example
 * parseNpmLock('package-lock.json', text).resolve(undefined, 'express', '^4.18.0')?.version
 */
export function parseNpmLock(file: string, text: string): Lockfile {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new LockfileError(`${file} is not valid JSON: ${(error as Error).message}`)
  }
  if (!isRecord(data)) throw new LockfileError(`${file} is not a JSON object`)
  if (isRecord(data.packages)) return fromPackages(file, text, data.packages)
  if (isRecord(data.dependencies) || data.lockfileVersion === 1)
    return fromV1(file, text, isRecord(data.dependencies) ? data.dependencies : {})
  throw new LockfileError(`${file} has neither "packages" nor "dependencies"`)
}

function fromPackages(file: string, text: string, packages: Record<string, unknown>): Lockfile {
  const byKey = new Map<string, LockedPackage>()
  const root = isRecord(packages['']) ? packages[''] : {}
  const rootSpecs = new Map<string, string>()
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, spec] of stringEntries(root[section])) rootSpecs.set(name, spec)
  }
  for (const [key, entry] of Object.entries(packages)) {
    if (key === '' || !isRecord(entry)) continue
    const at = key.lastIndexOf('node_modules/')
    const name =
      typeof entry.name === 'string'
        ? entry.name
        : at === -1
          ? key
          : key.slice(at + 'node_modules/'.length)
    byKey.set(key, {
      name,
      version: typeof entry.version === 'string' ? entry.version : '',
      ...(typeof entry.resolved === 'string' ? { resolved: entry.resolved } : {}),
      ...(typeof entry.deprecated === 'string' ? { deprecated: entry.deprecated } : {}),
      ...(entry.hasInstallScript === true ? { installScript: true } : {}),
      ...(entry.dev === true ? { dev: true } : {}),
      dependencies: [
        ...stringEntries(entry.dependencies),
        ...stringEntries(entry.optionalDependencies),
      ],
      locator: JSON.stringify(key),
    })
  }
  const keyOf = new Map<LockedPackage, string>()
  for (const [key, pkg] of byKey) keyOf.set(pkg, key)
  return {
    kind: 'npm',
    file,
    text,
    packages: [...byKey.values()],
    directSpec: (name) => rootSpecs.get(name),
    satisfies: (name, spec) => rootSpecs.get(name) === spec,
    directNames: () => [...rootSpecs.keys()],
    resolve(from, name) {
      // Node's lookup: the nearest node_modules/<name> walking up from the dependent's folder.
      let base = from ? (keyOf.get(from) ?? '') : ''
      for (;;) {
        const candidate = byKey.get(base ? `${base}/node_modules/${name}` : `node_modules/${name}`)
        if (candidate) {
          const target = candidate.resolved && !candidate.version ? undefined : candidate
          if (target) return target
        }
        if (base === '') return undefined
        const at = base.lastIndexOf('/node_modules/')
        base = at === -1 ? '' : base.slice(0, at)
      }
    },
  }
}

function fromV1(file: string, text: string, dependencies: Record<string, unknown>): Lockfile {
  const packages: LockedPackage[] = []
  const children = new Map<LockedPackage, Map<string, LockedPackage>>()
  const parents = new Map<LockedPackage, LockedPackage | undefined>()
  const top = new Map<string, LockedPackage>()
  const walk = (
    deps: Record<string, unknown>,
    parent: LockedPackage | undefined,
    into: Map<string, LockedPackage>,
    depth: number,
  ) => {
    if (depth > 64) return
    for (const [name, entry] of Object.entries(deps)) {
      if (!isRecord(entry)) continue
      const pkg: LockedPackage = {
        name,
        version: typeof entry.version === 'string' ? entry.version : '',
        ...(typeof entry.resolved === 'string' ? { resolved: entry.resolved } : {}),
        ...(entry.dev === true ? { dev: true } : {}),
        dependencies: stringEntries(entry.requires),
        locator: JSON.stringify(name),
      }
      packages.push(pkg)
      into.set(name, pkg)
      parents.set(pkg, parent)
      if (isRecord(entry.dependencies)) {
        const own = new Map<string, LockedPackage>()
        children.set(pkg, own)
        walk(entry.dependencies, pkg, own, depth + 1)
      }
    }
  }
  walk(dependencies, undefined, top, 0)
  return {
    kind: 'npm',
    file,
    text,
    packages,
    directSpec: () => undefined,
    satisfies: (name) => top.has(name),
    directNames: () => undefined,
    resolve(from, name) {
      for (let at: LockedPackage | undefined = from; at; at = parents.get(at)) {
        const found = children.get(at)?.get(name)
        if (found) return found
      }
      return top.get(name)
    },
  }
}
