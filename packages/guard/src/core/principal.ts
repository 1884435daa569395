/** The authenticated caller, as authentication produces it and the handler sees it (`ctx.user`). */
export interface Principal {
  readonly kind: 'session' | 'jwt' | 'apiKey'
  readonly userId: string
  readonly permissions: readonly string[]
  /** When the caller last proved who they are (ms since the epoch), for step-up. */
  readonly authenticatedAt: number
  /** The session id, JWT `jti` or API key id — never the credential itself. */
  readonly sessionId?: string
  readonly scopes?: readonly string[]
  readonly data?: Readonly<Record<string, unknown>>
}
