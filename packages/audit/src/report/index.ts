import type { AuditResult } from '../audit.js'
import { formatHtml } from './html.js'
import { formatJson } from './json.js'
import { formatMarkdown } from './markdown.js'
import { formatSarif } from './sarif.js'
import { formatText } from './text.js'

export const REPORT_FORMATS = ['text', 'json', 'sarif', 'html', 'markdown'] as const
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
    case 'sarif':
      return formatSarif(result)
    case 'html':
      return formatHtml(result)
    case 'markdown':
      return formatMarkdown(result)
    default:
      return formatText(result, options)
  }
}

export { escapeHtml, formatHtml } from './html.js'
export { formatJson } from './json.js'
export { formatMarkdown } from './markdown.js'
export { formatSarif } from './sarif.js'
export { formatText, summary } from './text.js'
