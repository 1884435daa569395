/** One `bulwark-ignore` comment found in a file. */
export interface InlineSuppression {
  readonly file: string
  /** Line and column of the comment. */
  readonly line: number
  readonly column: number
  readonly rules: readonly string[]
  readonly reason: string
  /** The lines it covers: its own line, or the next line, plus that line's indented block. */
  readonly from: number
  readonly to: number
}

const MARKER = /(^|\s)(#|\/\/)\s*bulwark-ignore(?:-next-line)?\s+([^\n]*)$/

/**
 * Finds `# bulwark-ignore RULE[, RULE]: reason` (YAML) and `// bulwark-ignore RULE: reason`
 * (JS/TS) comments. A comment at the end of a line covers that line; a comment alone on its line
 * covers the next line. Either way the covered line's indented block comes with it, so a comment
 * above a function covers everything inside the function.
 *
 * @example
 * findInlineSuppressions('serverless.yml', '# bulwark-ignore missing-auth: health check\nhealth:\n  handler: h.main')
 * // [{ rules: ['missing-auth'], reason: 'health check', from: 2, to: 3, … }]
 */
export function findInlineSuppressions(file: string, text: string): InlineSuppression[] {
  if (!text.includes('bulwark-ignore')) return []
  const lines = text.split(/\r?\n/)
  const out: InlineSuppression[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string
    const match = MARKER.exec(line)
    if (match === null) continue
    const body = (match[3] as string).replace(/\s*(\*\/|-->)\s*$/, '').trim()
    const colon = body.indexOf(':')
    const ruleText = colon < 0 ? body : body.slice(0, colon)
    const reason = colon < 0 ? '' : body.slice(colon + 1).trim()
    const rules = ruleText
      .split(/[\s,]+/)
      .map((r) => r.trim())
      .filter((r) => r !== '')
    const commentStart = (match.index ?? 0) + (match[1] as string).length
    const alone = line.slice(0, commentStart).trim() === ''
    let target = i
    if (alone) {
      target = i + 1
      while (target < lines.length && isBlankOrComment(lines[target] as string)) target++
    }
    out.push({
      file,
      line: i + 1,
      column: commentStart + 1,
      rules,
      reason,
      from: i + 1,
      to: blockEnd(lines, Math.min(target, lines.length - 1)) + 1,
    })
  }
  return out
}

function isBlankOrComment(line: string): boolean {
  const t = line.trim()
  return t === '' || t.startsWith('#') || t.startsWith('//')
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length
}

/** The last line index of the block that starts at `start` (lines indented deeper than it). */
function blockEnd(lines: string[], start: number): number {
  const base = indentOf(lines[start] ?? '')
  let end = start
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] as string
    if (line.trim() === '') continue
    const indent = indentOf(line)
    // YAML list items under a key may sit at the key's own indentation.
    const listContinuation =
      indent === base &&
      line.trimStart().startsWith('- ') &&
      !(lines[start] ?? '').trimStart().startsWith('- ')
    if (indent <= base && !listContinuation) break
    end = i
  }
  return end
}
