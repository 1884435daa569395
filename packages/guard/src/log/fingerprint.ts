/** Stack frames that identify where an error comes from; more only adds noise from callers. */
const FRAMES = 5

/**
 * A fingerprint for grouping errors: the same on every instance running the same code, and across
 * deploys that only move lines. Built from the error's name, its code and its top stack frames
 * reduced to function and file name — no message (it carries data), no line or column numbers,
 * no directories (they differ between machines).
 *
 * @example
 * errorFingerprint(new TypeError("Cannot read properties of undefined (reading 'id')")) // 'c4e1…' (16 hex digits)
 */
export function errorFingerprint(error: unknown): string {
  const name = error instanceof Error ? safeErrorName(error) : typeof error
  const code = errorCode(error) ?? ''
  const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : ''
  return stableHash(`${name}|${code}|${normalizedFrames(stack).join('|')}`)
}

/**
 * The top frames of a V8 stack as `function@file`, without paths, line and column numbers.
 *
 * @example
 * normalizedFrames('Error: x\n    at transfer (/var/task/handler.js:10:5)') // ['transfer@handler.js']
 */
export function normalizedFrames(stack: string): string[] {
  const frames: string[] = []
  for (const line of stack.split('\n')) {
    const match = /^\s+at (?:async )?(?:new )?(?:(.*?) \((.*)\)|(.*))$/.exec(line)
    if (match === null) continue
    const fn = match[1] ?? '<anonymous>'
    const location = match[2] ?? match[3] ?? ''
    frames.push(`${fn.replace(/\[as [^\]]*\]/, '').trim()}@${fileName(location)}`)
    if (frames.length === FRAMES) break
  }
  return frames
}

function fileName(location: string): string {
  const withoutPosition = location.replace(/(?::\d+)+$/, '').replace(/[?#].*$/, '')
  const slash = Math.max(withoutPosition.lastIndexOf('/'), withoutPosition.lastIndexOf('\\'))
  return withoutPosition.slice(slash + 1)
}

/**
 * The error's name when it looks like a class name (set by code, not data), else `Error`.
 *
 * @example
 * safeErrorName(new TypeError('x')) // 'TypeError'
 */
export function safeErrorName(error: Error): string {
  const name = error.name
  return typeof name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(name) ? name : 'Error'
}

/**
 * The error's `code` when it looks like one (`ERR_TIMEOUT`, `ECONNREFUSED`): a code says what went
 * wrong without carrying data, so it may go into alerts.
 *
 * @example
 * errorCode(Object.assign(new Error('x'), { code: 'ECONNRESET' })) // 'ECONNRESET'
 */
export function errorCode(error: unknown): string | undefined {
  const code =
    error !== null && typeof error === 'object' ? (error as { code?: unknown }).code : undefined
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,63}$/.test(code) ? code : undefined
}

/**
 * FNV-1a over UTF-16 code units with two 32-bit lanes: 16 hex digits, the same on every machine.
 * For grouping, not for secrecy.
 *
 * @example
 * stableHash('login-threshold|ip') // 16 hex digits
 */
export function stableHash(text: string): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ text.length
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    a = Math.imul(a ^ c, 0x01000193)
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13)
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0')
}
