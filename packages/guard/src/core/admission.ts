import { ErrorCode, GuardError } from './errors.js'
import type { Principal } from './principal.js'
import type { IncomingRequest } from './request.js'
import type { CompiledRoute } from './route.js'

/** What admission hands the pipeline: the caller (none on public routes) and RateLimit headers. */
export interface Admission {
  readonly user: Principal | undefined
  readonly headers: Readonly<Record<string, string>>
}

/**
 * Pre-auth limits, authentication and authorization in one step (one store round trip): the
 * caller of a non-public route and the RateLimit headers, or a 401/403/429/503 GuardError.
 */
export type Admit = (req: IncomingRequest, route: CompiledRoute) => Promise<Admission>

/** The 401 of a request that brought no credential. */
export function authenticationRequired(): GuardError {
  return new GuardError(ErrorCode.authRequired, 401, 'authentication required', {
    headers: { 'www-authenticate': 'Bearer' },
  })
}

/**
 * Admission without an authenticator (the core guard): deny by default, so every route that did
 * not declare `auth: 'public'` answers 401.
 */
export const denyAll: Admit = () => Promise.reject(authenticationRequired())

// A 403 is refused after authentication, so unlike a 401 it knows the caller.
const refusedCallers = new WeakMap<GuardError, string>()

/** Remembers who a 403 refused, for the pipeline's `auth.denied` event. */
export function noteRefusedCaller(error: GuardError, userId: string): void {
  refusedCallers.set(error, userId)
}

/**
 * The user id an admission error refused, when authentication had identified them (a 403): the
 * pipeline names them in its `auth.denied` event.
 */
export function refusedCaller(error: unknown): string | undefined {
  return error instanceof GuardError ? refusedCallers.get(error) : undefined
}
