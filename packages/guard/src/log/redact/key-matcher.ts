import { keyWords, WORD_TERM_MAX_LENGTH } from './key-terms.js'

/** Decides whether a key names a sensitive value. Compiled once; answers are cached per key. */
export type KeyMatcher = (key: string) => boolean

const CACHE_LIMIT = 4096

/**
 * Compiles key terms into one matcher: one regular expression over the separator-free lower-cased
 * key for the long terms, a set of words for the short ones. Keys repeat from line to line, so
 * each answer is cached (bounded, so random keys cannot grow it without limit).
 *
 * @example
 * const sensitive = compileKeyMatcher(['password', 'api_key', 'ssn'], [])
 * sensitive('X-Api-Key') // true
 * sensitive('classname') // false
 */
export function compileKeyMatcher(
  terms: readonly string[],
  exceptKeys: readonly string[],
): KeyMatcher {
  const substrings: string[] = []
  const words = new Set<string>()
  for (const term of terms) {
    const normalized = keyWords(term).join('')
    if (normalized === '') continue
    if (normalized.length <= WORD_TERM_MAX_LENGTH) words.add(normalized)
    else substrings.push(normalized)
  }
  const except = new Set(exceptKeys.map((key) => keyWords(key).join('')))
  // Longest first, so the alternation reports the most specific term (only matters for debugging).
  substrings.sort((a, b) => b.length - a.length)
  const substring = substrings.length === 0 ? undefined : new RegExp(substrings.join('|'))

  const classify = (key: string): boolean => {
    const parts = keyWords(key)
    const normalized = parts.join('')
    if (except.has(normalized)) return false
    if (substring?.test(normalized)) return true
    for (const part of parts) if (words.has(part)) return true
    return false
  }

  const cache = new Map<string, boolean>()
  return (key) => {
    let answer = cache.get(key)
    if (answer === undefined) {
      answer = classify(key)
      if (cache.size >= CACHE_LIMIT) cache.clear()
      cache.set(key, answer)
    }
    return answer
  }
}
