import type { Severity } from '../findings.js'
import { isRecord } from './lockfile.js'

/** One vulnerable package from `npm audit --json`. */
export interface AuditAdvisory {
  readonly name: string
  readonly severity: Severity
  readonly title: string
  readonly url?: string
  readonly range?: string
  readonly isDirect?: boolean
}

/** Thrown for text that is not `npm audit --json` output; the message says why. */
export class NpmAuditError extends Error {
  override readonly name = 'NpmAuditError'
}

const SEVERITY: Readonly<Record<string, Severity>> = {
  info: 'low',
  low: 'low',
  moderate: 'medium',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
}

/**
 * Reads `npm audit --json` output: the npm 7+ report (`vulnerabilities`) and the npm 6 one
 * (`advisories`). Packages that are vulnerable only through another package are folded into it.
 *
 * @example
 * parseNpmAudit(readFileSync('audit.json', 'utf8'))[0] // { name: 'lodash', severity: 'high', … }
 */
export function parseNpmAudit(text: string): AuditAdvisory[] {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new NpmAuditError(`npm audit output is not valid JSON: ${(error as Error).message}`)
  }
  if (!isRecord(data)) throw new NpmAuditError('npm audit output is not a JSON object')
  if (isRecord(data.error)) {
    const summary = typeof data.error.summary === 'string' ? data.error.summary : 'unknown error'
    throw new NpmAuditError(`npm audit failed: ${summary}`)
  }
  const out: AuditAdvisory[] = []
  if (isRecord(data.vulnerabilities)) {
    for (const [name, vuln] of Object.entries(data.vulnerabilities)) {
      if (!isRecord(vuln) || !Array.isArray(vuln.via)) continue
      for (const via of vuln.via) {
        if (!isRecord(via)) continue
        out.push({
          name,
          severity: SEVERITY[String(via.severity ?? vuln.severity)] ?? 'medium',
          title: typeof via.title === 'string' ? via.title : 'known vulnerability',
          ...(typeof via.url === 'string' ? { url: via.url } : {}),
          ...(typeof via.range === 'string'
            ? { range: via.range }
            : typeof vuln.range === 'string'
              ? { range: vuln.range }
              : {}),
          ...(typeof vuln.isDirect === 'boolean' ? { isDirect: vuln.isDirect } : {}),
        })
      }
    }
    return out
  }
  if (isRecord(data.advisories)) {
    for (const advisory of Object.values(data.advisories)) {
      if (!isRecord(advisory) || typeof advisory.module_name !== 'string') continue
      out.push({
        name: advisory.module_name,
        severity: SEVERITY[String(advisory.severity)] ?? 'medium',
        title: typeof advisory.title === 'string' ? advisory.title : 'known vulnerability',
        ...(typeof advisory.url === 'string' ? { url: advisory.url } : {}),
        ...(typeof advisory.vulnerable_versions === 'string'
          ? { range: advisory.vulnerable_versions }
          : {}),
      })
    }
    return out
  }
  throw new NpmAuditError('npm audit output has neither "vulnerabilities" nor "advisories"')
}
