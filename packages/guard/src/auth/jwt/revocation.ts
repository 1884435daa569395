import type { Clock } from '../../core/clock.js'
import { ConfigError, GuardError } from '../../core/errors.js'
import type { Principal } from '../../core/principal.js'
import type { Store } from '../../stores/types.js'
import type { ResolvedJwtConfig } from './config.js'

/** Revoking JWTs, which are otherwise valid by their signature alone until they expire. */
export interface JwtRevocations {
  /**
   * Refuses one token from the next request on: a JWT caller (`ctx.user`, whose `sessionId` is the
   * token's `jti`), or a `jti` and its expiry in ms.
   */
  revoke(token: Principal | { readonly jti: string; readonly expiresAt: number }): Promise<void>
  /** Refuses every token of a user issued before `atMs` (default now), e.g. after a password change. */
  revokeAllBefore(userId: string, atMs?: number): Promise<void>
}

/**
 * `guard.jwt`: revocations kept in the guard's store, which checks them in the same call as the
 * per-user rate limit. An entry is kept only as long as the tokens it refuses could still be
 * accepted (expiry, or `maxTokenAge`, plus the clock tolerance).
 *
 * @example
 * await guard.jwt.revoke(ctx.user)            // this token, from the next request on
 * await guard.jwt.revokeAllBefore(ctx.user.userId)   // every token issued so far
 */
export function createJwtRevocations(
  store: Pick<Store, 'revokeJti' | 'revokeUserTokensBefore'>,
  clock: Clock,
  config: ResolvedJwtConfig | undefined,
): JwtRevocations {
  function configured(): ResolvedJwtConfig {
    if (config === undefined) throw new ConfigError('guard.jwt needs the jwt option of createGuard')
    return config
  }
  return {
    async revoke(token) {
      const { clockToleranceMs } = configured()
      const { jti, expiresAt } =
        'jti' in token
          ? token
          : {
              jti: token.kind === 'jwt' ? token.sessionId : undefined,
              expiresAt: Number(token.data?.exp) * 1000,
            }
      if (typeof jti !== 'string' || jti === '') {
        throw new GuardError('ERR_JWT_NOT_REVOCABLE', 400, 'only a JWT with a jti can be revoked')
      }
      if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
        throw new GuardError('ERR_JWT_NOT_REVOCABLE', 400, 'expiresAt must be a ms epoch')
      }
      await store.revokeJti(jti, expiresAt + clockToleranceMs, clock.now())
    },
    async revokeAllBefore(userId, atMs) {
      const { maxTokenAgeMs, clockToleranceMs } = configured()
      const now = clock.now()
      const before = atMs ?? now
      if (typeof userId !== 'string' || userId === '' || !Number.isFinite(before)) {
        throw new GuardError(
          'ERR_JWT_NOT_REVOCABLE',
          400,
          'revokeAllBefore needs a user id and a ms epoch',
        )
      }
      // Every token issued before `before` is refused by maxTokenAge once this much has passed.
      const retainMs = Math.max(0, before - now) + maxTokenAgeMs + clockToleranceMs
      await store.revokeUserTokensBefore(userId, before, now, retainMs)
    },
  }
}
