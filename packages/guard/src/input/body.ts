import { ErrorCode, GuardError } from '../core/errors.js'
import type { IncomingRequest } from '../core/request.js'
import { checkInputValue, type InputLimits } from './limits.js'

/** Body formats a route accepts. */
export type BodyFormat = 'json' | 'form'

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/
const FORM_TYPE = 'application/x-www-form-urlencoded'
// The first `; charset=` parameter, read without splitting the header into parameters.
const CHARSET_PARAMETER = /;\s*charset=([^;]*)/

/**
 * Reads the request body: size first (before any copy), then content type, then a parse that
 * refuses prototype keys, deep nesting and over-long strings. Returns `undefined` for no body.
 *
 * @example
 * const body = readBody(req, DEFAULT_LIMITS, ['json'])
 */
export function readBody(
  req: IncomingRequest,
  limits: InputLimits,
  formats: readonly BodyFormat[],
): unknown {
  if (!req.hasBody) return undefined
  checkBodySize(req.bodyByteLength, limits)
  const format = bodyFormat(req.headers['content-type'], formats)
  const value = format === 'json' ? parseJson(req.bodyText) : parseForm(req.bodyText)
  checkInputValue('body', value, limits)
  return value
}

/**
 * Refuses a body over `maxBodyBytes` (413 `ERR_BODY_TOO_LARGE`); callers measure it before they
 * copy or decode anything. Event payloads (SQS bodies, Kinesis data) share the HTTP limit.
 *
 * @example
 * checkBodySize(Buffer.byteLength(text), DEFAULT_LIMITS)
 */
export function checkBodySize(byteLength: number, limits: InputLimits): void {
  if (byteLength > limits.maxBodyBytes) {
    throw new GuardError(
      ErrorCode.bodyTooLarge,
      413,
      `the body is larger than ${limits.maxBodyBytes} bytes`,
      { details: { maxBytes: limits.maxBodyBytes } },
    )
  }
}

function bodyFormat(contentType = '', formats: readonly BodyFormat[]): BodyFormat {
  // Nearly every API request says exactly this; it needs no parsing.
  if (contentType === 'application/json' && formats.includes('json')) return 'json'
  const lowered = contentType.toLowerCase()
  const parametersStart = lowered.indexOf(';')
  const type = (parametersStart === -1 ? lowered : lowered.slice(0, parametersStart)).trim()
  const charset = CHARSET_PARAMETER.exec(lowered)?.[1].trimEnd().replace(/"/g, '')
  const format: BodyFormat | undefined = JSON_TYPE.test(type)
    ? 'json'
    : type === FORM_TYPE
      ? 'form'
      : undefined
  if (
    format === undefined ||
    !formats.includes(format) ||
    (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
  ) {
    const accepted = formats.map((f) => (f === 'json' ? 'application/json' : FORM_TYPE))
    throw new GuardError(
      ErrorCode.unsupportedMediaType,
      415,
      `the body must be sent as ${accepted.join(' or ')} (UTF-8)`,
      { details: { accepted } },
    )
  }
  return format
}

/**
 * `JSON.parse`, failing as 400 `ERR_MALFORMED_BODY` (a message that never quotes the text).
 *
 * @example
 * checkInputValue('body', parseJson(text), limits)
 */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new GuardError(ErrorCode.malformedBody, 400, 'the body is not valid JSON')
  }
}

function parseForm(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null)
  for (const [name, value] of new URLSearchParams(text)) {
    const existing = fields[name]
    if (existing === undefined) fields[name] = value
    else if (Array.isArray(existing)) existing.push(value)
    else fields[name] = [existing, value]
  }
  return fields
}
