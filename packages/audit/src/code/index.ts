/**
 * The code half of the auditor: parsing, handler entry points, taint from the event, and the code
 * rules. The rule registry calls `createCodeAnalyzer` once per project, `analyzeHandler` for each
 * function of the model and `analyzeFiles` for the project's sources; `CODE_RULES` lists the rules
 * with their docs for `bulwark rules` and SARIF.
 */
export {
  analyzeCodeFiles,
  analyzeHandler,
  type CodeAnalyzer,
  type CodeAnalyzerOptions,
  createCodeAnalyzer,
  type HandlerReport,
  type HandlerTarget,
  listSourceFiles,
} from './analyzer.js'
export type { AnalysisError } from './engine/interpreter.js'
export type { HandlerEntry } from './entry.js'
export { fsHost, memoryHost, type SourceHost } from './host.js'
export { type ParsedModule, type Position, parseModule, positionOf } from './parse.js'
export { resolveHandler, resolveImport, resolveSourceFile } from './resolve.js'
export type { CodeRule, RouteContext, RuleDocs, RuleMeta } from './rule.js'
export { CODE_RULES } from './rules/index.js'
