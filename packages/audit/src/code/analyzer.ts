import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { atLeast, type Finding, type Severity } from '../findings.js'
import { type AnalysisError, Engine } from './engine/interpreter.js'
import { entryInFile, type HandlerEntry } from './entry.js'
import { fsHost, type SourceHost } from './host.js'
import { positionOf } from './parse.js'
import { resolveHandler, resolveSourceFile } from './resolve.js'
import type { CodeRule, HandlerContext, RouteContext, RuleContext, Site } from './rule.js'
import { CODE_RULES } from './rules/index.js'

/** What to analyze a handler as. Give `handler` as the template writes it, or `file` and `exportName`. */
export interface HandlerTarget {
  /** `src/handlers/users.create`, `app.lambdaHandler`: module path and export, as in templates. */
  readonly handler?: string
  /** Project-relative file, with or without extension (`src/handlers/users`). */
  readonly file?: string
  /** The export that Lambda calls; `handler` when absent. Dots name nested properties. */
  readonly exportName?: string
  /** The function's name in the template, put on its findings. */
  readonly functionName?: string
  /** The HTTP routes the template puts in front of it (for `missing-auth-in-code`). */
  readonly routes?: readonly RouteContext[]
}

/** What became of one handler. */
export interface HandlerReport {
  /** A source file was found for it. */
  readonly resolved: boolean
  readonly entry?: HandlerEntry
}

export interface CodeAnalyzerOptions {
  /** The project folder; every path is relative to it and nothing outside it is read. */
  readonly root: string
  /** Where files are read from; the folder on disk by default. */
  readonly host?: SourceHost
  /** The rules to run; all code rules by default. */
  readonly rules?: readonly CodeRule[]
  /** Versions of the project's dependencies (package.json specs), for version-dependent rules. */
  readonly dependencies?: Readonly<Record<string, string>>
}

/** Analysis of a project's code, sharing parsed modules across handlers and files. */
export interface CodeAnalyzer {
  /** Follows one handler from its event. */
  analyzeHandler(target: HandlerTarget): HandlerReport
  /** Runs the file-level pass (every function with unknown inputs) over project files. */
  analyzeFiles(files: readonly string[]): void
  /** Findings so far, one per rule and position, sorted by file and position. */
  findings(): Finding[]
  /** Files that could not be parsed or were cut short. */
  errors(): readonly AnalysisError[]
}

/**
 * Creates an analyzer over a project folder. Rules run once over shared state, so analyzing many
 * handlers that import the same modules parses and evaluates each module once.
 *
 * @example
 * const analyzer = createCodeAnalyzer({ root: '/work/app' })
 * analyzer.analyzeHandler({ handler: 'src/handlers/users.create', functionName: 'createUser' })
 * analyzer.analyzeFiles(listSourceFiles('/work/app'))
 * const findings = analyzer.findings()
 */
export function createCodeAnalyzer(options: CodeAnalyzerOptions): CodeAnalyzer {
  const host = options.host ?? fsHost(options.root)
  const engine = new Engine(host)
  const found = new Map<string, Finding>()
  const dependencies = options.dependencies
  for (const rule of options.rules ?? CODE_RULES) {
    const context: RuleContext = {
      mode: () => engine.mode,
      handler: () => engine.handler,
      tries: () => engine.tries,
      report: (site, message, severity) => record(rule, site, message, severity),
      dependency: (name) => dependencies?.[name],
    }
    engine.listen(rule.create(context))
  }

  function record(
    rule: CodeRule,
    site: Site,
    message: string,
    severity: Severity = rule.meta.severity,
  ): void {
    const { line, column } = positionOf(site.module, site.node.start)
    const key = `${rule.meta.id}|${site.module.file}|${line}|${column}`
    const functionName = engine.mode === 'handler' ? engine.handler?.functionName : undefined
    const previous = found.get(key)
    if (previous !== undefined) {
      const stronger = severity !== previous.severity && atLeast(severity, previous.severity)
      const sameButAttributed =
        severity === previous.severity && previous.function === undefined && functionName
      if (!stronger && !sameButAttributed) return
    }
    found.set(key, {
      rule: rule.meta.id,
      category: rule.meta.category,
      severity,
      message,
      file: site.module.file,
      line,
      column,
      practice: rule.meta.practice,
      owasp: rule.meta.owasp,
      fix: rule.meta.docs.fix,
      ...(functionName !== undefined ? { function: functionName } : {}),
    })
  }

  return {
    analyzeHandler(target) {
      const entry = locate(engine, target)
      if (entry === undefined) return { resolved: false }
      const context: HandlerContext = {
        ...(target.functionName !== undefined ? { functionName: target.functionName } : {}),
        ...(target.routes !== undefined ? { routes: target.routes } : {}),
      }
      for (const fn of entry.functions) {
        engine.runHandler(
          fn,
          fn.wrapper !== undefined ? { ...context, wrapper: fn.wrapper } : context,
        )
      }
      return { resolved: true, entry }
    },
    analyzeFiles(files) {
      for (const file of files) engine.moduleRecord(file)
    },
    findings() {
      return [...found.values()].sort(
        (a, b) =>
          a.file.localeCompare(b.file) ||
          a.line - b.line ||
          a.column - b.column ||
          a.rule.localeCompare(b.rule),
      )
    },
    errors: () => engine.errors,
  }
}

function locate(engine: Engine, target: HandlerTarget): HandlerEntry | undefined {
  if (target.handler !== undefined) {
    const located = resolveHandler(engine.host, target.handler)
    return located ? entryInFile(engine, located.file, located.exportPath) : undefined
  }
  if (target.file === undefined) return undefined
  const file = resolveSourceFile(engine.host, target.file)
  if (file === undefined) return undefined
  return entryInFile(engine, file, (target.exportName ?? 'handler').split('.'))
}

/**
 * Analyzes one handler of a project and returns its findings (and those of the modules it loads).
 *
 * @example
 * const findings = await analyzeHandler({ root: '/work/app', file: 'src/handlers/users', exportName: 'create' })
 */
export async function analyzeHandler(
  options: HandlerTarget & { readonly root: string; readonly host?: SourceHost },
): Promise<Finding[]> {
  const analyzer = createCodeAnalyzer({
    root: options.root,
    ...(options.host ? { host: options.host } : {}),
  })
  analyzer.analyzeHandler(options)
  return analyzer.findings()
}

/**
 * Runs the file-level code rules (hard-coded secrets, weak crypto, CORS headers, JWT options, …) over
 * source files of a project.
 *
 * @example
 * const findings = await analyzeCodeFiles('/work/app', listSourceFiles('/work/app'))
 */
export async function analyzeCodeFiles(root: string, files: readonly string[]): Promise<Finding[]> {
  const analyzer = createCodeAnalyzer({ root })
  analyzer.analyzeFiles(files)
  return analyzer.findings()
}

const SKIPPED_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'build',
  '.build',
  'out',
  'coverage',
  '.serverless',
  '.aws-sam',
  'cdk.out',
  '.esbuild',
  '.webpack',
  '.next',
  '.turbo',
  'vendor',
  '.venv',
])

const TEST_DIRS = new Set([
  '__tests__',
  '__mocks__',
  '__fixtures__',
  'test',
  'tests',
  'spec',
  'e2e',
  'cypress',
  'fixtures',
])

/**
 * A project-relative path is the project's own JS/TS source: not a dependency, build output, test,
 * declaration file or minified bundle. (Handlers still follow any module they import.)
 *
 * @example
 * isProjectSource('src/a.ts') // true
 * isProjectSource('node_modules/x/index.js') // false
 */
export function isProjectSource(path: string): boolean {
  const parts = path.split('/')
  const name = parts.pop() ?? ''
  if (
    !/\.(?:[mc]?[jt]s|[jt]sx)$/.test(name) ||
    /\.d\.[mc]?ts$|\.min\.js$|\.(?:test|spec)\.[mc]?[jt]sx?$/.test(name)
  )
    return false
  return parts.every((dir) => !SKIPPED_DIRS.has(dir) && !TEST_DIRS.has(dir) && !dir.startsWith('.'))
}

/**
 * The project's own source files under a folder (see `isProjectSource`), project-relative.
 *
 * @example
 * listSourceFiles('/work/app') // ['src/handlers/users.ts', 'src/lib/db.ts']
 */
export function listSourceFiles(root: string, limit = 5000): string[] {
  const out: string[] = []
  const visit = (dir: string, rel: string): void => {
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      if (out.length >= limit) return
      const path = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (
          !SKIPPED_DIRS.has(entry.name) &&
          !TEST_DIRS.has(entry.name) &&
          !entry.name.startsWith('.')
        ) {
          visit(join(dir, entry.name), path)
        }
      } else if (entry.isFile() && isProjectSource(path)) {
        out.push(path)
      }
    }
  }
  visit(root, '')
  return out
}
