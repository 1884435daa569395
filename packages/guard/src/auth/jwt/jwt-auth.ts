import { type JwtConfig, type ResolvedJwtConfig, resolveJwtConfig } from './config.js'
import type { VerifiedJwt } from './principal.js'
import { verifierFor } from './verifier.js'

/**
 * Bearer JWT authentication for `createGuard({ jwt })`: the checked configuration, and the
 * verifier the guard builds from it with its own clock. Kept out of the core so that a bundle
 * which does not use JWTs does not carry jose.
 */
export interface JwtAuth {
  readonly config: ResolvedJwtConfig
  verifier(now: () => number): { verify(token: string): Promise<VerifiedJwt> }
}

/**
 * JWTs from an OIDC issuer (Cognito, Auth0, …) for `createGuard({ jwt })`: pinned algorithms,
 * issuer, audience and expiry; keys from a JWKS URL, local public keys or an HMAC secret. The
 * configuration is checked here: a mistake is a ConfigError naming the option.
 *
 * @example
 * import { jwtAuth } from '@bulwark/guard/jwt'
 * const guard = createGuard({
 *   jwt: jwtAuth({
 *     issuer: 'https://id.example.com/', audience: 'api', algorithms: ['RS256'],
 *     jwks: 'https://id.example.com/.well-known/jwks.json',
 *   }),
 * })
 */
export function jwtAuth(config: JwtConfig): JwtAuth {
  const resolved = resolveJwtConfig(config)
  return { config: resolved, verifier: (now) => verifierFor(resolved, now) }
}
