/**
 * What the JWT verifier needs from a store to honour revocations. A JWT is valid by its signature
 * alone, so revoking one means remembering it until it would have expired anyway: a `jti`, or a
 * moment before which every token of a user is refused (after a password change, say).
 *
 * The memory store and the Redis store both implement it; `isJwtRevoked` is on every JWT-authenticated
 * request, so in Redis it is one round trip (EXISTS on the jti key and GET on the user's mark, in one
 * script or pipeline).
 *
 * @example
 * const verifier = createJwtVerifier(config, { revocations: memoryJwtRevocations() })
 * await verifier.revoke(principal.sessionId, expiresAtMs)
 */
export interface JwtRevocationStore {
  /**
   * True when `jti` has been revoked, or when the user's tokens issued at or before a revocation mark
   * are refused and `issuedAtMs` is not after that mark.
   */
  isJwtRevoked(jti: string | undefined, userId: string, issuedAtMs: number): Promise<boolean>
  /** Refuses the token with this `jti`; the store may forget it after `expiresAtMs`. */
  revokeJwt(jti: string, expiresAtMs: number): Promise<void>
  /**
   * Refuses every token of `userId` issued at or before `beforeMs`; the store may forget the mark after
   * `keepUntilMs`, when every such token has outlived `maxTokenAge`. A later mark replaces an earlier one.
   */
  revokeJwtsIssuedBefore(userId: string, beforeMs: number, keepUntilMs: number): Promise<void>
}

/** Whether a store offers JWT revocation, so that a guard can use it when it does. */
export function isJwtRevocationStore(store: unknown): store is JwtRevocationStore {
  const s = store as Partial<JwtRevocationStore> | null | undefined
  return (
    typeof s?.isJwtRevoked === 'function' &&
    typeof s.revokeJwt === 'function' &&
    typeof s.revokeJwtsIssuedBefore === 'function'
  )
}

/**
 * JWT revocations in this process's memory, for tests, local runs and single-instance services.
 * Entries are dropped once they have expired, so memory grows only with live revocations.
 *
 * @example
 * const revocations = memoryJwtRevocations()
 * await revocations.revokeJwtsIssuedBefore('u1', Date.now(), Date.now() + 86_400_000)
 */
export function memoryJwtRevocations(
  options: { now?: () => number } = {},
): JwtRevocationStore & { readonly size: number } {
  const now = options.now ?? Date.now
  const revokedJtis = new Map<string, number>()
  const userMarks = new Map<string, { beforeMs: number; keepUntilMs: number }>()
  let lastSweep = 0

  function sweep(): void {
    const at = now()
    if (at - lastSweep < 60_000) return
    lastSweep = at
    for (const [jti, expiresAt] of revokedJtis) if (expiresAt < at) revokedJtis.delete(jti)
    for (const [user, mark] of userMarks) if (mark.keepUntilMs < at) userMarks.delete(user)
  }

  return {
    get size() {
      return revokedJtis.size + userMarks.size
    },
    async isJwtRevoked(jti, userId, issuedAtMs) {
      sweep()
      const at = now()
      if (jti !== undefined) {
        const expiresAt = revokedJtis.get(jti)
        if (expiresAt !== undefined && expiresAt >= at) return true
      }
      const mark = userMarks.get(userId)
      return mark !== undefined && mark.keepUntilMs >= at && issuedAtMs <= mark.beforeMs
    },
    async revokeJwt(jti, expiresAtMs) {
      sweep()
      revokedJtis.set(jti, Math.max(expiresAtMs, revokedJtis.get(jti) ?? 0))
    },
    async revokeJwtsIssuedBefore(userId, beforeMs, keepUntilMs) {
      sweep()
      const previous = userMarks.get(userId)
      userMarks.set(userId, {
        beforeMs: Math.max(beforeMs, previous?.beforeMs ?? 0),
        keepUntilMs: Math.max(keepUntilMs, previous?.keepUntilMs ?? 0),
      })
    },
  }
}
