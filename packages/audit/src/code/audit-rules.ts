import { auditDependencies } from '../deps/audit.js'
import { DEPENDENCY_RULES } from '../deps/rules.js'
import type { Finding } from '../findings.js'
import type { LambdaFunction, Project } from '../model/types.js'
import type { Rule, RuleMeta } from '../rules/types.js'
import { createCodeAnalyzer, isProjectSource } from './analyzer.js'
import type { AnalysisError } from './engine/interpreter.js'
import type { RouteContext } from './rule.js'
import { CODE_RULES } from './rules/index.js'

/** Options of one audit run for the code analysis (set by `audit()` before the rules run). */
export interface CodeAuditOptions {
  /** `npm audit --json` output, from `--npm-audit FILE`. */
  readonly npmAuditJson?: string
}

interface Analysis {
  readonly byRule: Map<string, Finding[]>
  readonly errors: readonly AnalysisError[]
  /** Functions whose handler code checks the caller's credentials itself. */
  readonly checksCaller: Set<string>
  /** Functions whose handler is wrapped by `guard.http`, with what its `auth` option says. */
  readonly guardAuth: Map<string, 'public' | 'required'>
}

const analyses = new WeakMap<Project, Analysis>()
const optionsByProject = new WeakMap<Project, CodeAuditOptions>()

/**
 * Sets the options of an audit run; call before the rules run.
 *
 * @example
 * configureCodeAudit(project, { npmAuditJson: readFileSync('audit.json', 'utf8') })
 */
export function configureCodeAudit(project: Project, options: CodeAuditOptions): void {
  optionsByProject.set(project, options)
}

function isNodeFunction(fn: LambdaFunction): boolean {
  const runtime = fn.runtime?.value
  return runtime === undefined || runtime === 'unknown' || runtime.startsWith('nodejs')
}

/**
 * Files the code and dependency analysis could not read (syntax errors, malformed lockfiles, an
 * unreadable `--npm-audit` report), for the audit's `errors`.
 *
 * @example
 * const errors = codeAuditErrors(project)
 */
export function codeAuditErrors(project: Project): readonly AnalysisError[] {
  return analysisOf(project).errors
}

function routesOf(fn: LambdaFunction): RouteContext[] {
  const routes: RouteContext[] = fn.routes.map((r) => ({
    method: r.method,
    path: r.path,
    // An authorizer the loader could not resolve is not guessed away; an API key is a check too.
    authorizer: r.auth.kind !== 'none' || r.apiKeyRequired !== false,
  }))
  if (fn.url)
    routes.push({ method: 'ANY', path: `url ${fn.name}`, authorizer: fn.url.authType !== 'NONE' })
  return routes
}

/** Runs the whole code and dependency analysis of a project once; every adapter rule reads it. */
function analysisOf(project: Project): Analysis {
  const cached = analyses.get(project)
  if (cached) return cached
  const dependencies = rootDependencies(project)
  const analyzer = createCodeAnalyzer({
    root: project.root,
    host: { read: (f) => project.readFile(f), isFile: (f) => project.isFile(f) },
    ...(dependencies ? { dependencies } : {}),
  })
  const checksCaller = new Set<string>()
  const guardAuth = new Map<string, 'public' | 'required'>()
  // The same handler behind several functions is one piece of code: judged once.
  const judged = new Map<string, boolean>()
  const unchecked = () =>
    analyzer.findings().filter((f) => f.rule === 'missing-auth-in-code').length
  for (const service of project.services) {
    for (const fn of service.functions) {
      if (fn.generated || fn.packageType === 'image' || !isNodeFunction(fn)) continue
      const file = fn.handler?.file
      if (file === undefined || fn.handler === undefined) continue
      const routes = routesOf(fn)
      const key = `${file}#${fn.handler.exportName}`
      const before = unchecked()
      const { entry } = analyzer.analyzeHandler({
        file,
        exportName: fn.handler.exportName,
        functionName: fn.name,
        routes,
      })
      const invoked = entry?.functions ?? []
      for (const kind of ['required', 'public'] as const) {
        if (invoked.length > 0 && invoked.every((f) => f.guardAuth === kind))
          guardAuth.set(fn.name, kind)
      }
      const open = routes.some((r) => !r.authorizer)
      if (open && !judged.has(key)) judged.set(key, unchecked() === before)
      if (open && judged.get(key)) checksCaller.add(fn.name)
    }
  }
  // serverless.ts/.js are configuration, read by the loaders (their secrets are secret-in-env's).
  const sources = project.files.filter(
    (f) => isProjectSource(f) && !/(?:^|\/)serverless\.[mc]?[jt]s$/.test(f),
  )
  analyzer.analyzeFiles(sources)
  const byRule = new Map<string, Finding[]>()
  const add = (f: Finding) => {
    const list = byRule.get(f.rule) ?? []
    list.push(f)
    byRule.set(f.rule, list)
  }
  for (const f of analyzer.findings()) add(f)
  const options = optionsByProject.get(project)
  const deps = auditDependencies(
    project.root,
    options?.npmAuditJson !== undefined ? { npmAuditJson: options.npmAuditJson } : {},
  )
  for (const f of deps.findings) add(f)
  const errors = [...analyzer.errors(), ...deps.errors]
  const analysis = { byRule, checksCaller, guardAuth, errors }
  analyses.set(project, analysis)
  return analysis
}

function rootDependencies(project: Project): Record<string, string> | undefined {
  const text = project.readFile('package.json')
  if (text === undefined) return undefined
  try {
    const data = JSON.parse(text) as Record<string, unknown>
    const out: Record<string, string> = {}
    for (const section of ['dependencies', 'devDependencies']) {
      const deps = data[section]
      if (deps && typeof deps === 'object') {
        for (const [k, v] of Object.entries(deps)) if (typeof v === 'string') out[k] = v
      }
    }
    return out
  } catch {
    return undefined
  }
}

/**
 * Whether a function's handler code checks the caller's credentials itself (reads the
 * Authorization header or an API key, verifies a token, looks a session up): `undefined` when its
 * code was not analyzed or it has no open route.
 *
 * @example
 * if (handlerChecksCaller(project, 'deleteOrder')) severity = 'low'
 */
export function handlerChecksCaller(project: Project, functionName: string): boolean | undefined {
  return analysisOf(project).checksCaller.has(functionName) ? true : undefined
}

/**
 * For a function whose handler is `guard.http(options, fn)` of `@bulwark/guard`: `'required'` when
 * the guard authenticates every caller before the handler runs (deny by default), `'public'` when
 * the code declares the route public with `auth: 'public'`; `undefined` otherwise.
 *
 * @example
 * if (handlerGuardAuth(project, 'transfer') === 'required') return // authenticated in code
 */
export function handlerGuardAuth(
  project: Project,
  functionName: string,
): 'public' | 'required' | undefined {
  return analysisOf(project).guardAuth.get(functionName)
}

function adapter(meta: RuleMeta): Rule {
  return {
    meta,
    check(project, report) {
      for (const f of analysisOf(project).byRule.get(meta.id) ?? []) {
        report({
          span: { file: f.file, line: f.line, column: f.column },
          message: f.message,
          severity: f.severity,
          ...(f.function !== undefined ? { function: f.function } : {}),
        })
      }
    },
  }
}

/**
 * The code and dependency rules in the registry's shape. `missing-auth-in-code` is left out: the
 * configuration rule `missing-auth` reports open routes, and `handlerChecksCaller` tells it when
 * the code checks credentials itself.
 */
export const CODE_AUDIT_RULES: readonly Rule[] = [
  ...CODE_RULES.filter((r) => r.meta.id !== 'missing-auth-in-code').map((r) => adapter(r.meta)),
  ...Object.values(DEPENDENCY_RULES).map((meta) => adapter(meta)),
]

const codeRuleSet = new Set<Rule>(CODE_AUDIT_RULES)

/** The rule is one of the code or dependency rules. */
export function isCodeAuditRule(rule: Rule): boolean {
  return codeRuleSet.has(rule)
}
