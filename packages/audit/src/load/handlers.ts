import { posix } from 'node:path'
import type { Handler } from '../model/types.js'
import type { Span } from './tree.js'

const NODE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx']

/** The language family a runtime identifier belongs to; compiled ones have no source to find. */
export function runtimeFamily(
  runtime: string | undefined,
): 'node' | 'python' | 'ruby' | 'compiled' {
  if (runtime === undefined || runtime.startsWith('nodejs')) return 'node'
  if (runtime.startsWith('python')) return 'python'
  if (runtime.startsWith('ruby')) return 'ruby'
  return 'compiled'
}

/**
 * Reads a handler string (`src/users.create`, `app.lambda_handler`) relative to the code folder
 * and finds its source file: TypeScript sources count, since bundlers build them into the
 * deployed JavaScript. `isFile` is the project's own bounded, inside-the-project check.
 *
 * @example
 * resolveHandler('src/users.create', 'services/api', 'nodejs22.x', span, isFile)
 * // { module: 'services/api/src/users', exportName: 'create', file: 'services/api/src/users.ts' }
 */
export function resolveHandler(
  value: string,
  codeDir: string,
  runtime: string | undefined,
  span: Span,
  isFile: (path: string) => boolean,
): Handler | undefined {
  const dot = value.lastIndexOf('.')
  if (dot <= 0 || dot === value.length - 1) return undefined
  const family = runtimeFamily(runtime)
  let modulePath = value.slice(0, dot)
  const exportName = value.slice(dot + 1)
  if (family === 'python') modulePath = modulePath.replaceAll('.', '/')
  const joined = posix.normalize(posix.join(codeDir === '' ? '.' : codeDir, modulePath))
  if (joined.startsWith('../') || posix.isAbsolute(joined)) return undefined
  const module = joined.replace(/^\.\//, '')
  const handler: Handler = { value, span, module, exportName }
  const extensions =
    family === 'node'
      ? NODE_EXTENSIONS
      : family === 'python'
        ? ['.py']
        : family === 'ruby'
          ? ['.rb']
          : []
  for (const ext of extensions) {
    const candidate = `${module}${ext}`
    if (isFile(candidate)) return { ...handler, file: candidate }
  }
  // No runtime stated (`provider: aws`, a runtime set by a plugin): the source that exists says.
  if (runtime === undefined) {
    for (const ext of ['.py', '.rb']) {
      const candidate = `${module}${ext}`
      if (isFile(candidate)) return { ...handler, file: candidate }
    }
  }
  return handler
}
