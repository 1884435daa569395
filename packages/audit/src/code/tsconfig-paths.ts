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
 * importer (`@libs/lambda` → `src/libs/lambda.ts` in the Serverless TypeScript template), with the
 * `extends` chain of relative configs applied. Packages and unmatched specifiers give `undefined`.
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
  const file = dir ? `${dir}/tsconfig.json` : 'tsconfig.json'
  let found: PathAliases | null = null
  if (host.isFile(file)) {
    const options = compilerPaths(host, file, 0)
    found = {
      base: options.baseUrl ?? options.pathsDir ?? (dir || '.'),
      entries: options.paths ?? [],
    }
  }
  cache.set(dir, found)
  return found ?? undefined
}

interface CompilerPaths {
  /** `baseUrl`, made project-relative from the config that sets it. */
  baseUrl?: string
  paths?: Array<readonly [string, string[]]>
  /** Folder of the config that sets `paths`: targets are relative to it when there is no baseUrl. */
  pathsDir?: string
}

/** Configs followed through `extends`, at most: a cycle or a deep chain stops here. */
const MAX_EXTENDS = 5

/**
 * `baseUrl` and `paths` of a tsconfig with its `extends` chain applied (relative files only; a
 * package such as `@tsconfig/node20` is not in the project): the Serverless TypeScript template
 * keeps its aliases in `tsconfig.paths.json`, which `tsconfig.json` extends.
 */
function compilerPaths(host: SourceHost, file: string, depth: number): CompilerPaths {
  const text = host.read(file)
  if (text === undefined || depth > MAX_EXTENDS) return {}
  let config: { extends?: unknown; compilerOptions?: { baseUrl?: unknown; paths?: unknown } }
  try {
    config = JSON.parse(stripJsonComments(text))
  } catch {
    // An unreadable tsconfig aliases nothing; the import stays a package import.
    return {}
  }
  const dir = posix.dirname(file)
  let merged: CompilerPaths = {}
  const parents = Array.isArray(config.extends) ? config.extends : [config.extends]
  for (const parent of parents) {
    if (typeof parent !== 'string' || !parent.startsWith('.')) continue
    const target = posix.normalize(posix.join(dir, parent))
    const parentFile = target.endsWith('.json') ? target : `${target}.json`
    if (target.startsWith('..') || !host.isFile(parentFile)) continue
    merged = { ...merged, ...compilerPaths(host, parentFile, depth + 1) }
  }
  const options = config.compilerOptions ?? {}
  if (typeof options.baseUrl === 'string') merged.baseUrl = posix.join(dir, options.baseUrl)
  if (options.paths !== null && typeof options.paths === 'object') {
    const entries: Array<readonly [string, string[]]> = []
    for (const [pattern, targets] of Object.entries(options.paths as Record<string, unknown>)) {
      if (Array.isArray(targets))
        entries.push([pattern, targets.filter((t): t is string => typeof t === 'string')])
    }
    merged.paths = entries
    merged.pathsDir = dir
  }
  return merged
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
