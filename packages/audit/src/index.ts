/**
 * @bulwark/audit: audits Serverless Framework, SAM, CloudFormation and CDK projects for
 * serverless security mistakes. The `bulwark` CLI is the usual entry point; this module is the
 * same thing as a library.
 *
 * @example
 * import { audit, formatReport } from '@bulwark/audit'
 * const result = audit('./my-service')
 * console.log(formatReport(result, 'text', { color: false }))
 */
export {
  type AuditError,
  type AuditOptions,
  type AuditResult,
  audit,
  CONFIG_FILE,
  exitCodeFor,
  sortFindings,
} from './audit.js'
export {
  atLeast,
  CATEGORIES,
  type Category,
  type Finding,
  SEVERITIES,
  type Severity,
} from './findings.js'
export {
  type LoadedProject,
  type LoadOptions,
  type LoadProblem,
  loadProject,
} from './load/index.js'
export type * from './model/types.js'
export { formatReport, REPORT_FORMATS, type ReportFormat } from './report/index.js'
export { OWASP, PRACTICE, RULES, ruleById } from './rules/index.js'
export type { Report, ReportedFinding, Rule, RuleDocs, RuleMeta } from './rules/types.js'
export {
  type BulwarkConfig,
  BulwarkConfigError,
  parseBaseline,
  parseConfig,
  type Suppressed,
} from './suppress/index.js'
export { VERSION } from './version.js'
