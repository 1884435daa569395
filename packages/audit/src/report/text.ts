import type { AuditResult } from '../audit.js'
import { type Finding, SEVERITIES, type Severity } from '../findings.js'

export interface TextOptions {
  /** ANSI colours (off under NO_COLOR or when not writing to a terminal). */
  readonly color: boolean
}

const COLORS: Record<Severity | 'dim' | 'bold', [number, number]> = {
  critical: [35, 39],
  high: [31, 39],
  medium: [33, 39],
  low: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
}

/**
 * The terminal report: findings grouped by severity (most severe first), each with its
 * `file:line:column`, rule, message and fix, then a one-line summary.
 *
 * @example
 * process.stdout.write(formatText(audit('.'), { color: process.stdout.isTTY }))
 */
export function formatText(result: AuditResult, options: TextOptions): string {
  const paint = (style: keyof typeof COLORS, text: string) =>
    options.color ? `\u001b[${COLORS[style][0]}m${text}\u001b[${COLORS[style][1]}m` : text
  const lines: string[] = []
  for (const severity of [...SEVERITIES].reverse()) {
    const group = result.findings.filter((f) => f.severity === severity)
    if (group.length === 0) continue
    lines.push(paint(severity, paint('bold', `${severity.toUpperCase()} (${group.length})`)))
    for (const f of group) lines.push(...formatFinding(f, paint))
    lines.push('')
  }
  for (const error of result.errors) lines.push(paint('high', `error: ${error.message}`))
  if (result.errors.length > 0) lines.push('')
  lines.push(summary(result))
  return `${lines.join('\n')}\n`
}

function formatFinding(
  f: Finding,
  paint: (style: keyof typeof COLORS, text: string) => string,
): string[] {
  return [
    `  ${paint('bold', `${f.file}:${f.line}:${f.column}`)}  ${paint('dim', f.rule)}`,
    `    ${f.message}`,
    // A fix that carries a policy statement keeps its lines under the finding.
    `    ${paint('dim', `fix: ${f.fix.replaceAll('\n', '\n         ')}`)}`,
  ]
}

/** `5 findings (1 critical, 2 high, 2 medium) in 2 services, 12 functions; 1 suppressed`. */
export function summary(result: AuditResult): string {
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => [s, result.findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${s}`)
  const total = result.findings.length
  const head =
    total === 0 ? 'No findings' : `${total} finding${total === 1 ? '' : 's'} (${counts.join(', ')})`
  const scope = `${result.audited.services} service${result.audited.services === 1 ? '' : 's'}, ${result.audited.functions} function${result.audited.functions === 1 ? '' : 's'}`
  const suppressed =
    result.suppressed.length === 0 ? '' : `; ${result.suppressed.length} suppressed`
  return `${head} in ${scope}${suppressed}`
}
