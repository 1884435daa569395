/**
 * The audit event catalogue: each event type with the fields it carries. `ctx.audit(type, fields)`
 * is typed from this map, so a misspelt type or a missing field does not compile. Every line also
 * carries `type`, `time`, `requestId`, `actor` (the authenticated user id) and `ip`, filled in from
 * the request, so they are not repeated here.
 *
 * Fields name things, they never hold secrets: a session id, never the token; the names of the
 * fields that changed, never their values. Values go through redaction all the same.
 *
 * Add your own events by merging into the interface:
 *
 * @example
 * declare module '@bulwark/guard' {
 *   interface AuditEvents {
 *     'report.exported': { reportId: string; rows: number }
 *   }
 * }
 */
export interface AuditEvents {
  /**
   * A sign-in succeeded. Login protection writes it with `user`, a hash of the username (it never
   * writes usernames in clear: they are sometimes passwords typed into the wrong box); the
   * application may write it with the `userId` it signed in.
   */
  'auth.login.succeeded': { user?: string; userId?: string; device?: string }
  /**
   * A sign-in failed: a wrong password (`invalid`, with the failures so far for this user and IP)
   * or an attempt while locked out (`locked`).
   */
  'auth.login.failed': {
    user: string
    reason: 'invalid' | 'locked'
    failures?: number
    device?: string
  }
  /** Sign-in is now blocked for this user (`scope: 'user'`) or this user from this IP (`'pair'`). */
  'auth.locked': { user: string; scope: string; until: string; device?: string }
  /** Failed sign-ins from one IP or IP block reached the alert threshold (an alert is sent too). */
  'auth.login.threshold': { scope: 'ip' | 'ipBlock'; failures: number; ipBlock?: string }
  /** A user signed out (the actor of the line is who). */
  'auth.logout': { userId?: string; sessionId?: string }
  /** Sessions or tokens were revoked (`all`: every session of the user). */
  'auth.token.revoked': { userId?: string; sessionId?: string; all?: boolean; reason?: string }
  /** A request was refused authentication or authorization (401/403); `reason` is the error code. */
  'auth.denied': { reason: string; route: string; status: 401 | 403 }
  /** A password was changed; `sessionsEnded` counts the sessions ended with it. */
  'account.password.changed': { userId: string; sessionsEnded?: number }
  /** An email address was changed (the addresses themselves are not logged). */
  'account.email.changed': { userId: string }
  /** Account details were changed; `fields` names them. */
  'account.updated': { userId: string; fields: readonly string[] }
  /** An API key was issued (its id, never the key). */
  'auth.api_key.created': { owner: string; keyId: string; scopes: readonly string[] }
  /** An API key was revoked. */
  'auth.api_key.revoked': { owner?: string; keyId: string }
  /** A record was created. */
  'data.created': { collection: string; recordId: string }
  /** A record was updated; `fields` names what changed. */
  'data.updated': { collection: string; recordId: string; fields?: readonly string[] }
  /** A record was deleted. */
  'data.deleted': { collection: string; recordId: string }
  /** A financial transaction. */
  'payment.transaction': {
    transactionId: string
    amount: number | string
    currency: string
    account: string
    to?: string
    status?: string
  }
  /** A request was refused by a rate limit; `limit` names it (ip, ipBlock, user, login, …). */
  'security.rate_limited': { limit: string; route: string; retryAfterSeconds: number }
  /** Input failed validation; `code` is the error code and `field` the path, never the value. */
  'security.input.rejected': { code: string; route: string; field?: string }
  /** A cross-origin request came from an origin outside the allowlist. */
  'security.cors.rejected': { origin: string; route: string; preflight: boolean }
  /** A non-HTTP event (SQS, SNS, S3, …) failed validation. */
  'security.event.rejected': { source: string; code: string; field?: string; messageId?: string }
}

/** An event type of the catalogue (including those merged in by the application). */
export type AuditEventType = keyof AuditEvents & string

/**
 * Every event type of the built-in catalogue, for documentation and checks.
 *
 * @example
 * AUDIT_EVENT_TYPES.includes('auth.denied') // true
 */
export const AUDIT_EVENT_TYPES = [
  'auth.login.succeeded',
  'auth.login.failed',
  'auth.locked',
  'auth.login.threshold',
  'auth.logout',
  'auth.api_key.created',
  'auth.api_key.revoked',
  'auth.token.revoked',
  'auth.denied',
  'account.password.changed',
  'account.email.changed',
  'account.updated',
  'data.created',
  'data.updated',
  'data.deleted',
  'payment.transaction',
  'security.rate_limited',
  'security.input.rejected',
  'security.cors.rejected',
  'security.event.rejected',
] as const satisfies readonly AuditEventType[]
