import { type Admission, authenticationRequired, noteRefusedCaller } from '../core/admission.js'
import type { Clock } from '../core/clock.js'
import { ErrorCode, GuardError } from '../core/errors.js'
import type { Principal } from '../core/principal.js'
import type { IncomingRequest } from '../core/request.js'
import type { CompiledAuth } from '../core/route.js'
import { BlockedCache } from '../limits/blocked-cache.js'
import {
  preAuthChecks,
  type RouteLimits,
  rateLimited,
  rateLimitHeaders,
} from '../limits/rate-limit.js'
import type {
  AuthenticateResult,
  CredentialCheck,
  LimitCheck,
  LimitState,
  Store,
  SubjectLimitCheck,
} from '../stores/types.js'
import { apiKeyPrincipal } from './api-keys.js'
import { authorize } from './authorize.js'
import { type PresentedCredential, parseApiKeyHeader, parseAuthorization } from './bearer.js'
import type { JwtAuth } from './jwt/jwt-auth.js'
import { principalOf, type VerifiedJwt } from './jwt/principal.js'
import { findMisplacedCredential } from './misplaced.js'
import { credentialRefused, sessionPrincipal } from './sessions.js'
import { credentialId } from './tokens.js'

/** One security-relevant event (a log line for the audit trail and alerts). */
export type SecurityEventSink = (type: string, fields: Readonly<Record<string, unknown>>) => void

export interface IdentityOptions {
  readonly store: Store
  readonly clock: Clock
  /** Verifies signature and claims; revocation is then checked by the store (see `principalFor`). */
  readonly jwt?: ReturnType<JwtAuth['verifier']> | undefined
  readonly failOpen: boolean
  readonly blockedCacheSize: number
  readonly events: SecurityEventSink
}

/** The route-specific inputs of admission, compiled once per route. */
export interface AdmissionRoute {
  readonly auth: 'public' | CompiledAuth
  readonly limits: RouteLimits
}

function malformed(reason: string): GuardError {
  return new GuardError(ErrorCode.authMalformed, 401, 'malformed credential header', {
    details: { reason },
    headers: { 'www-authenticate': 'Bearer error="invalid_request"' },
  })
}

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({})

/**
 * Pre-auth limits, authentication and authorization for one request, in one store round trip in
 * the common case: the IP and IP-block limits, the session (or API key, or JWT revocation) check,
 * the per-user limit, the invocation count and last seen all go to the store as one call.
 * Anything that can be refused locally (no credential, a malformed header, a bad checksum, a token
 * in the query string) still goes through the pre-auth limits, so a flood of garbage is throttled
 * like any other traffic, and then gets its 401.
 *
 * @example
 * const identity = createIdentity({ store, clock, failOpen: false, blockedCacheSize: 10_000, events })
 * const { user, headers } = await identity.admit(req, route)
 */
export function createIdentity(options: IdentityOptions) {
  const { store, clock, events } = options
  const blocked = new BlockedCache(options.blockedCacheSize)

  /** One store call, with the blocked-key cache in front for pre-auth keys. */
  async function call(
    req: IncomingRequest,
    checks: LimitCheck[],
    credential: CredentialCheck | undefined,
    subjectLimits: readonly SubjectLimitCheck[],
  ): Promise<AuthenticateResult> {
    const now = clock.now()
    const cached = blocked.find(
      checks.map((check) => check.key),
      now,
    )
    if (cached !== undefined) {
      return {
        status: 'limited',
        limits: [cached.state],
        denied: cached.state,
        retryAfterMs: cached.until - now,
      }
    }
    let result: AuthenticateResult
    try {
      result = await store.authenticate({ now, limits: checks, credential, subjectLimits })
    } catch (error) {
      if (error instanceof GuardError && error.code === ErrorCode.storeUnavailable) {
        events('store.unavailable', { requestId: req.requestId })
      }
      throw error
    }
    if (result.status === 'limited') {
      const index = result.limits.indexOf(result.denied)
      const check = checks[index]
      if (check !== undefined) blocked.add(check.key, now + result.retryAfterMs, result.denied)
      events('rate_limit.exceeded', {
        requestId: req.requestId,
        ip: req.ip,
        limit: result.denied.name,
        retryAfterMs: result.retryAfterMs,
      })
    }
    return result
  }

  /** Runs the pre-auth limits for a request that will be refused anyway, then refuses it. */
  async function refuse(
    req: IncomingRequest,
    checks: LimitCheck[],
    error: GuardError,
  ): Promise<never> {
    if (checks.length > 0) {
      const result = await call(req, checks, undefined, [])
      if (result.status === 'limited')
        throw rateLimited(result.denied, result.retryAfterMs, result.limits)
    }
    events('auth.failure', { requestId: req.requestId, ip: req.ip, code: error.code })
    throw error
  }

  async function admitPublic(req: IncomingRequest, checks: LimitCheck[]): Promise<Admission> {
    if (checks.length === 0) return { user: undefined, headers: NO_HEADERS }
    let result: AuthenticateResult
    try {
      result = await call(req, checks, undefined, [])
    } catch (error) {
      if (options.failOpen && error instanceof GuardError && error.status === 503) {
        return { user: undefined, headers: NO_HEADERS }
      }
      throw error
    }
    if (result.status === 'limited')
      throw rateLimited(result.denied, result.retryAfterMs, result.limits)
    return { user: undefined, headers: rateLimitHeaders(result.limits) }
  }

  async function principalFor(
    req: IncomingRequest,
    checks: LimitCheck[],
    presented: PresentedCredential,
    auth: CompiledAuth,
    limits: RouteLimits,
  ): Promise<{ principal: Principal; states: readonly LimitState[] }> {
    let credential: CredentialCheck
    let jwt: VerifiedJwt | undefined
    let subject: readonly SubjectLimitCheck[]
    switch (presented.kind) {
      case 'session':
        credential = { kind: 'session', id: await credentialId(presented.token) }
        subject = limits.user
        break
      case 'apiKey':
        if (auth.apiKey === undefined) {
          return refuse(
            req,
            checks,
            new GuardError(
              ErrorCode.apiKeyNotAccepted,
              401,
              'this route does not accept API keys',
              {
                headers: { 'www-authenticate': 'Bearer' },
              },
            ),
          )
        }
        credential = { kind: 'apiKey', id: await credentialId(presented.key) }
        subject = limits.apiKey
        break
      case 'jwt':
        if (options.jwt === undefined) return refuse(req, checks, credentialRefused('missing'))
        try {
          jwt = await options.jwt.verify(presented.token)
        } catch (error) {
          if (error instanceof GuardError && error.status === 401) return refuse(req, checks, error)
          throw error
        }
        credential = {
          kind: 'jwt',
          userId: jwt.userId,
          issuedAt: jwt.issuedAt,
          ...(jwt.jti === undefined ? {} : { jti: jwt.jti }),
        }
        subject = limits.user
        break
      case 'none':
        return refuse(req, checks, authenticationRequired())
      case 'malformed':
        return refuse(req, checks, malformed(presented.reason))
      default:
        return refuse(req, checks, credentialRefused('missing'))
    }
    const result = await call(req, checks, credential, subject)
    if (result.status === 'limited')
      throw rateLimited(result.denied, result.retryAfterMs, result.limits)
    if (result.status !== 'ok') {
      events('auth.failure', {
        requestId: req.requestId,
        ip: req.ip,
        code: credentialRefused(result.status).code,
      })
      throw credentialRefused(result.status)
    }
    const record = result.record
    let principal: Principal
    if (record?.kind === 'session') principal = sessionPrincipal(record)
    else if (record?.kind === 'apiKey') principal = apiKeyPrincipal(record)
    else {
      principal = principalOf(jwt as VerifiedJwt)
    }
    return { principal, states: result.limits }
  }

  return {
    async admit(req: IncomingRequest, route: AdmissionRoute): Promise<Admission> {
      const checks = preAuthChecks(route.limits, req.ip)
      if (route.auth === 'public') return admitPublic(req, checks)
      const auth = route.auth
      const misplaced = findMisplacedCredential({
        query: req.query,
        cookie: req.headers.cookie,
        contentType: req.headers['content-type'],
        rawBody: req.hasBody ? req.bodyText : undefined,
      })
      if (misplaced !== undefined) {
        events('auth.credential_misplaced', {
          requestId: req.requestId,
          ip: req.ip,
          where: misplaced,
        })
        return refuse(
          req,
          checks,
          new GuardError(
            ErrorCode.credentialLocation,
            401,
            `credentials are accepted only in the Authorization header, not in the ${misplaced}`,
            { details: { where: misplaced }, headers: { 'www-authenticate': 'Bearer' } },
          ),
        )
      }
      const bearer = parseAuthorization(req.headers.authorization)
      const keyHeader = parseApiKeyHeader(req.headers['x-api-key'])
      if (keyHeader.kind === 'malformed') return refuse(req, checks, malformed(keyHeader.reason))
      // A session in Authorization plus a key in X-API-Key: the route asked for both.
      const primary = bearer.kind === 'none' && keyHeader.kind === 'apiKey' ? keyHeader : bearer
      const { principal, states } = await principalFor(req, checks, primary, auth, route.limits)
      let user = principal
      let headerStates = states
      if (primary !== keyHeader && keyHeader.kind === 'apiKey' && principal.kind !== 'apiKey') {
        const key = await principalFor(req, [], keyHeader, auth, route.limits)
        user = { ...principal, scopes: key.principal.scopes ?? [] }
        headerStates = [...states, ...key.states]
      }
      try {
        authorize(user, auth, req.method, clock.now())
      } catch (error) {
        if (error instanceof GuardError) {
          if (error.status === 403) noteRefusedCaller(error, user.userId)
          events(error.status === 403 ? 'auth.forbidden' : 'auth.failure', {
            requestId: req.requestId,
            ip: req.ip,
            userId: user.userId,
            code: error.code,
          })
        }
        throw error
      }
      return { user, headers: rateLimitHeaders(headerStates) }
    },
  }
}

export type Identity = ReturnType<typeof createIdentity>
