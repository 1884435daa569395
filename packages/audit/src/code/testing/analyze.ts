import type { Finding } from '../../findings.js'
import { createCodeAnalyzer } from '../analyzer.js'
import { memoryHost } from '../host.js'
import type { RouteContext } from '../rule.js'

/** A project in memory: file name → source. */
export type Files = Readonly<Record<string, string>>

/**
 * Analyzes an in-memory project: its handler (when given) and every file, as `bulwark audit` does.
 * The handler defaults to `handler.handler`, the usual template default.
 */
export function analyzeProject(
  files: Files,
  options: {
    handler?: string | false
    routes?: readonly RouteContext[]
    functionName?: string
  } = {},
): Finding[] {
  const analyzer = createCodeAnalyzer({ root: '/virtual', host: memoryHost(files) })
  const handler = options.handler ?? defaultHandler(files)
  if (handler) {
    analyzer.analyzeHandler({
      handler,
      functionName: options.functionName ?? 'fn',
      ...(options.routes ? { routes: options.routes } : {}),
    })
  }
  analyzer.analyzeFiles(Object.keys(files))
  return analyzer.findings()
}

function defaultHandler(files: Files): string | false {
  const first = Object.keys(files)[0]
  if (first === undefined) return false
  return `${first.replace(/\.[^.]+$/, '')}.handler`
}

/** The findings as `rule line:column` strings, for compact assertions. */
export function summarize(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule} ${f.line}:${f.column}`)
}
