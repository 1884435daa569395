import { readFileSync, realpathSync, statSync } from 'node:fs'
import { isAbsolute, join, posix, relative, sep } from 'node:path'

/** Files larger than this are bundles or generated code, not the project's handlers: skipped. */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024

/**
 * Where the analyzer reads project files from: paths are project-relative with `/` separators, and
 * nothing outside the project can be named.
 */
export interface SourceHost {
  /** The text of a file, or `undefined` when it is absent, unreadable, too large or outside the project. */
  read(file: string): string | undefined
  isFile(file: string): boolean
}

/**
 * Normalizes a project-relative path; `undefined` when it leaves the project (`../x`, absolute paths).
 *
 * @example
 * normalizeProjectPath('src/./a/../b.ts') // 'src/b.ts'
 * normalizeProjectPath('../etc/passwd') // undefined
 */
export function normalizeProjectPath(file: string): string | undefined {
  const cleaned = file.replaceAll('\\', '/')
  if (cleaned.startsWith('/') || /^[a-zA-Z]:/.test(cleaned)) return undefined
  const normal = posix.normalize(cleaned)
  if (normal === '..' || normal.startsWith('../') || normal === '.') return undefined
  return normal
}

/**
 * A host over a folder on disk. Symbolic links that lead outside the folder are not followed.
 *
 * @example
 * const host = fsHost('/work/app')
 * host.read('src/handler.ts')
 */
export function fsHost(root: string): SourceHost {
  const realRoot = realpathSync(root)
  const fileCache = new Map<string, string | undefined>()
  const locate = (file: string): string | undefined => {
    const normal = normalizeProjectPath(file)
    if (normal === undefined) return undefined
    let real: string
    try {
      real = realpathSync(join(realRoot, normal))
    } catch {
      return undefined
    }
    const rel = relative(realRoot, real)
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return undefined
    return real
  }
  // Resolving one import tries up to 16 candidate names, each a realpath and a stat: answered once.
  const isFileCache = new Map<string, boolean>()
  const isFile = (file: string): boolean => {
    let found = isFileCache.get(file)
    if (found === undefined) {
      const path = locate(file)
      try {
        found = path !== undefined && statSync(path).isFile()
      } catch {
        found = false
      }
      isFileCache.set(file, found)
    }
    return found
  }
  return {
    isFile,
    read(file) {
      if (fileCache.has(file)) return fileCache.get(file)
      let text: string | undefined
      const path = locate(file)
      try {
        if (
          path !== undefined &&
          statSync(path).isFile() &&
          statSync(path).size <= MAX_SOURCE_BYTES
        ) {
          text = readFileSync(path, 'utf8')
        }
      } catch {
        text = undefined
      }
      fileCache.set(file, text)
      return text
    },
  }
}

/**
 * A host over files held in memory, for tests and for callers that already read the project.
 *
 * @example
 * const host = memoryHost({ 'src/a.ts': 'export const a = 1' })
 * host.isFile('src/a.ts') // true
 */
export function memoryHost(files: Readonly<Record<string, string>>): SourceHost {
  const byPath = new Map<string, string>()
  for (const [name, text] of Object.entries(files)) {
    const normal = normalizeProjectPath(name)
    if (normal !== undefined) byPath.set(normal, text)
  }
  // Resolving an import asks for up to 16 candidate names: each is normalized once.
  const normalized = new Map<string, string | undefined>()
  const normalize = (file: string): string | undefined => {
    if (normalized.has(file)) return normalized.get(file)
    const normal = normalizeProjectPath(file)
    normalized.set(file, normal)
    return normal
  }
  return {
    isFile: (file) => {
      const normal = normalize(file)
      return normal !== undefined && byPath.has(normal)
    },
    read: (file) => {
      const normal = normalize(file)
      const text = normal === undefined ? undefined : byPath.get(normal)
      return text !== undefined && text.length <= MAX_SOURCE_BYTES ? text : undefined
    },
  }
}
