import { jsonKeyOffsets } from './json-keys.js'

export const DEPENDENCY_SECTIONS = [
  'dependencies',
  'devDependencies',
  'optionalDependencies',
] as const
export type DependencySection = (typeof DEPENDENCY_SECTIONS)[number]

/** One dependency as package.json declares it. */
export interface DeclaredDependency {
  readonly name: string
  readonly spec: string
  readonly section: DependencySection
  /** Offset of its key in the file, for the finding's position. */
  readonly offset: number
}

/** What the auditor needs of a package.json. */
export interface PackageManifest {
  readonly name?: string
  readonly dependencies: readonly DeclaredDependency[]
  /** Workspace globs (`workspaces` array or `{ packages }`). */
  readonly workspaces: readonly string[]
}

/** Thrown for a package.json that cannot be read; the message says why. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError'
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Parses package.json text. Throws `ManifestError` for invalid JSON or a root that is not an
 * object; ignores entries of the wrong type (a dependency whose spec is not a string) rather than
 * guessing.
 *
 * @example
 * parsePackageJson('{"dependencies":{"pg":"^8.11.0"}}').dependencies[0] // { name: 'pg', spec: '^8.11.0', … }
 */
export function parsePackageJson(text: string): PackageManifest {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ManifestError(`package.json is not valid JSON: ${(error as Error).message}`)
  }
  if (!isRecord(data)) throw new ManifestError('package.json is not a JSON object')
  const offsets = jsonKeyOffsets(text, 2)
  const dependencies: DeclaredDependency[] = []
  for (const section of DEPENDENCY_SECTIONS) {
    const deps = data[section]
    if (!isRecord(deps)) continue
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string') continue
      dependencies.push({
        name,
        spec,
        section,
        offset: offsets.get(`${section}\u0000${name}`) ?? 0,
      })
    }
  }
  const ws = data.workspaces
  const workspaces = Array.isArray(ws)
    ? ws.filter((w): w is string => typeof w === 'string')
    : isRecord(ws) && Array.isArray(ws.packages)
      ? ws.packages.filter((w): w is string => typeof w === 'string')
      : []
  return { ...(typeof data.name === 'string' ? { name: data.name } : {}), dependencies, workspaces }
}

/** How a spec installs: from the registry by range, or from somewhere a lockfile cannot pin well. */
export type SpecKind = 'range' | 'git' | 'url' | 'insecure-url' | 'any' | 'tag' | 'local' | 'alias'

/**
 * Classifies a dependency spec: `^1.2.3` is a range, `github:user/repo` and `user/repo` are git,
 * `https://…tgz` a URL (`http://` an insecure one), `*`, `x` and `` any version, `latest` or `next`
 * a moving tag, `file:`/`link:`/`workspace:` local.
 *
 * @example
 * classifySpec('latest') // 'tag'
 */
export function classifySpec(spec: string): SpecKind {
  const s = spec.trim()
  if (s === '' || s === '*' || s === 'x' || s === 'X' || /^>=?\s*0(?:\.0)*(?:\.0)?$/.test(s))
    return 'any'
  if (/^(?:file|link|workspace|portal|patch):/.test(s)) return 'local'
  if (s.startsWith('npm:')) return 'alias'
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(s) || /\.git(?:#.*)?$/.test(s))
    return 'git'
  if (s.startsWith('http://')) return 'insecure-url'
  if (s.startsWith('https://')) return 'url'
  if (/^[\w.-]+\/[\w.-]+(?:#.*)?$/.test(s) && !s.startsWith('@')) return 'git'
  if (/^[a-z][\w.-]*$/i.test(s) && !/^v?\d/.test(s)) return 'tag'
  if (/^>=?\s*\d[^<]*$/.test(s) && !s.includes(' - ') && !s.includes('||')) return 'any'
  return 'range'
}
