import type { Span } from './tree.js'

/**
 * What kept part of a project from being read. Loaders collect these instead of throwing, so one
 * malformed file never stops the audit of the rest; the `config-unreadable` rule turns each into
 * a finding with its position.
 */
export interface LoadProblem {
  readonly kind: 'parse-error' | 'refused-path' | 'not-static' | 'unreadable'
  readonly message: string
  readonly span: Span
}
