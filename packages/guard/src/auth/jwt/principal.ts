// What the guard's authentication stage needs of a verified JWT, apart from its verification:
// the core imports this without importing jose.

/** What a verified JWT says about its caller, as the handler sees it in `ctx.user`. */
export interface JwtPrincipal {
  readonly kind: 'jwt'
  readonly userId: string
  readonly permissions: readonly string[]
  /** Ms epoch of the user's last authentication (`auth_time`, else `iat`), for step-up. */
  readonly authenticatedAt: number
  /** The token's `jti`, when it has one: what `revoke` takes. */
  readonly sessionId?: string
  /** Every claim of the token. */
  readonly data: Readonly<Record<string, unknown>>
}

/**
 * A verified token before revocation is checked: what the guard's authentication stage takes, so
 * that the store checks revocation in the same round trip as the per-user rate limit.
 */
export interface VerifiedJwt {
  readonly userId: string
  readonly permissions: readonly string[]
  /** `iat`, in ms since the epoch. */
  readonly issuedAt: number
  /** Ms epoch of the user's last authentication (`auth_time`, else `iat`), for step-up. */
  readonly authenticatedAt: number
  readonly jti?: string
  /** Every claim of the token. */
  readonly data: Readonly<Record<string, unknown>>
}

/**
 * The principal a handler sees for a verified token.
 *
 * @example
 * principalOf(await verifier.verify(token)).userId
 */
export function principalOf(verified: VerifiedJwt): JwtPrincipal {
  return {
    kind: 'jwt',
    userId: verified.userId,
    permissions: verified.permissions,
    authenticatedAt: verified.authenticatedAt,
    ...(verified.jti === undefined ? {} : { sessionId: verified.jti }),
    data: verified.data,
  }
}
