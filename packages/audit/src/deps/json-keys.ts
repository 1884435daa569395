/**
 * Offsets of object keys in JSON text, by path (`['dependencies', 'express']`), found in one pass
 * without building the values: enough to put a line and column on a finding about a package.json or
 * a lockfile entry. Text that is not valid JSON yields what was found before the error.
 *
 * @example
 * jsonKeyOffsets('{"a":{"b":1}}', 2).get('a\u0000b') // 6
 */
export function jsonKeyOffsets(text: string, maxDepth: number): Map<string, number> {
  const out = new Map<string, number>()
  const path: string[] = []
  // For each open container: is it an object, and are we before a key (true) or a value (false)?
  const stack: Array<{ object: boolean; expectKey: boolean }> = []
  let i = 0
  const n = text.length
  while (i < n) {
    const ch = text.charCodeAt(i)
    if (ch === 0x22) {
      const start = i
      i++
      let key = ''
      let segment = i
      while (i < n) {
        const c = text.charCodeAt(i)
        if (c === 0x5c) {
          key += text.slice(segment, i)
          const next = text[i + 1] ?? ''
          key +=
            next === 'n'
              ? '\n'
              : next === 't'
                ? '\t'
                : next === 'u'
                  ? String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16) || 0)
                  : next
          i += next === 'u' ? 6 : 2
          segment = i
          continue
        }
        if (c === 0x22) break
        i++
      }
      key += text.slice(segment, i)
      i++
      const top = stack[stack.length - 1]
      if (top?.object && top.expectKey) {
        top.expectKey = false
        path.length = stack.length
        path[stack.length - 1] = key
        if (stack.length <= maxDepth) out.set(path.slice(0, stack.length).join('\u0000'), start)
      }
      continue
    }
    if (ch === 0x7b || ch === 0x5b) {
      stack.push({ object: ch === 0x7b, expectKey: ch === 0x7b })
    } else if (ch === 0x7d || ch === 0x5d) {
      stack.pop()
    } else if (ch === 0x2c) {
      const top = stack[stack.length - 1]
      if (top?.object) top.expectKey = true
    }
    i++
  }
  return out
}

/** Line starts of a text, for positions. */
export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return starts
}
