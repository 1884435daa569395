import type { Observer } from '../core/observer.js'
import { auditLog } from './audit.js'
import { takeColdStart } from './cold-start.js'
import type { FailedRequest } from './error-report.js'
import { buildGuardLog, checkGuardLogConfig, type GuardLogConfig } from './guard-logger.js'
import type { Invocation } from './invocation.js'
import { lambdaFunctionName } from './output.js'
import { keyRedactor } from './redact/key-redactor.js'
import { type ObservationParts, RequestObservation } from './request-observation.js'

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
  checkGuardLogConfig(config)
  // Built on the first line written, not at construction: the guard is made during the cold
  // start, and a handler whose requests all go well may never log a line.
  let built: ObservationParts | undefined
  const build = (): ObservationParts => {
    if (built === undefined) {
      const redactor = keyRedactor()
      const { log, auditWrite } = buildGuardLog(config, redactor)
      built = { log, redactor, audit: auditLog({ write: auditWrite, redactor }) }
    }
    return built
  }
  const parts: ObservationParts = {
    get log() {
      return build().log
    },
    get redactor() {
      return build().redactor
    },
    get audit() {
      return build().audit
    },
  }
  return {
    get log() {
      return build().log
    },
    functionName: lambdaFunctionName(),
    start: (request, route) => new CoreInvocation(parts, request, route, takeColdStart()),
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
