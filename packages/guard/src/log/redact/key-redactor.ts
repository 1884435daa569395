import { compileKeyMatcher, type KeyMatcher } from './key-matcher.js'
import { DEFAULT_KEY_TERMS } from './key-terms.js'
import type { Redactor } from './redactor.js'
import { MIN_EMBEDDED_SECRET_LENGTH, registeredSecrets } from './secret-registry.js'

const CENSOR = '[REDACTED]'
const MAX_DEPTH = 12
const MAX_ITEMS = 200
const MAX_STRING_LENGTH = 8192

/**
 * The core guard's redactor: values under sensitive keys (`password`, `authorization`, `apiKey`,
 * … the same terms as the full redactor), registered secrets and the request's own credentials
 * are removed; free text is not scanned for secret formats (tokens, keys, card numbers), which is
 * what keeps the core guard's bundle small. Bounded like the full one: depth, items, string length.
 *
 * @example
 * keyRedactor().value({ user: 'bob', password: 'hunter2' }) // { user: 'bob', password: '[REDACTED]' }
 */
export function keyRedactor(): Redactor {
  return KEY_REDACTOR
}

// Module-level functions, not closures made per call: the guard is created at import time, and a
// function is compiled on its first call only, which for these is the first line logged.
let sensitive: KeyMatcher | undefined

function isSensitiveKey(key: string): boolean {
  sensitive ??= compileKeyMatcher(DEFAULT_KEY_TERMS, [])
  return sensitive(key)
}

function redactString(text: string, secrets: readonly string[] = []): string {
  let out =
    text.length > MAX_STRING_LENGTH ? `${text.slice(0, MAX_STRING_LENGTH)}…[truncated]` : text
  // Every string of every line passes here: the two lists are walked, not copied into one.
  for (const list of [secrets, registeredSecrets()]) {
    for (const secret of list) {
      if (out === secret) return CENSOR
      if (secret.length >= MIN_EMBEDDED_SECRET_LENGTH) out = out.replaceAll(secret, CENSOR)
    }
  }
  return out
}

function walk(value: unknown, depth: number, seen: object[], secrets?: readonly string[]): unknown {
  if (typeof value === 'string') return redactString(value, secrets)
  if (typeof value === 'bigint' || typeof value === 'symbol') return String(value)
  if (typeof value === 'function') return '[Function]'
  if (value === null || typeof value !== 'object') return value
  // Bytes are never written (a Buffer's toJSON would spell them out): they are as likely to be
  // a key or a body as anything readable.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return `[${value.constructor.name} ${value.byteLength} bytes]`
  }
  if (depth >= MAX_DEPTH) return '[Depth]'
  if (seen.includes(value)) return '[Circular]'
  seen.push(value)
  try {
    if (Array.isArray(value)) {
      return value.slice(0, MAX_ITEMS).map((item) => walk(item, depth + 1, seen, secrets))
    }
    const record = value as Record<string, unknown>
    if (!(value instanceof Error) && typeof record.toJSON === 'function') {
      return walk(record.toJSON(), depth + 1, seen, secrets)
    }
    // An Error's name, message and stack are not own enumerable properties.
    const keys =
      value instanceof Error
        ? ['name', 'message', 'stack', ...Object.keys(value)]
        : Object.keys(value)
    // fromEntries defines own properties, so a `__proto__` key stays data.
    return Object.fromEntries(
      keys.slice(0, MAX_ITEMS).map((key) => {
        const child = record[key]
        const censored = child !== null && child !== undefined && isSensitiveKey(key)
        return [key, censored ? CENSOR : walk(child, depth + 1, seen, secrets)]
      }),
    )
  } catch {
    // A getter, proxy trap or toJSON that throws must not take the log line down with it.
    return '[Unreadable]'
  } finally {
    seen.pop()
  }
}

const KEY_REDACTOR: Redactor = {
  value: (input, secrets) => walk(input, 0, [], secrets),
  string: (text, secrets) => redactString(String(text), secrets),
  isSensitiveKey,
}
