import { type GuardResponse, STATUS_TEXT } from '../../core/response.js'

/**
 * The body as Lambda proxy integrations expect it: text as is, bytes in base64. A body is text,
 * bytes or absent, so only bytes are an object: `typeof body === 'object'` is `isBase64Encoded`.
 */
export function encodeBody(body: GuardResponse['body']): string {
  if (typeof body === 'object') {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64')
  }
  return body ?? ''
}

/** Every header as a list, for integrations that were invoked with multi-value headers. */
export function multiValueHeaders(headers: GuardResponse['headers']): Record<string, string[]> {
  const multi: Record<string, string[]> = {}
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string | readonly string[]
    multi[name] = typeof value === 'string' ? [value] : [...value]
  }
  return multi
}

/**
 * One value per header. Repeated headers are joined with `, `, except Set-Cookie, which cannot be
 * joined and keeps its last value; shapes that carry cookies separately take them out first.
 */
export function singleValueHeaders(
  headers: GuardResponse['headers'],
  skip?: string,
): Record<string, string> {
  // Most responses have no repeated header: hand the object over without copying it.
  let needsCopy = skip !== undefined && headers[skip] !== undefined
  for (const name in headers) if (typeof headers[name] !== 'string') needsCopy = true
  if (!needsCopy) return headers as Record<string, string>
  const single: Record<string, string> = {}
  for (const name of Object.keys(headers)) {
    if (name === skip) continue
    const value = headers[name] as string | readonly string[]
    single[name] =
      typeof value === 'string'
        ? value
        : name === 'set-cookie'
          ? (value[value.length - 1] ?? '')
          : value.join(', ')
  }
  return single
}

export function statusDescription(status: number): string {
  return `${status} ${STATUS_TEXT[status] ?? 'Unknown'}`
}
