import type { AuditResult } from '../audit.js'

/**
 * The JSON report: `{ version, root, findings, suppressed, errors }`, with `file` relative to
 * the audited folder and lines from 1. It doubles as a baseline file (`--baseline`).
 *
 * @example
 * process.stdout.write(formatJson(audit('.')))
 */
export function formatJson(result: AuditResult): string {
  return `${JSON.stringify(
    {
      version: result.version,
      root: result.root,
      findings: result.findings,
      suppressed: result.suppressed,
      errors: result.errors,
    },
    null,
    2,
  )}\n`
}
