import type { AuditFunction } from '../log/audit.js'
import type { Logger } from '../log/logger.js'
import type { Principal } from './principal.js'

/** The parts of the AWS Lambda context object the guard reads. */
export interface LambdaContext {
  readonly awsRequestId?: string
  readonly functionName?: string
  getRemainingTimeInMillis?(): number
}

/**
 * Everything a handler knows about this one invocation. It lives for one request: nothing about a
 * user is kept in module scope.
 */
export interface GuardContext {
  readonly requestId: string
  /** The authenticated caller; `undefined` only on public routes. */
  readonly user: Principal | undefined
  /** JSON lines, redacted, with this request's id, route and cold start on every line. */
  readonly log: Logger
  /**
   * Records a security-relevant event (login, account change, data write, payment) as one audit
   * line, typed from the catalogue (`AuditEvents`): the request id, user and IP are added.
   *
   * @example
   * ctx.audit('payment.transaction', { transactionId, amount, currency: 'EUR', account })
   */
  readonly audit: AuditFunction
  /**
   * Data-store protection: counts one call against `rate` for this user (this IP on public
   * routes) and throws 429 `ERR_RATE_LIMITED` past it.
   *
   * @example
   * await ctx.limit('db.search', '50/min')
   */
  limit(name: string, rate: string): Promise<void>
  /** The Lambda context when running on Lambda. */
  readonly lambda: LambdaContext | undefined
}
