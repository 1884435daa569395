import { errors, type JWSAlgorithm, type JWTVerifyOptions, jwtVerify } from 'jose'
import { readVerifiedClaims } from './claims.js'
import { type JwtConfig, type ResolvedJwtConfig, resolveJwtConfig } from './config.js'
import { toGuardError } from './errors.js'
import { createKeyResolver, type VerificationKey } from './key-resolver.js'
import type { VerifiedJwt } from './principal.js'
import { readTokenHeader } from './token-header.js'

/** Checks bearer JWTs for one issuer. */
export interface JwtVerifier {
  /**
   * The verified token: signature with a pinned algorithm and a known key, issuer, audience, `exp`,
   * `nbf`, `iat` and required claims. A GuardError 401 with a stable code otherwise (503 when the
   * JWKS endpoint cannot be read). Revocation is not checked here: the guard's authentication stage
   * asks the store in the same round trip as the per-user rate limit.
   */
  verify(token: string): Promise<VerifiedJwt>
  /** The checked configuration. */
  readonly config: ResolvedJwtConfig
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
 * const { userId, permissions } = await verifier.verify(bearerToken)
 */
export function createJwtVerifier(
  config: JwtConfig,
  options: { readonly now?: () => number } = {},
): JwtVerifier {
  return verifierFor(resolveJwtConfig(config), options.now ?? Date.now)
}

/** The verifier of an already checked configuration (`jwtAuth` checks it once, up front). */
export function verifierFor(resolved: ResolvedJwtConfig, now: () => number): JwtVerifier {
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

  return {
    config: resolved,
    async verify(token) {
      const header = readTokenHeader(token, resolved)
      let keys: readonly VerificationKey[]
      try {
        keys = await resolveKeys(header)
      } catch (error) {
        throw toGuardError(error)
      }
      const { payload } = await verifySignatureAndClaims(token, keys)
      return readVerifiedClaims(payload, resolved)
    },
  }
}
