/**
 * The vocabulary every part of the auditor shares: a finding's categories and fields, exactly as
 * DESIGN.md and the JSON report name them.
 */

/** The `category` of every finding. */
export const CATEGORIES = [
  'iam-wildcard-action',
  'iam-wildcard-resource',
  'iam-admin-policy',
  'shared-role',
  'iam-over-privilege',
  'missing-lockfile',
  'risky-dependency',
  'secret-in-env',
  'hardcoded-secret',
  'unencrypted-storage',
  'insecure-transport',
  'sensitive-logging',
  'no-log-retention-or-alarms',
  'eval-or-code-injection',
  'command-injection',
  'sql-or-nosql-injection',
  'insecure-deserialization',
  'module-scope-user-data',
  'xss',
  'missing-auth',
  'api-key-only-mutation',
  'cookie-auth',
  'weak-jwt-verification',
  'cors-wildcard',
  'no-throttling-or-concurrency-limit',
  'old-runtime',
  'stale-function',
  'weak-crypto',
  'ssrf',
  'path-traversal',
  'other',
] as const

export type Category = (typeof CATEGORIES)[number]

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

/** `a` ranks at or above `b`: the test behind `--fail-on`. */
export function atLeast(a: Severity, b: Severity): boolean {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b)
}

/** One problem found, with where it is (file relative to the audited folder, line and column from 1). */
export interface Finding {
  readonly rule: string
  readonly category: Category
  readonly severity: Severity
  readonly message: string
  readonly file: string
  readonly line: number
  readonly column: number
  /** The practice of the serverless security guide that this breaks. */
  readonly practice: string
  /** OWASP Top 10 (2017) reference, such as `A5:2017-Broken Access Control`. */
  readonly owasp: string
  readonly fix: string
  /** The function the finding belongs to, when it belongs to one. */
  readonly function?: string
}
