import {
  isRecord,
  type LockedPackage,
  type Lockfile,
  LockfileError,
  stringEntries,
} from './lockfile.js'

/** bun.lock is JSON with trailing commas: remove them outside strings. */
function stripTrailingCommas(text: string): string {
  return text.replace(
    /("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g,
    (_m, str: string | undefined, close: string | undefined) => str ?? close ?? '',
  )
}

/**
 * Reads the text bun.lock (Bun 1.2+). The binary bun.lockb is detected but not read.
 *
 * @example
 * parseBunLock('bun.lock', text).directSpec('hono')
 */
export function parseBunLock(file: string, text: string): Lockfile {
  let data: unknown
  try {
    data = JSON.parse(stripTrailingCommas(text))
  } catch (error) {
    throw new LockfileError(`${file} is not valid JSON: ${(error as Error).message}`)
  }
  if (!isRecord(data)) throw new LockfileError(`${file} is not a JSON object`)
  const workspace =
    isRecord(data.workspaces) && isRecord(data.workspaces['']) ? data.workspaces[''] : {}
  const specs = new Map<string, string>()
  for (const section of ['dependencies', 'devDependencies', 'optionalDependencies']) {
    for (const [name, spec] of stringEntries(workspace[section])) specs.set(name, spec)
  }
  const byName = new Map<string, LockedPackage>()
  for (const [key, entry] of Object.entries(isRecord(data.packages) ? data.packages : {})) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue
    const ident = entry[0]
    const at = ident.lastIndexOf('@')
    const info = isRecord(entry[2]) ? entry[2] : {}
    byName.set(key, {
      name: at > 0 ? ident.slice(0, at) : ident,
      version: at > 0 ? ident.slice(at + 1) : '',
      dependencies: [
        ...stringEntries(info.dependencies),
        ...stringEntries(info.optionalDependencies),
      ],
      locator: JSON.stringify(key),
    })
  }
  return {
    kind: 'bun',
    file,
    text,
    packages: [...byName.values()],
    directSpec: (name) => specs.get(name),
    satisfies: (name, spec) => specs.get(name) === spec,
    directNames: () => [...specs.keys()],
    resolve: (from, name) =>
      (from ? byName.get(`${from.locator.slice(1, -1)}/${name}`) : undefined) ?? byName.get(name),
  }
}
