import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { type AuditOptions, type AuditResult, audit } from '../audit.js'
import type { Finding } from '../findings.js'
import type { Rule } from '../rules/types.js'

/** A fixed audit date, so runtime deprecation tests do not change meaning over time. */
export const TEST_NOW = new Date('2026-09-01T00:00:00Z')

/**
 * Writes `files` (path → text) into a fresh temporary folder, runs `fn` on it, and removes it.
 *
 * @example
 * withProject({ 'serverless.yml': 'service: x' }, (dir) => audit(dir))
 */
export function withProject<T>(files: Readonly<Record<string, string>>, fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-audit-'))
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
    return fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Audits a project made of `files` with the given rules (all when absent). */
export function auditFiles(
  files: Readonly<Record<string, string>>,
  options: AuditOptions = {},
): AuditResult {
  return withProject(files, (dir) => audit(dir, { now: TEST_NOW, ...options }))
}

/** The findings one rule reports on a project made of `files` (suppressions applied). */
export function ruleFindings(rule: Rule, files: Readonly<Record<string, string>>): Finding[] {
  return auditFiles(files, { rules: [rule] }).findings.filter((f) => f.rule === rule.meta.id)
}

export interface RuleCase {
  readonly name: string
  readonly files: Readonly<Record<string, string>>
}

export interface InvalidRuleCase extends RuleCase {
  /** Expected findings, in report order (most severe first, then by position). */
  readonly findings: readonly {
    line: number
    column?: number
    severity?: Finding['severity']
    message?: RegExp
  }[]
}

/** A one-file serverless.yml project. */
export function sls(
  text: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { 'serverless.yml': text, ...extra }
}

/** A one-file SAM/CloudFormation project. */
export function template(
  text: string,
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return { 'template.yaml': text, ...extra }
}
