import { posix } from 'node:path'
import { normalizeProjectPath, type SourceHost } from './host.js'
import { resolveAlias } from './tsconfig-paths.js'

/** Extensions tried, in order, for a module named without one (TypeScript sources first). */
export const SOURCE_EXTENSIONS = [
  '.ts',
  '.tsx',
  '.mts',
  '.cts',
  '.js',
  '.mjs',
  '.cjs',
  '.jsx',
] as const

const SOURCE_FILE = /\.(?:[mc]?[jt]s|[jt]sx)$/

/** TypeScript projects import `./x.js` and mean `./x.ts` (NodeNext): these are the swaps to try. */
const COMPILED_TO_SOURCE: Record<string, readonly string[]> = {
  '.js': ['.ts', '.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
  '.jsx': ['.tsx'],
}

/**
 * The source file a project-relative module path names, trying extensions and `index` files as
 * Node, TypeScript and bundlers do.
 *
 * @example
 * resolveSourceFile(host, 'src/handlers/users') // 'src/handlers/users.ts'
 */
export function resolveSourceFile(host: SourceHost, base: string): string | undefined {
  const normal = normalizeProjectPath(base)
  if (normal === undefined) return undefined
  if (SOURCE_FILE.test(normal)) {
    const ext = posix.extname(normal)
    for (const swap of COMPILED_TO_SOURCE[ext] ?? []) {
      const candidate = normal.slice(0, -ext.length) + swap
      if (host.isFile(candidate)) return candidate
    }
    if (host.isFile(normal)) return normal
  }
  for (const ext of SOURCE_EXTENSIONS) if (host.isFile(normal + ext)) return normal + ext
  for (const ext of SOURCE_EXTENSIONS) {
    const index = `${normal}/index${ext}`
    if (host.isFile(index)) return index
  }
  return undefined
}

/**
 * Resolves an import specifier written in `fromFile` to a project file. Only the project's own
 * modules are followed (relative specifiers); packages return `undefined`.
 *
 * @example
 * resolveImport(host, 'src/handlers/users.ts', '../lib/db.js') // 'src/lib/db.ts'
 */
export function resolveImport(
  host: SourceHost,
  fromFile: string,
  specifier: string,
): string | undefined {
  if (
    !specifier.startsWith('./') &&
    !specifier.startsWith('../') &&
    specifier !== '.' &&
    specifier !== '..'
  ) {
    return resolveAlias(host, fromFile, specifier, resolveSourceFile)
  }
  return resolveSourceFile(host, posix.join(posix.dirname(fromFile), specifier))
}

/**
 * Splits a handler as templates write it (`src/handlers/users.create`, `index.handler`,
 * `app.lambdaHandler`) into the module path and the export path, then finds the source file. The
 * Lambda Node runtime takes the module up to the first dot of the last path segment; files with dots
 * in their names (`users.handler.ts`) are tried next. Compiled output folders (`dist/`, `build/`,
 * `.build/`, `lib/`) fall back to `src/` when only the sources are in the project.
 *
 * @example
 * resolveHandler(host, 'src/handlers/users.create') // { file: 'src/handlers/users.ts', exportPath: ['create'] }
 */
export function resolveHandler(
  host: SourceHost,
  handler: string,
): { file: string; exportPath: string[] } | undefined {
  const slash = handler.lastIndexOf('/')
  const dir = handler.slice(0, slash + 1)
  const last = handler.slice(slash + 1)
  const parts = last.split('.')
  if (parts.length < 2) return undefined
  for (let split = 1; split < parts.length; split++) {
    const moduleName = dir + parts.slice(0, split).join('.')
    const exportPath = parts.slice(split)
    for (const candidate of [moduleName, ...compiledFallbacks(moduleName)]) {
      const file = resolveSourceFile(host, candidate)
      if (file !== undefined) return { file, exportPath }
    }
  }
  return undefined
}

function compiledFallbacks(moduleName: string): string[] {
  const match = /^(.*?)(?:^|\/)(?:dist|build|\.build|lib|out)\/(.*)$/.exec(moduleName)
  if (match === null) return []
  const prefix = match[1] ? `${match[1]}/` : ''
  return [`${prefix}src/${match[2]}`, `${prefix}${match[2]}`]
}
