import type { Category, Severity } from '../findings.js'
import type { Span } from '../load/tree.js'
import type { Project } from '../model/types.js'

/** A rule's documentation: it feeds `bulwark rules`, SARIF `help` and the HTML report. */
export interface RuleDocs {
  /** What the rule finds, in one or two sentences. */
  readonly what: string
  /** Why it matters: the attack or failure it prevents. */
  readonly why: string
  /** How to fix it. */
  readonly fix: string
  /** A short config excerpt the rule reports. */
  readonly bad: string
  /** The same excerpt, fixed. */
  readonly good: string
}

export interface RuleMeta {
  /** Stable id, kebab-case: what `bulwark-ignore ID: reason` names. */
  readonly id: string
  readonly title: string
  readonly category: Category
  /** Default severity; a rule may report some findings higher or lower. */
  readonly severity: Severity
  /** The practice of the serverless security guide it enforces. */
  readonly practice: string
  /** OWASP Top 10 (2017) reference. */
  readonly owasp: string
  readonly docs: RuleDocs
}

/** What a rule reports; the runner adds the rule's id, category, practice, OWASP and fix. */
export interface ReportedFinding {
  readonly span: Pick<Span, 'file' | 'line' | 'column'>
  readonly message: string
  readonly severity?: Severity
  /** The function the finding belongs to. */
  readonly function?: string
  /** A fix specific to this finding; the rule's docs fix otherwise. */
  readonly fix?: string
  /**
   * What the finding is about, for matching in `bulwark.config.json` (a route such as
   * `GET /health`, an environment variable name). Not part of the report.
   */
  readonly subject?: string
}

export type Report = (finding: ReportedFinding) => void

/**
 * A rule: metadata plus a check over the project model. Adding a rule is its file, one line in
 * `rules/index.ts`, and a table-driven test.
 *
 * @example
 * export const myRule: Rule = {
 *   meta: { id: 'my-rule', title: '…', category: 'other', severity: 'low', practice, owasp, docs },
 *   check(project, report) {
 *     for (const service of project.services)
 *       for (const fn of service.functions)
 *         if (fn.handler?.file === undefined) report({ span: fn.span, message: '…', function: fn.name })
 *   },
 * }
 */
export interface Rule {
  readonly meta: RuleMeta
  check(project: Project, report: Report): void
}
