import { codeAuditErrors, configureCodeAudit, isCodeAuditRule } from './code/audit-rules.js'
import { atLeast, type Finding, SEVERITIES, type Severity } from './findings.js'
import { loadProject } from './load/index.js'
import type { Project } from './model/types.js'
import { RULES } from './rules/index.js'
import type { ReportedFinding, Rule } from './rules/types.js'
import {
  applySuppressions,
  type BulwarkConfig,
  parseConfig,
  type Suppressed,
  type SuppressionSources,
} from './suppress/index.js'
import { VERSION } from './version.js'

/** The suppression config file, read from the audited folder. */
export const CONFIG_FILE = 'bulwark.config.json'

export interface AuditOptions {
  /** The moment of the audit, for date-based rules; defaults to now. */
  readonly now?: Date
  /** Rules to run; defaults to every registered rule. */
  readonly rules?: readonly Rule[]
  /** Baseline file contents (a previous `--format json` report): its findings are accepted. */
  readonly baseline?: SuppressionSources['baseline']
  /** The suppression config; defaults to `bulwark.config.json` in the audited folder, if any. */
  readonly config?: BulwarkConfig
  /** Called with progress lines for large projects. */
  readonly progress?: (message: string) => void
  /** `npm audit --json` output to fold into dependency findings (`--npm-audit FILE`). */
  readonly npmAudit?: string
}

/** Something that kept part of the audit from running (not a finding about the project). */
export interface AuditError {
  readonly message: string
  readonly rule?: string
  readonly file?: string
}

export interface AuditResult {
  readonly version: string
  readonly root: string
  readonly findings: readonly Finding[]
  readonly suppressed: readonly Suppressed[]
  readonly errors: readonly AuditError[]
  /** What was audited, for summaries. */
  readonly audited: {
    readonly services: number
    readonly functions: number
    readonly configFiles: readonly string[]
  }
  /** The rules that ran, for reports that document them (SARIF, HTML). */
  readonly rules: readonly Rule[]
  /** The model that was audited (for reports that show code excerpts). */
  readonly project: Project
}

/**
 * Audits the serverless project in `dir`: loads every service, runs every rule, applies
 * suppressions (inline comments, CloudFormation metadata, `bulwark.config.json`, a baseline).
 *
 * @example
 * const result = audit('./my-service')
 * for (const f of result.findings) console.log(`${f.file}:${f.line} ${f.rule} ${f.message}`)
 */
export function audit(dir: string, options: AuditOptions = {}): AuditResult {
  const loaded = loadProject(dir, {
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.progress === undefined ? {} : { progress: options.progress }),
  })
  const { project } = loaded
  if (options.npmAudit !== undefined)
    configureCodeAudit(project, { npmAuditJson: options.npmAudit })
  const rules = options.rules ?? RULES
  const raw: { finding: Finding; subject?: string }[] = []
  const errors: AuditError[] = []
  for (const rule of rules) {
    const report = (reported: ReportedFinding) => {
      raw.push({
        finding: toFinding(rule, reported),
        ...(reported.subject === undefined ? {} : { subject: reported.subject }),
      })
    }
    try {
      rule.check(project, report)
    } catch (error) {
      errors.push({
        rule: rule.meta.id,
        message: `rule ${rule.meta.id} failed: ${error instanceof Error ? error.message : String(error)}`,
      })
    }
  }
  const configText = options.config === undefined ? project.readFile(CONFIG_FILE) : undefined
  const config =
    options.config ?? (configText === undefined ? undefined : parseConfig(configText, CONFIG_FILE))
  const {
    findings,
    suppressed,
    errors: suppressionErrors,
  } = applySuppressions(project, raw, rules, {
    ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
    ...(config === undefined ? {} : { config }),
  })
  return {
    version: VERSION,
    root: project.root,
    findings: sortFindings(findings),
    suppressed,
    errors: [...errors, ...suppressionErrors, ...codeErrors(project, rules)],
    audited: {
      services: project.services.length,
      functions: project.services.reduce((n, s) => n + s.functions.length, 0),
      configFiles: loaded.configFiles,
    },
    rules,
    project,
  }
}

/** Files the code analysis could not read, when a code or dependency rule ran. */
function codeErrors(project: Project, rules: readonly Rule[]): AuditError[] {
  if (!rules.some(isCodeAuditRule)) return []
  return codeAuditErrors(project).map((e) => ({ file: e.file, message: e.message }))
}

function toFinding(rule: Rule, reported: ReportedFinding): Finding {
  const { meta } = rule
  return {
    rule: meta.id,
    category: meta.category,
    severity: reported.severity ?? meta.severity,
    message: reported.message,
    file: reported.span.file,
    line: reported.span.line,
    column: reported.span.column,
    practice: meta.practice,
    owasp: meta.owasp,
    fix: reported.fix ?? meta.docs.fix,
    ...(reported.function === undefined ? {} : { function: reported.function }),
  }
}

/** Most severe first, then by file and position. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  const rank = (s: Severity) => SEVERITIES.length - SEVERITIES.indexOf(s)
  return [...findings].sort(
    (a, b) =>
      rank(a.severity) - rank(b.severity) ||
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.rule.localeCompare(b.rule),
  )
}

/**
 * The exit code for a result: 2 when nothing could be audited, 1 when a finding is at or above
 * `failOn`, 0 otherwise.
 *
 * @example
 * process.exitCode = exitCodeFor(audit('.'), 'high')
 */
export function exitCodeFor(result: AuditResult, failOn: Severity): 0 | 1 | 2 {
  if (result.audited.services === 0) return 2
  return result.findings.some((f) => atLeast(f.severity, failOn)) ? 1 : 0
}
