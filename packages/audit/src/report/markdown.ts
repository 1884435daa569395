import type { AuditResult } from '../audit.js'
import { countByPractice, countBySeverity, SEVERITY_ORDER } from './shared.js'
import { summary } from './text.js'

const ICON = { critical: '🟣', high: '🔴', medium: '🟠', low: '🔵' } as const

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ')
    .replace(/</g, '&lt;')
}

/**
 * The Markdown report for CI job summaries (`>> $GITHUB_STEP_SUMMARY`) and pull-request
 * comments: the counts by severity and practice, then one table row per finding.
 *
 * @example
 * appendFileSync(process.env.GITHUB_STEP_SUMMARY, formatMarkdown(audit('.')))
 */
export function formatMarkdown(result: AuditResult): string {
  const counts = countBySeverity(result.findings)
  const lines = [
    '## Bulwark audit',
    '',
    `${summary(result)}.`,
    '',
    '| Severity | Findings |',
    '| --- | ---: |',
    ...SEVERITY_ORDER.map((s) => `| ${ICON[s]} ${s} | ${counts[s]} |`),
    '',
  ]
  if (result.findings.length > 0) {
    lines.push(
      '### By practice',
      '',
      '| Practice | Critical | High | Medium | Low |',
      '| --- | ---: | ---: | ---: | ---: |',
    )
    for (const p of countByPractice(result.findings)) {
      lines.push(
        `| ${cell(p.practice)} | ${p.counts.critical} | ${p.counts.high} | ${p.counts.medium} | ${p.counts.low} |`,
      )
    }
    lines.push(
      '',
      '### Findings',
      '',
      '| Severity | Rule | Where | Finding | Fix |',
      '| --- | --- | --- | --- | --- |',
    )
    for (const f of result.findings) {
      lines.push(
        `| ${ICON[f.severity]} ${f.severity} | \`${f.rule}\` | \`${cell(f.file)}:${f.line}\` | ${cell(f.message)} | ${cell(f.fix)} |`,
      )
    }
    lines.push('')
  }
  if (result.suppressed.length > 0) {
    lines.push(
      '<details><summary>Suppressed findings</summary>',
      '',
      '| Rule | Where | Reason |',
      '| --- | --- | --- |',
    )
    for (const f of result.suppressed) {
      lines.push(
        `| \`${f.rule}\` | \`${cell(f.file)}:${f.line}\` | ${cell(f.suppression.reason)} |`,
      )
    }
    lines.push('', '</details>', '')
  }
  for (const e of result.errors) lines.push(`> **Error:** ${cell(e.message)}`, '')
  return `${lines.join('\n')}\n`
}
