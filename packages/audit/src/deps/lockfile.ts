/** One package a lockfile pins. */
export interface LockedPackage {
  readonly name: string
  readonly version: string
  /** Where it installs from, when the lockfile says. */
  readonly resolved?: string
  readonly deprecated?: string
  /** It runs install scripts (npm `hasInstallScript`, pnpm `requiresBuild`). */
  readonly installScript?: boolean
  /** Only a development dependency (npm marks it). */
  readonly dev?: boolean
  /** Its dependencies: name and the spec (or pinned version) the lockfile records. */
  readonly dependencies: ReadonlyArray<readonly [string, string]>
  /** A string to find the entry in the lockfile text, for positions. */
  readonly locator: string
}

/** A lockfile read into one shape, whatever the package manager. */
export interface Lockfile {
  readonly kind: 'npm' | 'yarn' | 'yarn-berry' | 'pnpm' | 'bun'
  /** Project-relative path. */
  readonly file: string
  readonly text: string
  readonly packages: readonly LockedPackage[]
  /** The direct dependency `name` as the project's package.json should declare it, per the lockfile. */
  directSpec(name: string): string | undefined
  /** Whether the lockfile pins `name@spec` as package.json declares it. */
  satisfies(name: string, spec: string): boolean
  /** Names of direct dependencies the lockfile records (when it records them). */
  directNames(): readonly string[] | undefined
  /** The package `name` (declared as `spec`) that `from` (or the project, when undefined) gets. */
  resolve(from: LockedPackage | undefined, name: string, spec: string): LockedPackage | undefined
}

/** Thrown for a lockfile that cannot be read; the message says why. */
export class LockfileError extends Error {
  override readonly name = 'LockfileError'
}

/** Lockfiles this big are not parsed (they are still detected, so missing-lockfile stays right). */
export const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** The string entries of a `{ name: spec }` map; anything else is skipped. */
export function stringEntries(v: unknown): Array<[string, string]> {
  if (!isRecord(v)) return []
  return Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')
}
