import { createHash } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import type { AuditResult } from '../audit.js'
import type { Finding, Severity } from '../findings.js'
import type { Rule } from '../rules/types.js'
import type { Suppressed } from '../suppress/index.js'

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
}

/** GitHub code scanning ranks security results by this score (0–10). */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
}

const ROOT = '%SRCROOT%'

function fingerprint(f: Finding): string {
  return createHash('sha256')
    .update(`${f.rule}\u0000${f.file}\u0000${f.message}`)
    .digest('hex')
    .slice(0, 32)
}

function ruleDescriptor(rule: Rule) {
  const { meta } = rule
  const markdown = `${meta.docs.what}\n\n**Why:** ${meta.docs.why}\n\n**Fix:** ${meta.docs.fix}\n\nBad:\n\n\`\`\`yaml\n${meta.docs.bad}\n\`\`\`\n\nGood:\n\n\`\`\`yaml\n${meta.docs.good}\n\`\`\``
  return {
    id: meta.id,
    name: meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) =>
      (c ?? '').toUpperCase(),
    ),
    shortDescription: { text: meta.title },
    fullDescription: { text: meta.docs.what },
    help: { text: `${meta.docs.what}\n\nWhy: ${meta.docs.why}\n\nFix: ${meta.docs.fix}`, markdown },
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: {
      category: meta.category,
      practice: meta.practice,
      owasp: meta.owasp,
      'security-severity': SECURITY_SEVERITY[meta.severity],
      tags: ['security', meta.category, meta.owasp],
    },
  }
}

function result(f: Finding | Suppressed, ruleIndex: Map<string, number>) {
  const suppression = 'suppression' in f ? f.suppression : undefined
  return {
    ruleId: f.rule,
    ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) as number } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message}. Fix: ${f.fix}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: {
            uri: f.file.split('/').map(encodeURIComponent).join('/'),
            uriBaseId: ROOT,
          },
          region: { startLine: f.line, startColumn: f.column },
        },
      },
    ],
    partialFingerprints: { 'bulwark/v1': fingerprint(f) },
    properties: {
      severity: f.severity,
      'security-severity': SECURITY_SEVERITY[f.severity],
      category: f.category,
      practice: f.practice,
      owasp: f.owasp,
      ...(f.function === undefined ? {} : { function: f.function }),
    },
    ...(suppression === undefined
      ? {}
      : {
          suppressions: [
            {
              kind: suppression.kind === 'inline' ? 'inSource' : 'external',
              status: 'accepted',
              justification: suppression.reason,
            },
          ],
        }),
  }
}

/**
 * The SARIF 2.1.0 report: one run, every rule with its help (what, why, fix, examples), every
 * finding with its location relative to `%SRCROOT%`, and suppressed findings marked as such.
 * GitHub code scanning and most CI security dashboards read it.
 *
 * @example
 * writeFileSync('bulwark.sarif', formatSarif(audit('.')))
 */
export function formatSarif(auditResult: AuditResult): string {
  const rules = auditResult.rules
  const ruleIndex = new Map(rules.map((r, i) => [r.meta.id, i]))
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bulwark',
            fullName: 'Bulwark serverless security auditor',
            version: auditResult.version,
            semanticVersion: auditResult.version,
            informationUri: 'https://www.npmjs.com/package/@bulwark/audit',
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [ROOT]: { uri: `${pathToFileURL(auditResult.root).href}/` } },
        results: [
          ...auditResult.findings.map((f) => result(f, ruleIndex)),
          ...auditResult.suppressed.map((f) => result(f, ruleIndex)),
        ],
        invocations: [
          {
            executionSuccessful: auditResult.errors.length === 0,
            toolExecutionNotifications: auditResult.errors.map((e) => ({
              level: 'error',
              message: { text: e.message },
              ...(e.rule === undefined ? {} : { descriptor: { id: e.rule } }),
            })),
          },
        ],
        columnKind: 'unicodeCodePoints',
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
