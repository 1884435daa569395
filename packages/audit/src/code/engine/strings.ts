import { deriveTaint, joinTaint, type Taint, UNKNOWN, type Value } from '../values.js'

/** Constant text that reads as SQL: what makes a concatenation a query being built. */
const SQL_TEXT =
  /\b(?:select\b[\s\S]*\bfrom|insert\s+into|update\s+[\w."`[\]]+\s+set|delete\s+from|where\s+[\w."`[\]]+\s*(?:=|<|>|like|in\b|!=)|values\s*\(|order\s+by|group\s+by|drop\s+table|create\s+table|alter\s+table|union\s+select|and\s+[\w."`]+\s*=|or\s+[\w."`]+\s*=)/i

/** Constant text that reads as HTML markup. */
const HTML_TEXT = /<\/?[a-zA-Z][\w-]*(?:\s[^<>]*)?\/?>|<!doctype/i

/** A URL prefix that fixes the scheme and host: the rest of the string cannot change the server. */
const FIXED_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+[/?#]/i

/**
 * Whether constant text looks like SQL, for a query built by concatenation.
 *
 * @example
 * looksLikeSql("SELECT * FROM users WHERE id = '") // true
 */
export function looksLikeSql(text: string): boolean {
  return SQL_TEXT.test(text)
}

/** Whether constant text holds HTML markup. */
export function looksLikeHtml(text: string): boolean {
  return HTML_TEXT.test(text)
}

/**
 * The value of a concatenation or template literal: a constant when every part is, the joined
 * taint of the parts (a string, so no longer an object), and what the constant text says it is.
 *
 * @example
 * concatValues([{ str: 'SELECT * FROM t WHERE id = ' }, { taint }]) // { taint, sql: true }
 */
export function concatValues(parts: readonly Value[]): Value {
  let str: string | undefined = ''
  let taint: Taint | undefined
  let sql = false
  let html = false
  let random = false
  let prefix = ''
  let prefixOpen = true
  for (const part of parts) {
    if (prefixOpen) {
      const text = part.str ?? part.prefix
      if (text !== undefined) prefix += text
      if (part.str === undefined) prefixOpen = false
    }
    const text = part.str ?? (part.lit !== undefined ? String(part.lit) : undefined)
    if (str !== undefined) str = text === undefined ? undefined : str + text
    if (part.taint)
      taint = joinTaint(
        taint,
        deriveTaint(part.taint, { objectCapable: false, whole: part.taint.whole }),
      )
    if (part.sql || (part.str !== undefined && looksLikeSql(part.str))) sql = true
    if (part.html || (part.str !== undefined && looksLikeHtml(part.str))) html = true
    if (part.random) random = true
  }
  if (str !== undefined) {
    const out: { str: string; sql?: boolean; html?: boolean } = { str }
    if (sql) out.sql = true
    if (html) out.html = true
    return out
  }
  const out: { -readonly [K in keyof Value]: Value[K] } = {}
  if (taint) out.taint = taint
  if (sql) out.sql = true
  if (html) out.html = true
  if (random) out.random = true
  if (prefix !== '') out.prefix = prefix
  const first = parts[0] ?? UNKNOWN
  if (
    first.fixedHost ||
    (!first.taint && (first.str === undefined ? !first.random : FIXED_HOST.test(first.str)))
  ) {
    out.fixedHost = true
  }
  return out
}
