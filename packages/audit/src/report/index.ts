import type { AuditResult } from '../audit.js'
import { formatJson } from './json.js'
import { formatText } from './text.js'

export const REPORT_FORMATS = ['text', 'json'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]

/**
 * Renders an audit result in one of the report formats.
 *
 * @example
 * writeFileSync('bulwark.sarif', formatReport(result, 'sarif', { color: false }))
 */
export function formatReport(
  result: AuditResult,
  format: ReportFormat,
  options: { color: boolean },
): string {
  switch (format) {
    case 'json':
      return formatJson(result)
    default:
      return formatText(result, options)
  }
}

export { formatJson } from './json.js'
export { formatText, summary } from './text.js'
