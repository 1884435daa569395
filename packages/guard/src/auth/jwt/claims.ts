import type { JWTPayload } from 'jose'
import { JwtErrorCode, tokenError } from './errors.js'
import type { VerifiedJwt } from './principal.js'

const MAX_ID_LENGTH = 512

/**
 * Reads claims that jose has already verified (signature, issuer, audience, times, required
 * claims). What is left is the shape of the claims this guard reads itself.
 *
 * @example
 * readVerifiedClaims(payload, { userIdClaim: 'sub', permissionsClaim: 'scope' })
 */
export function readVerifiedClaims(
  claims: JWTPayload,
  names: { readonly userIdClaim: string; readonly permissionsClaim: string },
): VerifiedJwt {
  const userId = claims[names.userIdClaim]
  if (typeof userId !== 'string' || userId === '' || userId.length > MAX_ID_LENGTH) {
    throw tokenError(JwtErrorCode.claim, `token "${names.userIdClaim}" claim is not a user id`)
  }
  const iat = claims.iat as number
  const authTime = claims.auth_time
  if (authTime !== undefined && (typeof authTime !== 'number' || !Number.isFinite(authTime))) {
    throw tokenError(JwtErrorCode.claim, 'token "auth_time" claim is not a number')
  }
  const { jti } = claims
  if (jti !== undefined && (typeof jti !== 'string' || jti === '' || jti.length > MAX_ID_LENGTH)) {
    throw tokenError(JwtErrorCode.claim, 'token "jti" claim is not an id')
  }
  return {
    userId,
    permissions: readPermissions(claims[names.permissionsClaim], names.permissionsClaim),
    issuedAt: iat * 1000,
    // A login cannot come after the token it produced; taking the earlier one means a token with
    // an odd auth_time never counts as a fresher login than it is.
    authenticatedAt: Math.min(authTime ?? iat, iat) * 1000,
    ...(jti === undefined ? {} : { jti }),
    data: Object.freeze({ ...claims }),
  }
}

/**
 * Permission ids from a claim: a space-separated string (OAuth `scope`), or an array of strings
 * (`permissions`, `cognito:groups`, `roles`). Absent means none.
 *
 * @example
 * readPermissions('notes:read notes:write', 'scope') // ['notes:read', 'notes:write']
 */
export function readPermissions(value: unknown, claim: string): readonly string[] {
  if (value === undefined) return []
  if (typeof value === 'string') return Object.freeze(value.split(' ').filter((id) => id !== ''))
  if (Array.isArray(value) && value.every((id) => typeof id === 'string')) {
    return Object.freeze([...value])
  }
  throw tokenError(JwtErrorCode.claim, `token "${claim}" claim is not a list of permissions`)
}
