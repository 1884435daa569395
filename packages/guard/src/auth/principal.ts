/**
 * Who is calling, as authentication established it; the handler sees it as `ctx.user`. It lives
 * for one invocation only: nothing about a user is kept in module scope.
 *
 * @example
 * if (ctx.user?.permissions.includes('transfers:create')) { … }
 */
export interface Principal {
  readonly kind: 'session' | 'jwt' | 'apiKey'
  readonly userId: string
  /** Permission ids cached with the session (or taken from the JWT claim). */
  readonly permissions: readonly string[]
  /** Ms epoch of the last (re)authentication, for step-up. */
  readonly authenticatedAt: number
  /** Session id (the hash of the token, never the token), JWT `jti`, or API key id. */
  readonly sessionId?: string
  /** API key scopes: on a key principal, or on a session that also presented a key. */
  readonly scopes?: readonly string[]
  /** The API key id when a key was presented (alone or beside a session). */
  readonly apiKeyId?: string
  readonly data?: Readonly<Record<string, unknown>>
}
