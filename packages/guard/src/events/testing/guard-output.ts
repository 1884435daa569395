// A guard whose log, audit and metric lines are kept for the test to read.
import { createGuard, type GuardConfig } from '../../guard.js'

export type Line = Record<string, unknown>

export function guardWithOutput(config: Omit<GuardConfig, 'log'> = {}) {
  const lines: string[] = []
  const guard = createGuard({ log: { write: (line) => void lines.push(line) }, ...config })
  const parsed = (): Line[] => lines.map((line) => JSON.parse(line) as Line)
  return {
    guard,
    lines,
    parsed,
    /** Audit lines, of one type if given. */
    audit: (type?: string) =>
      parsed().filter((line) => line.audit === true && (type === undefined || line.type === type)),
    /** Log lines (not audit, not metrics), of one level if given. */
    logs: (level?: string) =>
      parsed().filter(
        (line) => typeof line.level === 'string' && (level === undefined || line.level === level),
      ),
    metrics: () => parsed().filter((line) => line._aws !== undefined),
    clear: () => {
      lines.length = 0
    },
  }
}
