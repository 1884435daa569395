import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { Severity } from '../../findings.js'
import { createCodeAnalyzer } from '../analyzer.js'
import { memoryHost } from '../host.js'
import type { CodeRule, RouteContext } from '../rule.js'
import type { Files } from './analyze.js'

/** One case: code (a single `handler.<ext>` file) or several files, and the handler to follow. */
export interface RuleCase {
  readonly name: string
  /** The handler file's source; the file is `handler.js` unless `file` says otherwise. */
  readonly code?: string
  readonly file?: string
  readonly files?: Files
  /** As a template writes it; `<file without extension>.handler` by default. */
  readonly handler?: string | false
  readonly routes?: readonly RouteContext[]
  readonly dependencies?: Readonly<Record<string, string>>
}

export interface InvalidCase extends RuleCase {
  readonly findings: readonly {
    readonly line: number
    readonly column: number
    readonly severity?: Severity
    readonly file?: string
  }[]
}

function run(rule: CodeRule, c: RuleCase) {
  const file = c.file ?? 'handler.js'
  const files: Files = c.files ?? { [file]: c.code ?? '' }
  const analyzer = createCodeAnalyzer({
    root: '/virtual',
    host: memoryHost(files),
    rules: [rule],
    ...(c.dependencies ? { dependencies: c.dependencies } : {}),
  })
  const handler =
    c.handler ?? `${(c.files ? Object.keys(files)[0] : file)?.replace(/\.[^.]+$/, '')}.handler`
  if (handler) {
    const report = analyzer.analyzeHandler({
      handler,
      functionName: 'fn',
      ...(c.routes ? { routes: c.routes } : {}),
    })
    assert.ok(report.resolved, `handler ${handler} should resolve`)
  }
  analyzer.analyzeFiles(Object.keys(files))
  return analyzer.findings()
}

/**
 * Runs a rule's table: every `valid` case reports nothing, every `invalid` case reports exactly the
 * listed positions (and severities, when given).
 *
 * @example
 * ruleTable(evalInjection, { valid: [{ name: 'constant', code: "eval('1+1')" }], invalid: [...] })
 */
export function ruleTable(
  rule: CodeRule,
  table: { valid: readonly RuleCase[]; invalid: readonly InvalidCase[] },
): void {
  describe(rule.meta.id, () => {
    for (const c of table.valid) {
      it(`valid: ${c.name}`, () => {
        const findings = run(rule, c)
        assert.deepEqual(
          findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.message}`),
          [],
        )
      })
    }
    for (const c of table.invalid) {
      it(`invalid: ${c.name}`, () => {
        const findings = run(rule, c)
        const defaultFile = c.file ?? (c.files ? undefined : 'handler.js')
        assert.deepEqual(
          findings.map((f) => ({
            file: f.file,
            line: f.line,
            column: f.column,
            ...(c.findings.some((e) => e.severity) ? { severity: f.severity } : {}),
          })),
          c.findings.map((e) => ({
            file: e.file ?? defaultFile ?? Object.keys(c.files ?? {})[0],
            line: e.line,
            column: e.column,
            ...(c.findings.some((x) => x.severity)
              ? { severity: e.severity ?? rule.meta.severity }
              : {}),
          })),
        )
        for (const f of findings) {
          assert.equal(f.category, rule.meta.category)
          assert.ok(f.message.length > 10)
        }
      })
    }
  })
}
