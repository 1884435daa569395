// `@bulwark/guard/jwt`: bearer JWT verification, on jose. A subpath of its own, so that only the
// bundles that verify JWTs carry jose.
export type { JwtAlgorithm, JwtConfig, JwtLocalKey, RemoteJwksOptions } from './config.js'
export { JwtErrorCode } from './errors.js'
export { type JwtAuth, jwtAuth } from './jwt-auth.js'
export type { JwtPrincipal, VerifiedJwt } from './principal.js'
export type { JwtRevocations } from './revocation.js'
export { createJwtVerifier, type JwtVerifier } from './verifier.js'
