import type { Clock } from '../core/clock.js'
import { GuardError } from '../core/errors.js'
import { isThrottling } from './aws-sdk.js'
import { SecretsErrorCode, secretError } from './errors.js'

/** How one call to a provider is bounded. */
export interface CallPolicy {
  readonly provider: string
  /** Extra attempts after a throttling error. */
  readonly retries: number
  /** Each attempt is aborted after this long. */
  readonly timeoutMs: number
  readonly clock: Clock
}

const BACKOFF_BASE_MS = 200
const BACKOFF_CAP_MS = 5000

/**
 * Runs `call` with a timeout per attempt, retrying throttling errors `retries` times with
 * exponential backoff and full jitter (so a fleet that was throttled together does not retry
 * together). Errors the provider raised on purpose (a GuardError, such as a binary secret) pass
 * through; anything else becomes `ERR_SECRET_UNAVAILABLE`, naming the provider and the error's
 * name but never its message, which is the service's to word.
 *
 * @example
 * await callProvider(policy, (signal) => provider.load(['/prod/db/password'], signal))
 */
export async function callProvider<T>(
  policy: CallPolicy,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const signal = AbortSignal.timeout(policy.timeoutMs)
    try {
      return await call(signal)
    } catch (error) {
      if (error instanceof GuardError) throw error
      const throttled = isThrottling(error)
      if (throttled && attempt <= policy.retries) {
        const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1))
        await policy.clock.sleep(Math.random() * ceiling)
        continue
      }
      const attempts = attempt > 1 ? ` after ${attempt} attempts` : ''
      const what = signal.aborted
        ? `did not answer within ${policy.timeoutMs} ms`
        : `failed with ${errorName(error)}`
      throw secretError(
        SecretsErrorCode.unavailable,
        `${policy.provider} ${what}${attempts}`,
        error,
      )
    }
  }
}

/**
 * Rewords a failed load for the secret (or path) it was for: `secret "x" could not be loaded: …`.
 *
 * @example
 * throw failureFor('secret "/prod/db/password"', error)
 */
export function failureFor(label: string, error: unknown): unknown {
  if (!(error instanceof GuardError) || error.code !== SecretsErrorCode.unavailable) return error
  return secretError(
    SecretsErrorCode.unavailable,
    `${label} could not be loaded: ${error.message}`,
    error.cause,
  )
}

/** `ThrottlingException`, or `TimeoutError (ECONNRESET)` for a network error: names, no text. */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return error === null ? 'null' : typeof error
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^E[A-Z_]+$/.test(code)
    ? `${error.name} (${code})`
    : error.name
}
