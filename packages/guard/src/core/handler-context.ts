import type { AuditFunction } from '../log/audit.js'
import type { Logger } from '../log/logger.js'
import type { Invocation } from '../log/observability.js'
import type { GuardContext, LambdaContext } from './context.js'
import type { Principal } from './principal.js'
import type { IncomingRequest } from './request.js'

/** `ctx.limit` for a subject (user id, or `ip:<address>` on public routes). */
export type ContextLimit = (subject: string, name: string, rate: string) => Promise<void>

/**
 * The `ctx` a handler receives. A class, not an object literal with a getter and closures: one is
 * made per request, and most handlers never log, audit or limit, so those are built on first use.
 * `audit` and `limit` stay bound functions, so `const { audit } = ctx` keeps working.
 */
export class HandlerContext implements GuardContext {
  readonly requestId: string
  readonly user: Principal | undefined
  readonly lambda: LambdaContext | undefined
  readonly #req: IncomingRequest
  readonly #observed: Invocation
  readonly #limit: ContextLimit
  #audit: AuditFunction | undefined
  #boundLimit: GuardContext['limit'] | undefined

  constructor(
    req: IncomingRequest,
    user: Principal | undefined,
    lambda: LambdaContext | undefined,
    observed: Invocation,
    limit: ContextLimit,
  ) {
    this.requestId = req.requestId
    this.user = user
    this.lambda = lambda
    this.#req = req
    this.#observed = observed
    this.#limit = limit
  }

  get log(): Logger {
    return this.#observed.log
  }

  get audit(): AuditFunction {
    const observed = this.#observed
    this.#audit ??= (type, fields) => observed.audit(type, fields)
    return this.#audit
  }

  get limit(): GuardContext['limit'] {
    this.#boundLimit ??= (name, rate) =>
      this.#limit(this.user === undefined ? `ip:${this.#req.ip}` : this.user.userId, name, rate)
    return this.#boundLimit
  }
}
