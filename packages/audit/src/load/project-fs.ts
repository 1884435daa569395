import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, posix, relative, sep } from 'node:path'

/** Largest file the auditor reads. Bigger ones are reported and skipped, never loaded. */
export const MAX_FILE_BYTES = 8 * 1024 * 1024

/** Folders that hold dependencies, build output or copies of the project: never audited. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  '.hg',
  '.svn',
  '.serverless',
  '.aws-sam',
  '.esbuild',
  '.webpack',
  '.build',
  '.next',
  '.turbo',
  '.cache',
  '.venv',
  'venv',
  '__pycache__',
  'coverage',
  '.terraform',
])

const MAX_WALKED_FILES = 200_000

export type ReadResult =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: string }

/**
 * The only door to the disk: every path is relative to the audited folder and is refused when
 * its real path (after symlinks) leaves that folder. Nothing here writes or executes anything.
 *
 * @example
 * const fs = new ProjectFs('/work/app')
 * const read = fs.readText('serverless.yml')
 */
export class ProjectFs {
  /** Real path of the audited folder. */
  readonly root: string
  private readonly texts = new Map<string, string>()
  private readonly resolved = new Map<string, string | undefined>()

  constructor(root: string) {
    this.root = realpathSync(root)
    if (!statSync(this.root).isDirectory()) throw new Error(`${root} is not a folder`)
  }

  /**
   * The absolute real path for a project-relative path, or undefined when it does not exist or
   * its real path is outside the project (`../`, an absolute path, a symlink pointing out).
   */
  resolveInside(relPath: string): string | undefined {
    if (isAbsolute(relPath) || relPath.includes('\0')) return undefined
    // The project does not change during an audit, and module resolution asks about the same
    // candidates many times: each path is resolved once, by one realpath(3) call rather than an
    // lstat per path component.
    if (this.resolved.has(relPath)) return this.resolved.get(relPath)
    let real: string | undefined
    try {
      real = realpathSync.native(join(this.root, relPath))
    } catch {
      real = undefined
    }
    const inside = real !== undefined && this.contains(real) ? real : undefined
    this.resolved.set(relPath, inside)
    return inside
  }

  /** True when the path exists but its real path (through a symlink) is outside the project. */
  escapesProject(relPath: string): boolean {
    if (isAbsolute(relPath)) return true
    try {
      return !this.contains(realpathSync(join(this.root, relPath)))
    } catch {
      return false
    }
  }

  /** A project-relative POSIX path inside the project, or undefined when `relPath` leaves it. */
  normalize(relPath: string): string | undefined {
    const normalized = posix.normalize(relPath.replaceAll('\\', '/'))
    if (normalized.startsWith('../') || normalized === '..' || posix.isAbsolute(normalized)) {
      return undefined
    }
    return normalized === '.' ? '' : normalized.replace(/\/$/, '')
  }

  isFile(relPath: string): boolean {
    const real = this.resolveInside(relPath)
    if (real === undefined) return false
    try {
      return statSync(real).isFile()
    } catch {
      return false
    }
  }

  isDirectory(relPath: string): boolean {
    const real = relPath === '' ? this.root : this.resolveInside(relPath)
    if (real === undefined) return false
    try {
      return statSync(real).isDirectory()
    } catch {
      return false
    }
  }

  /** Reads a text file inside the project, bounded in size; the text is kept for excerpts. */
  readText(relPath: string, maxBytes = MAX_FILE_BYTES): ReadResult {
    const cached = this.texts.get(relPath)
    if (cached !== undefined) return { ok: true, text: cached }
    const real = this.resolveInside(relPath)
    if (real === undefined) return { ok: false, reason: 'outside the project or missing' }
    try {
      const stats = statSync(real)
      if (!stats.isFile()) return { ok: false, reason: 'not a file' }
      if (stats.size > maxBytes) {
        return { ok: false, reason: `larger than ${Math.round(maxBytes / 1024 / 1024)} MiB` }
      }
      const text = readFileSync(real, 'utf8').replace(/^\uFEFF/, '')
      this.texts.set(relPath, text)
      return { ok: true, text }
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) }
    }
  }

  /** The text of a file already read, for excerpts and inline suppressions. */
  textOf(relPath: string): string | undefined {
    return this.texts.get(relPath)
  }

  /** Files read so far. */
  readFiles(): string[] {
    return [...this.texts.keys()]
  }

  /**
   * Every file under `dir` (project-relative, POSIX), skipping dependency and build folders.
   * Symlinks are followed only when their target stays inside the project, and each real
   * folder is visited once, so link loops end.
   */
  walk(dir = ''): string[] {
    const out: string[] = []
    const seen = new Set<string>()
    const visit = (rel: string): void => {
      if (out.length >= MAX_WALKED_FILES) return
      const real = rel === '' ? this.root : this.resolveInside(rel)
      if (real === undefined || seen.has(real)) return
      seen.add(real)
      let names: string[]
      try {
        names = readdirSync(real).sort()
      } catch {
        return
      }
      for (const name of names) {
        const childRel = rel === '' ? name : `${rel}/${name}`
        let stats: ReturnType<typeof lstatSync>
        try {
          stats = lstatSync(join(real, name))
        } catch {
          continue
        }
        if (stats.isSymbolicLink()) {
          const target = this.resolveInside(childRel)
          if (target === undefined) continue
          try {
            stats = statSync(target)
          } catch {
            continue
          }
        }
        if (stats.isDirectory()) {
          if (!SKIPPED_DIRS.has(name)) visit(childRel)
        } else if (stats.isFile()) {
          out.push(childRel)
        }
      }
    }
    visit(dir)
    return out
  }

  private contains(real: string): boolean {
    if (real === this.root) return true
    const rel = relative(this.root, real)
    return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel)
  }
}
