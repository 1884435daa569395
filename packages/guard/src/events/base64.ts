// Strict: Buffer.from(text, 'base64') skips characters it does not know, so data that is not
// base64 at all would decode to something instead of being refused. A search for one bad
// character, not an anchored pattern over the whole text: V8 runs out of backtracking stack on
// a megabyte of input with the latter.
const NOT_BASE64 = /[^A-Za-z0-9+/]/
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * The bytes of canonical base64 (as Kinesis and DynamoDB send binary data), or `undefined` when
 * the text is not base64.
 *
 * @example
 * decodeBase64('aGk=') // Uint8Array [104, 105]
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0
  if (NOT_BASE64.test(padding === 0 ? text : text.slice(0, -padding))) return undefined
  // A copy of its own: a small Buffer is a view of a shared pool, whose `.buffer` would show
  // whatever else the process decoded to the code that receives it.
  return new Uint8Array(Buffer.from(text, 'base64'))
}

/**
 * UTF-8 text, or `undefined` for bytes that are not UTF-8 (never replacement characters).
 *
 * @example
 * decodeUtf8(new Uint8Array([104, 105])) // 'hi'
 */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}
