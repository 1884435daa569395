import type { Observer } from '../core/observer.js'
import { auditLog } from './audit.js'
import { takeColdStart } from './cold-start.js'
import type { FailedRequest } from './error-report.js'
import { createGuardLog, type GuardLogConfig } from './guard-logger.js'
import type { Invocation } from './invocation.js'
import { lambdaFunctionName } from './output.js'
import { keyRedactor } from './redact/key-redactor.js'
import { RequestObservation } from './request-observation.js'

/**
 * The core guard's observability: JSON lines and audit lines with sensitive keys and the request's
 * own credentials redacted, and a record of every unhandled error. What the full guard adds
 * (free-text secret scanning, the request's headers and body in the error record, alerts,
 * metrics) is what its bundle pays for.
 *
 * @example
 * const observe = createCoreObservability({ log: { level: 'warn' } })
 */
export function createCoreObservability(config: GuardLogConfig): Observer {
  const redactor = keyRedactor()
  const { log, auditWrite } = createGuardLog(config, redactor)
  const audit = auditLog({ write: auditWrite, redactor })
  return {
    log,
    functionName: lambdaFunctionName(),
    start: (request, route) =>
      new CoreInvocation({ log, redactor, audit }, request, route, takeColdStart()),
  }
}

/** One request of the core guard: its observation and the 500 record, no alerts or metrics. */
class CoreInvocation extends RequestObservation implements Invocation {
  /** The error and where it happened; the request's headers, query and body are left out. */
  async failed(error: unknown, request: Omit<FailedRequest, 'requestId'>): Promise<void> {
    const { status, method, path, userId } = request
    this.log.error('request failed', { status, method, path, userId, error })
  }

  finish(): void {}
}
