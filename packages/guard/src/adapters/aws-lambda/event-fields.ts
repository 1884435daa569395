// Lambda events arrive as untyped JSON from whatever invoked the function; these readers never
// trust a field's type, so a malformed event becomes a 400, not an exception.

export type UnknownRecord = Readonly<Record<string, unknown>>

export function asRecord(value: unknown): UnknownRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as UnknownRecord)
    : undefined
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/**
 * Lower-cased header map from single-value and/or multi-value header objects. A plain object, not
 * a null-prototype one: V8 keeps those in slow dictionary mode, and the pipeline only ever reads
 * fixed header names from it.
 */
export function readHeaders(single: unknown, multi: unknown): Record<string, string> {
  const headers: Record<string, string> = {}
  const multiRecord = asRecord(multi)
  if (multiRecord !== undefined) {
    for (const name of Object.keys(multiRecord)) {
      const values = multiRecord[name]
      if (!Array.isArray(values)) continue
      for (const value of values) if (typeof value === 'string') addHeader(headers, name, value)
    }
    return headers
  }
  const singleRecord = asRecord(single)
  if (singleRecord === undefined) return headers
  // HTTP APIs and Function URLs send the names lower-cased already: then a copy is all it takes.
  if (isLowerCaseStringMap(singleRecord)) return { ...singleRecord } as Record<string, string>
  for (const name of Object.keys(singleRecord)) {
    const value = singleRecord[name]
    if (typeof value === 'string') addHeader(headers, name, value)
  }
  return headers
}

/** String values under lower-case names; `__proto__` takes the slow path, which drops it. */
function isLowerCaseStringMap(record: UnknownRecord): boolean {
  for (const name of Object.keys(record)) {
    if (typeof record[name] !== 'string' || hasUpperCase(name) || name === '__proto__') return false
  }
  return true
}

function hasUpperCase(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i)
    if ((code >= 65 && code <= 90) || code > 127) return true
  }
  return false
}

function addHeader(headers: Record<string, string>, rawName: string, value: string): void {
  // V8's toLowerCase hands back the string itself when it has nothing to lower: no check needed.
  const name = rawName.toLowerCase()
  const existing = headers[name]
  if (existing === undefined || !Object.hasOwn(headers, name)) headers[name] = value
  else headers[name] = `${existing}${name === 'cookie' ? '; ' : ', '}${value}`
}

/** Query values as lists, from multi-value and/or single-value objects. */
export function readQueryObjects(
  single: unknown,
  multi: unknown,
  decode: (value: string) => string,
): Record<string, string[]> {
  const query: Record<string, string[]> = Object.create(null)
  const multiRecord = asRecord(multi)
  if (multiRecord !== undefined) {
    for (const name of Object.keys(multiRecord)) {
      const values = multiRecord[name]
      if (!Array.isArray(values)) continue
      const strings = values.filter((v): v is string => typeof v === 'string').map(decode)
      if (strings.length > 0) query[decode(name)] = strings
    }
    return query
  }
  const singleRecord = asRecord(single)
  if (singleRecord !== undefined) {
    for (const name of Object.keys(singleRecord)) {
      const value = singleRecord[name]
      if (typeof value === 'string') query[decode(name)] = [decode(value)]
    }
  }
  return query
}

/** Query values as lists, from a raw `a=1&a=2` query string. */
export function readQueryString(raw: string): Record<string, string[]> {
  const query: Record<string, string[]> = Object.create(null)
  if (raw === '') return query
  for (const [name, value] of new URLSearchParams(raw)) {
    const values = query[name]
    if (values === undefined) query[name] = [value]
    else values.push(value)
  }
  return query
}

/** Path parameters as strings; anything else is dropped. */
export function readParams(value: unknown): Record<string, string> | undefined {
  const record = asRecord(value)
  if (record === undefined) return undefined
  const params: Record<string, string> = Object.create(null)
  for (const name of Object.keys(record)) {
    const v = record[name]
    if (typeof v === 'string') params[name] = v
  }
  return params
}

/** Percent-decoding that leaves malformed sequences as they are instead of throwing. */
export function decodeFormComponent(value: string): string {
  const spaced = value.includes('+') ? value.replace(/\+/g, ' ') : value
  if (!spaced.includes('%')) return spaced
  try {
    return decodeURIComponent(spaced)
  } catch {
    return spaced
  }
}

/**
 * The client address: the platform's peer address unless `trustedProxies` hops are declared in
 * front of it, in which case X-Forwarded-For is read from the right, one entry per trusted hop.
 * X-Forwarded-For is never trusted further than that, since any client can write it.
 */
export function clientIp(
  peer: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: number,
): string {
  if (trustedProxies === 0 || forwardedFor === undefined) return peer ?? 'unknown'
  const chain = forwardedFor
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
  if (peer !== undefined) chain.push(peer)
  const index = chain.length - 1 - trustedProxies
  return chain[Math.max(0, index)] ?? 'unknown'
}
