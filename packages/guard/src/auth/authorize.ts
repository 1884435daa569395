import { ErrorCode, GuardError } from '../core/errors.js'
import type { Principal } from '../core/principal.js'
import type { CompiledAuth } from '../core/route.js'

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * The route's demands against what authentication established: permission ids (all of `permissions`,
 * at least one of `anyOf`), API key scopes, step-up, and the rule that an API key alone never
 * modifies data unless the route says `allowMutation` (and then may still demand a session).
 * Throws 401/403 with a stable code; returns nothing when the caller may proceed.
 *
 * @example
 * authorize(principal, route.auth, 'DELETE', clock.now())
 */
export function authorize(
  principal: Principal,
  auth: CompiledAuth,
  method: string,
  now: number,
): void {
  const keyAlone = principal.kind === 'apiKey'
  if (principal.scopes !== undefined) {
    const required = auth.apiKey?.scopes ?? []
    const missing = required.filter((scope) => !principal.scopes?.includes(scope))
    if (missing.length > 0) {
      throw new GuardError(ErrorCode.forbidden, 403, 'the API key lacks a required scope', {
        details: { missingScopes: missing },
      })
    }
  }
  if (keyAlone) {
    if (auth.apiKey?.requireSession) {
      throw new GuardError(
        ErrorCode.sessionRequired,
        401,
        'this route needs a user session beside the API key',
        { headers: { 'www-authenticate': 'Bearer' } },
      )
    }
    if (MUTATING.has(method) && auth.apiKey?.allowMutation !== true) {
      throw new GuardError(
        ErrorCode.apiKeyReadOnly,
        403,
        'an API key alone cannot modify data on this route',
      )
    }
  } else {
    if (!auth.permissions.every((permission) => principal.permissions.includes(permission))) {
      throw new GuardError(ErrorCode.forbidden, 403, 'missing permission')
    }
    if (auth.anyOf.length > 0 && !auth.anyOf.some((p) => principal.permissions.includes(p))) {
      throw new GuardError(ErrorCode.forbidden, 403, 'missing permission')
    }
  }
  if (
    auth.stepUpMs !== undefined &&
    (keyAlone || now - principal.authenticatedAt > auth.stepUpMs)
  ) {
    // RFC 9470: the client should send the user back through authentication.
    const maxAge = Math.floor(auth.stepUpMs / 1000)
    throw new GuardError(ErrorCode.stepUpRequired, 401, 'a recent authentication is required', {
      details: { maxAge },
      headers: {
        'www-authenticate': `Bearer error="insufficient_user_authentication", max_age=${maxAge}`,
      },
    })
  }
}
