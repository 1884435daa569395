import { ErrorCode } from '../core/errors.js'
import { errorCode, errorFingerprint, safeErrorName } from './fingerprint.js'
import { lambdaFunctionName } from './output.js'
import type { Redactor } from './redact/redactor.js'
import { requestSecrets } from './request-secrets.js'

/** What the pipeline knows about the request that failed. */
export interface FailedRequest {
  readonly requestId: string
  /** The status answered (500 unless the error said otherwise). */
  readonly status?: number
  /** The route template (`POST /transfers/{id}`), never the concrete path. */
  readonly route: string
  readonly method?: string
  readonly path?: string
  readonly headers?: Readonly<Record<string, string>>
  readonly query?: Readonly<Record<string, string>>
  /** The body as received (text) or as parsed. */
  readonly body?: unknown
  readonly userId?: string | undefined
  readonly coldStart?: boolean
  /** From the Lambda context's `getRemainingTimeInMillis()`. */
  readonly remainingTimeMs?: number | undefined
}

/** An alert about an error: codes and ids only, nothing that came with the request. */
export interface AlertSummary {
  readonly code: string
  readonly errorName: string
  readonly fingerprint: string
  readonly route: string
  readonly requestId: string
  readonly function: string | null
  readonly time: string
}

/** The full log record (redacted) and the alert summary for one unhandled error. */
export interface ErrorReport {
  readonly record: Readonly<Record<string, unknown>>
  readonly alert: AlertSummary
}

/** Bodies longer than this are scanned as text instead of parsed. */
const MAX_PARSED_BODY = 65_536

/**
 * Turns an unhandled error and the request it broke into what the log needs to debug it (stack,
 * sanitized request, route, user, memory, remaining time, cold start) and what an alert may carry
 * (code, name, fingerprint, route, request id). Everything in the record is redacted here, before
 * it reaches any writer.
 *
 * @example
 * const { record, alert } = reportUnhandledError(error, { requestId, route: 'POST /transfers', headers, body }, redactor)
 * log.error('unhandled error', record)
 * await alerts.notify(alert)
 */
export function reportUnhandledError(
  error: unknown,
  request: FailedRequest,
  redactor: Redactor,
): ErrorReport {
  const body = structuredBody(request.body)
  // The request's own credentials are removed wherever the error mentions them.
  const secrets = requestSecrets(
    { headers: request.headers, query: request.query, body },
    redactor.isSensitiveKey,
  )
  const alert = summarizeForAlert(error, request, redactor, secrets)
  const record = redactor.value(
    {
      requestId: request.requestId,
      route: request.route,
      status: request.status ?? 500,
      code: alert.code,
      fingerprint: alert.fingerprint,
      userId: request.userId ?? null,
      error,
      request: {
        method: request.method,
        path: request.path,
        query: request.query,
        headers: request.headers,
        body,
      },
      state: {
        memoryUsedMb: memoryUsedMb(),
        remainingTimeMs: request.remainingTimeMs,
        coldStart: request.coldStart,
      },
    },
    secrets,
  ) as Record<string, unknown>
  return { record, alert }
}

/**
 * The alert summary of an unhandled error on its own: codes and ids, nothing that came with the
 * request, everything redacted (the request's own credentials included, when `secrets` lists them).
 *
 * @example
 * await alerts.notify(summarizeForAlert(error, { requestId, route: 'POST /transfers' }, redactor))
 */
export function summarizeForAlert(
  error: unknown,
  request: Pick<FailedRequest, 'requestId' | 'route'>,
  redactor: Redactor,
  secrets?: readonly string[],
): AlertSummary {
  return {
    // A code is an identifier, but one that happens to look like an AWS key id is still a key.
    code: redactor.string(errorCode(error) ?? ErrorCode.internal, secrets),
    errorName: error instanceof Error ? safeErrorName(error) : typeof error,
    fingerprint: errorFingerprint(error),
    route: redactor.string(String(request.route), secrets),
    requestId: redactor.string(String(request.requestId), secrets),
    function: lambdaFunctionName() ?? null,
    time: new Date().toISOString(),
  }
}

/**
 * A JSON body given as text is parsed, so that its fields go through redaction by key: text
 * scanning alone would miss `{"pin": "1234"}` written with unusual spacing.
 */
function structuredBody(body: unknown): unknown {
  if (typeof body !== 'string' || body.length > MAX_PARSED_BODY) return body
  const first = body.trimStart()[0]
  if (first !== '{' && first !== '[') return body
  try {
    return JSON.parse(body)
  } catch {
    return body
  }
}

function memoryUsedMb(): number | undefined {
  const usage = globalThis.process?.memoryUsage?.rss
  return typeof usage === 'function' ? Math.round(usage() / 1_048_576) : undefined
}
