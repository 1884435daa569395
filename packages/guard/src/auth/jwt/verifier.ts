import { errors, type JWSAlgorithm, type JWTVerifyOptions, jwtVerify } from 'jose'
import { ConfigError, GuardError } from '../../core/errors.js'
import { type JwtPrincipal, principalOf, readVerifiedClaims, type VerifiedJwt } from './claims.js'
import { type JwtConfig, type ResolvedJwtConfig, resolveJwtConfig } from './config.js'
import { JwtErrorCode, toGuardError, tokenError } from './errors.js'
import { createKeyResolver, type VerificationKey } from './key-resolver.js'
import type { JwtRevocationStore } from './revocation.js'
import { readTokenHeader } from './token-header.js'

/** Checks bearer JWTs and revokes them. */
export interface JwtVerifier {
  /** The principal of a valid token; a GuardError 401 (or 503 when keys or store are down) otherwise. */
  verify(token: string): Promise<JwtPrincipal>
  /**
   * Everything `verify` checks except revocation, for a caller that checks revocation itself (the
   * guard's authentication stage does it in the same store call as the per-user rate limit).
   */
  verifyStateless(token: string): Promise<VerifiedJwt>
  /** Refuses one token from now on: a verified principal with a `jti`, or a jti and its expiry (ms). */
  revoke(token: JwtPrincipal | { readonly jti: string; readonly expiresAt: number }): Promise<void>
  /** Refuses every token of a user issued at or before `atMs` (default now), e.g. after a password change. */
  revokeAllBefore(userId: string, atMs?: number): Promise<void>
  /** The checked configuration. */
  readonly config: ResolvedJwtConfig
}

/** What a verifier uses besides its configuration. */
export interface JwtVerifierDependencies {
  /** Where revocations live; without it, tokens cannot be revoked and none are looked up. */
  readonly revocations?: JwtRevocationStore
  /** Ms epoch; tests set it to move time. */
  readonly now?: () => number
}

/**
 * A JWT verifier for one issuer: the configuration is checked here (a ConfigError names any bad
 * option), keys are imported here, and `verify` does only the per-token work.
 *
 * @example
 * const verifier = createJwtVerifier({
 *   issuer: 'https://id.example.com/', audience: 'api', algorithms: ['RS256'],
 *   jwks: 'https://id.example.com/.well-known/jwks.json',
 * })
 * const user = await verifier.verify(bearerToken) // { kind: 'jwt', userId, permissions, … }
 */
export function createJwtVerifier(
  config: JwtConfig,
  dependencies: JwtVerifierDependencies = {},
): JwtVerifier {
  const resolved = resolveJwtConfig(config)
  const { revocations } = dependencies
  const now = dependencies.now ?? Date.now
  const resolveKeys = createKeyResolver(resolved.keySource)
  const baseOptions = {
    algorithms: resolved.algorithms as JWSAlgorithm[],
    issuer: [...resolved.issuer],
    audience: [...resolved.audience],
    clockTolerance: resolved.clockToleranceMs / 1000,
    maxTokenAge: resolved.maxTokenAgeMs / 1000,
    requiredClaims: [...new Set(['exp', 'iat', resolved.userIdClaim, ...resolved.requiredClaims])],
  } satisfies JWTVerifyOptions

  async function verifySignatureAndClaims(token: string, keys: readonly VerificationKey[]) {
    const options = { ...baseOptions, currentDate: new Date(now()) }
    for (let i = 0; ; i++) {
      try {
        return await jwtVerify(token, keys[i] as VerificationKey, options)
      } catch (error) {
        const anotherKey = i + 1 < keys.length
        if (anotherKey && error instanceof errors.JWSSignatureVerificationFailed) continue
        throw toGuardError(error)
      }
    }
  }

  async function verifyStateless(token: string): Promise<VerifiedJwt> {
    const header = readTokenHeader(token, resolved)
    let keys: readonly VerificationKey[]
    try {
      keys = await resolveKeys(header)
    } catch (error) {
      throw toGuardError(error)
    }
    const { payload } = await verifySignatureAndClaims(token, keys)
    return readVerifiedClaims(payload, resolved)
  }

  async function verify(token: string): Promise<JwtPrincipal> {
    const verified = await verifyStateless(token)
    if (revocations !== undefined) {
      const { jti, userId, issuedAt } = verified
      if (await askStore(() => revocations.isJwtRevoked(jti, userId, issuedAt))) {
        throw tokenError(JwtErrorCode.revoked, 'token has been revoked')
      }
    }
    return principalOf(verified)
  }

  function requireStore(): JwtRevocationStore {
    if (revocations === undefined) {
      throw new ConfigError('revoking a JWT needs a store: pass one to the guard or the verifier')
    }
    return revocations
  }

  return {
    config: resolved,
    verify,
    verifyStateless,
    async revoke(token) {
      const store = requireStore()
      const { jti, expiresAt } =
        'kind' in token ? { jti: token.sessionId, expiresAt: Number(token.data.exp) * 1000 } : token
      if (typeof jti !== 'string' || jti === '') {
        throw new GuardError('ERR_JWT_NOT_REVOCABLE', 400, 'this token has no jti to revoke')
      }
      if (!Number.isFinite(expiresAt)) {
        throw new GuardError('ERR_JWT_NOT_REVOCABLE', 400, 'expiresAt must be a ms epoch')
      }
      // Kept past exp by the clock tolerance, during which the token would still be accepted.
      await askStore(() => store.revokeJwt(jti, expiresAt + resolved.clockToleranceMs))
    },
    async revokeAllBefore(userId, atMs = now()) {
      const store = requireStore()
      const keepUntil = atMs + resolved.maxTokenAgeMs + resolved.clockToleranceMs
      await askStore(() => store.revokeJwtsIssuedBefore(userId, atMs, keepUntil))
    },
  }
}

/** A store failure fails closed as 503, whatever the store threw. */
async function askStore<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (error instanceof GuardError) throw error
    throw new GuardError('ERR_STORE_UNAVAILABLE', 503, 'the token store is unavailable', {
      cause: error,
    })
  }
}
