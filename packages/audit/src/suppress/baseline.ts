import { BulwarkConfigError } from './config.js'

/** The findings of an earlier `--format json` report, accepted as they are. */
export interface Baseline {
  readonly findings: readonly {
    readonly rule: string
    readonly file: string
    readonly message: string
  }[]
}

/**
 * Reads a baseline: any earlier `bulwark audit --format json` output. Findings are matched by
 * rule, file and message (not line), so a baseline survives edits above the finding.
 *
 * @example
 * const baseline = parseBaseline(readFileSync('bulwark-baseline.json', 'utf8'))
 */
export function parseBaseline(text: string, where = 'baseline'): Baseline {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new BulwarkConfigError(
      `${where} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  const findings = (value as { findings?: unknown } | null)?.findings
  if (!Array.isArray(findings)) {
    throw new BulwarkConfigError(
      `${where} has no "findings" list: use the output of \`bulwark audit --format json\``,
    )
  }
  return {
    findings: findings.map((f, i) => {
      const o = f as Record<string, unknown>
      if (
        typeof o?.rule !== 'string' ||
        typeof o.file !== 'string' ||
        typeof o.message !== 'string'
      ) {
        throw new BulwarkConfigError(`${where}: findings[${i}] needs string rule, file and message`)
      }
      return { rule: o.rule, file: o.file, message: o.message }
    }),
  }
}
