import { posix } from 'node:path'
import type { SourceHost } from './host.js'

interface PathAliases {
  /** Folder the targets are relative to (`baseUrl`, else the tsconfig's folder), project-relative. */
  readonly base: string
  readonly entries: ReadonlyArray<readonly [pattern: string, targets: readonly string[]]>
}

const aliasCache = new WeakMap<SourceHost, Map<string, PathAliases | null>>()

/**
 * Resolves a bare specifier through `compilerOptions.paths` of the nearest `tsconfig.json` above the
 * importer (`@libs/lambda` → `src/libs/lambda.ts` in the Serverless TypeScript template). Packages
 * and unmatched specifiers give `undefined`. `extends` is not followed.
 *
 * @example
 * resolveAlias(host, 'src/functions/hello/handler.ts', '@libs/lambda', resolveSourceFile)
 */
export function resolveAlias(
  host: SourceHost,
  fromFile: string,
  specifier: string,
  resolveFile: (host: SourceHost, base: string) => string | undefined,
): string | undefined {
  if (specifier.startsWith('node:')) return undefined
  for (let dir = posix.dirname(fromFile); ; dir = posix.dirname(dir)) {
    const aliases = tsconfigAliases(host, dir === '.' ? '' : dir)
    if (aliases) {
      for (const [pattern, targets] of aliases.entries) {
        const rest = matchPattern(pattern, specifier)
        if (rest === undefined) continue
        for (const target of targets) {
          const file = resolveFile(host, posix.join(aliases.base, target.replace('*', rest)))
          if (file) return file
        }
      }
      return undefined
    }
    if (dir === '.' || dir === '') return undefined
  }
}

/** What `*` stands for when `specifier` matches `pattern`; `''` for an exact match. */
function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*')
  if (star === -1) return pattern === specifier ? '' : undefined
  const prefix = pattern.slice(0, star)
  const suffix = pattern.slice(star + 1)
  if (specifier.length < prefix.length + suffix.length) return undefined
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) return undefined
  return specifier.slice(prefix.length, specifier.length - suffix.length)
}

function tsconfigAliases(host: SourceHost, dir: string): PathAliases | undefined {
  let cache = aliasCache.get(host)
  if (cache === undefined) {
    cache = new Map()
    aliasCache.set(host, cache)
  }
  const cached = cache.get(dir)
  if (cached !== undefined) return cached ?? undefined
  let found: PathAliases | null = null
  const file = dir ? `${dir}/tsconfig.json` : 'tsconfig.json'
  const text = host.isFile(file) ? host.read(file) : undefined
  if (text !== undefined) {
    found = { base: dir || '.', entries: [] }
    try {
      const config = JSON.parse(stripJsonComments(text)) as {
        compilerOptions?: { baseUrl?: unknown; paths?: unknown }
      }
      const options = config.compilerOptions ?? {}
      const base = posix.join(
        dir || '.',
        typeof options.baseUrl === 'string' ? options.baseUrl : '.',
      )
      const entries: Array<readonly [string, string[]]> = []
      if (options.paths !== null && typeof options.paths === 'object') {
        for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
          if (Array.isArray(targets)) {
            entries.push([pattern, targets.filter((t): t is string => typeof t === 'string')])
          }
        }
      }
      found = { base, entries }
    } catch {
      // An unreadable tsconfig aliases nothing; the import stays a package import.
    }
  }
  cache.set(dir, found)
  return found ?? undefined
}

/** tsconfig.json is JSON with comments and trailing commas. */
export function stripJsonComments(text: string): string {
  return text
    .replace(
      /("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g,
      (_m, str: string | undefined) => str ?? '',
    )
    .replace(
      /("(?:[^"\\]|\\.)*")|,(\s*[}\]])/g,
      (_m, str: string | undefined, close: string | undefined) => str ?? close ?? '',
    )
}
