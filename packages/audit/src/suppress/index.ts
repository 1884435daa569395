import type { Finding } from '../findings.js'
import { at, entries, list, str } from '../load/tree.js'
import type { Project } from '../model/types.js'
import { suppressionWithoutReason } from '../rules/suppression-without-reason.js'
import type { Rule } from '../rules/types.js'
import type { BulwarkConfig } from './config.js'
import { findInlineSuppressions } from './inline.js'

export { type Baseline, parseBaseline } from './baseline.js'
export { type BulwarkConfig, BulwarkConfigError, normalizeRoute, parseConfig } from './config.js'
export { findInlineSuppressions, type InlineSuppression } from './inline.js'

import type { Baseline } from './baseline.js'

export type SuppressionKind = 'inline' | 'metadata' | 'config' | 'public-route' | 'baseline'

/** A finding that a suppression accepted, with the suppression's reason. */
export interface Suppressed extends Finding {
  readonly suppression: {
    readonly kind: SuppressionKind
    readonly reason: string
    /** Where the suppression is written (absent for the baseline). */
    readonly file?: string
    readonly line?: number
  }
}

export interface SuppressionSources {
  readonly config?: BulwarkConfig
  readonly baseline?: Baseline
}

interface Candidate {
  readonly kind: SuppressionKind
  readonly reason: string
  readonly file: string
  readonly line: number
  readonly column: number
  readonly rules: readonly string[]
  matches(finding: Finding, subject: string | undefined): boolean
}

/**
 * Splits findings into reported and suppressed. Suppressions come from inline
 * `bulwark-ignore` comments, CloudFormation `Metadata.bulwark.ignore`, bulwark.config.json
 * (`ignore`, `publicRoutes`) and a baseline. One without a reason, or naming no known rule,
 * suppresses nothing and becomes a `suppression-without-reason` finding.
 *
 * @example
 * const { findings, suppressed } = applySuppressions(project, raw, RULES, { config })
 */
export function applySuppressions(
  project: Project,
  raw: readonly { finding: Finding; subject?: string }[],
  rules: readonly Rule[],
  sources: SuppressionSources,
): { findings: Finding[]; suppressed: Suppressed[]; errors: { message: string; file?: string }[] } {
  const known = new Set(rules.map((r) => r.meta.id))
  const candidates: Candidate[] = [
    ...inlineCandidates(project),
    ...metadataCandidates(project),
    ...configCandidates(sources.config),
  ]
  const findings: Finding[] = []
  const suppressed: Suppressed[] = []
  const invalid = candidates.filter(
    (c) => c.reason === '' || c.rules.some((r) => !known.has(r)) || c.rules.length === 0,
  )
  const valid = candidates.filter((c) => !invalid.includes(c))
  const baseline = [...(sources.baseline?.findings ?? [])]

  for (const { finding, subject } of raw) {
    const by = valid.find((c) => c.rules.includes(finding.rule) && c.matches(finding, subject))
    if (by !== undefined) {
      suppressed.push({
        ...finding,
        suppression: {
          kind: by.kind,
          reason: by.reason,
          file: by.file,
          ...(by.line > 0 ? { line: by.line } : {}),
        },
      })
      continue
    }
    const index = baseline.findIndex(
      (b) => b.rule === finding.rule && b.file === finding.file && b.message === finding.message,
    )
    if (index >= 0) {
      baseline.splice(index, 1)
      suppressed.push({
        ...finding,
        suppression: { kind: 'baseline', reason: 'accepted in the baseline' },
      })
      continue
    }
    findings.push(finding)
  }
  const meta = suppressionWithoutReason.meta
  for (const c of invalid) {
    const unknownRules = c.rules.filter((r) => !known.has(r))
    const message =
      c.rules.length === 0
        ? `${describe(c.kind)} names no rule: write \`bulwark-ignore RULE_ID: reason\``
        : unknownRules.length > 0
          ? `${describe(c.kind)} names unknown rule ${unknownRules.join(', ')}: it suppresses nothing`
          : `${describe(c.kind)} for ${c.rules.join(', ')} has no reason: it suppresses nothing`
    findings.push({
      rule: meta.id,
      category: meta.category,
      severity: meta.severity,
      message,
      file: c.file,
      line: c.line,
      column: c.column,
      practice: meta.practice,
      owasp: meta.owasp,
      fix: meta.docs.fix,
    })
  }
  return { findings, suppressed, errors: [] }
}

function describe(kind: SuppressionKind): string {
  switch (kind) {
    case 'inline':
      return 'bulwark-ignore comment'
    case 'metadata':
      return 'Metadata.bulwark.ignore entry'
    case 'public-route':
      return 'bulwark.config.json publicRoutes entry'
    default:
      return 'bulwark.config.json ignore entry'
  }
}

function inlineCandidates(project: Project): Candidate[] {
  const files = new Set<string>()
  for (const service of project.services) files.add(service.file)
  for (const problem of project.problems) files.add(problem.span.file)
  const out: Candidate[] = []
  for (const file of files) {
    const text = project.textOf(file)
    if (text === undefined) continue
    for (const s of findInlineSuppressions(file, text)) {
      out.push({
        kind: 'inline',
        reason: s.reason,
        file,
        line: s.line,
        column: s.column,
        rules: s.rules,
        matches: (f) => f.file === file && f.line >= s.from && f.line <= s.to,
      })
    }
  }
  // Files included with ${file()} and handler sources carry their own comments.
  for (const file of project.files) {
    if (files.has(file)) continue
    const text = project.textOf(file)
    if (text === undefined) continue
    for (const s of findInlineSuppressions(file, text)) {
      out.push({
        kind: 'inline',
        reason: s.reason,
        file,
        line: s.line,
        column: s.column,
        rules: s.rules,
        matches: (f) => f.file === file && f.line >= s.from && f.line <= s.to,
      })
    }
  }
  return out
}

/** `Metadata: { bulwark: { ignore: [{ rule, reason }] | ['rule: reason'] | { rule: reason } } }`. */
function metadataCandidates(project: Project): Candidate[] {
  const out: Candidate[] = []
  for (const service of project.services) {
    for (const resource of service.resources) {
      const ignore = at(resource.node, 'Metadata', 'bulwark', 'ignore')
      if (ignore === undefined) continue
      const items: { rule: string; reason: string; line: number; column: number }[] = []
      if (ignore.kind === 'map') {
        for (const e of entries(ignore)) {
          items.push({
            rule: e.key,
            reason: str(e.value) ?? '',
            line: e.keySpan.line,
            column: e.keySpan.column,
          })
        }
      } else {
        for (const item of list(ignore)) {
          const text = str(item)
          if (text !== undefined) {
            const colon = text.indexOf(':')
            items.push({
              rule: (colon < 0 ? text : text.slice(0, colon)).trim(),
              reason: colon < 0 ? '' : text.slice(colon + 1).trim(),
              line: item.span.line,
              column: item.span.column,
            })
          } else {
            items.push({
              rule: str(at(item, 'rule')) ?? str(at(item, 'id')) ?? '',
              reason: str(at(item, 'reason')) ?? '',
              line: item.span.line,
              column: item.span.column,
            })
          }
        }
      }
      const { file, line: from, endLine: to } = resource.span
      for (const item of items) {
        out.push({
          kind: 'metadata',
          reason: item.reason,
          file,
          line: item.line,
          column: item.column,
          rules: item.rule === '' ? [] : [item.rule],
          matches: (f) => f.file === file && f.line >= from && f.line <= to,
        })
      }
    }
  }
  return out
}

function configCandidates(config: BulwarkConfig | undefined): Candidate[] {
  if (config === undefined) return []
  const out: Candidate[] = []
  for (const entry of config.ignore) {
    const fileMatches = globMatcher(entry.file)
    out.push({
      kind: 'config',
      reason: entry.reason,
      file: 'bulwark.config.json',
      line: 0,
      column: 0,
      rules: [entry.rule],
      matches: (f, subject) =>
        fileMatches(f.file) &&
        (entry.function === undefined || f.function === entry.function) &&
        (entry.subject === undefined || subject === entry.subject),
    })
  }
  for (const entry of config.publicRoutes) {
    const fileMatches = globMatcher(entry.file)
    out.push({
      kind: 'public-route',
      reason: entry.reason,
      file: 'bulwark.config.json',
      line: 0,
      column: 0,
      rules: ['missing-auth'],
      matches: (f, subject) => fileMatches(f.file) && subject === entry.route,
    })
  }
  return out
}

function globMatcher(pattern: string | undefined): (file: string) => boolean {
  if (pattern === undefined) return () => true
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('**', '\u0000')
      .replaceAll('*', '[^/]*')
      .replaceAll('\u0000', '.*')}$`,
  )
  return (file) => re.test(file)
}
