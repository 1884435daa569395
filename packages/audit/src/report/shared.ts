import type { AuditResult } from '../audit.js'
import { type Finding, SEVERITIES, type Severity } from '../findings.js'

/** Severities from most to least severe. */
export const SEVERITY_ORDER: readonly Severity[] = [...SEVERITIES].reverse()

/** How many findings of each severity. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { low: 0, medium: 0, high: 0, critical: 0 }
  for (const f of findings) counts[f.severity]++
  return counts
}

/** Findings per practice, each with its counts by severity, most findings first. */
export function countByPractice(
  findings: readonly Finding[],
): { practice: string; counts: Record<Severity, number>; total: number }[] {
  const byPractice = new Map<string, Finding[]>()
  for (const f of findings) byPractice.set(f.practice, [...(byPractice.get(f.practice) ?? []), f])
  return [...byPractice.entries()]
    .map(([practice, list]) => ({ practice, counts: countBySeverity(list), total: list.length }))
    .sort((a, b) => b.total - a.total || a.practice.localeCompare(b.practice))
}

export interface ExcerptLine {
  readonly number: number
  readonly text: string
  readonly highlight: boolean
}

/** The lines around a finding (two before, two after), when the file's text is available. */
export function excerpt(result: AuditResult, finding: Finding, around = 2): ExcerptLine[] {
  const text = result.project.textOf(finding.file) ?? result.project.readFile(finding.file)
  if (text === undefined) return []
  const lines = text.split(/\r?\n/)
  const from = Math.max(1, finding.line - around)
  const to = Math.min(lines.length, finding.line + around)
  const out: ExcerptLine[] = []
  for (let n = from; n <= to; n++) {
    out.push({ number: n, text: (lines[n - 1] ?? '').slice(0, 240), highlight: n === finding.line })
  }
  return out
}
