/**
 * Responses as the handler returns them, before the adapter puts them into the platform's shape.
 * Header names are lower-case; `set-cookie` may carry several values.
 */
export interface GuardResponse {
  readonly status: number
  readonly headers: Record<string, string | readonly string[]>
  /** A string is sent as text; bytes are sent base64-encoded where the platform needs it. */
  readonly body: string | Uint8Array | undefined
}

const RESPONSE = Symbol.for('bulwark.response')

/** True for values built by `json`, `text`, `html`, `empty` or `response`. */
export function isGuardResponse(value: unknown): value is GuardResponse {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { [RESPONSE]?: true })[RESPONSE] === true
  )
}

/**
 * A response with any body. Prefer `json`, `text`, `html` or `empty`.
 *
 * @example
 * return response(200, pdfBytes, { 'content-type': 'application/pdf' })
 */
export function response(
  status: number,
  body: string | Uint8Array | undefined,
  headers: Record<string, string | readonly string[]> = {},
): GuardResponse {
  return buildResponse(status, body, undefined, headers)
}

/**
 * @example
 * return json(201, { id })
 */
export function json(
  status: number,
  value: unknown,
  headers: Record<string, string | readonly string[]> = {},
): GuardResponse {
  return buildResponse(status, JSON.stringify(value), 'application/json; charset=utf-8', headers)
}

/**
 * @example
 * return text(200, 'ok')
 */
export function text(
  status: number,
  body: string,
  headers: Record<string, string | readonly string[]> = {},
): GuardResponse {
  return buildResponse(status, body, 'text/plain; charset=utf-8', headers)
}

/**
 * An HTML response. Build it with `escapeHtml` around every value that came from outside.
 *
 * @example
 * return html(200, `<p>Hello ${escapeHtml(name)}</p>`)
 */
export function html(
  status: number,
  body: string,
  headers: Record<string, string | readonly string[]> = {},
): GuardResponse {
  return buildResponse(status, body, 'text/html; charset=utf-8', headers)
}

/**
 * @example
 * return empty() // 204
 */
export function empty(
  status = 204,
  headers: Record<string, string | readonly string[]> = {},
): GuardResponse {
  return buildResponse(status, undefined, undefined, headers)
}

/**
 * Every builder ends here, so header names are lower-cased in one place and with one copy. The
 * builder's content type comes first; the caller's headers, any `Content-Type` included, win.
 */
function buildResponse(
  status: number,
  body: string | Uint8Array | undefined,
  contentType: string | undefined,
  headers: Record<string, string | readonly string[]>,
): GuardResponse {
  const lowered: Record<string, string | readonly string[]> =
    contentType === undefined ? {} : { 'content-type': contentType }
  for (const name of Object.keys(headers)) lowered[name.toLowerCase()] = headers[name] as string
  return { status, headers: lowered, body, [RESPONSE]: true } as GuardResponse
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}
const HTML_SPECIAL = /[&<>"'`]/g

/**
 * Escapes text for HTML element content and quoted attribute values.
 *
 * @example
 * escapeHtml('<script>') // '&lt;script&gt;'
 */
export function escapeHtml(value: unknown): string {
  return String(value).replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c] as string)
}

/** Status line texts, for ALB's `statusDescription`. */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
}
