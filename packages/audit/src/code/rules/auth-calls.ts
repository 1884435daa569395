import type { CallSite } from '../rule.js'
import { calleeModule } from './support.js'

/** Packages that verify tokens or sessions. */
const AUTH_MODULES = new Set([
  'jsonwebtoken',
  'jose',
  'aws-jwt-verify',
  'jwks-rsa',
  'passport',
  '@bulwark/guard',
  'express-jwt',
  'jwt-simple',
  'fast-jwt',
  'firebase-admin',
  'google-auth-library',
  '@auth0/auth0-spa-js',
  'amazon-cognito-identity-js',
  'express-session',
  'iron-session',
])

/** A call that checks who the caller is: verifies a token, looks a session up, authenticates. */
export function isAuthCall(site: CallSite): boolean {
  const module = calleeModule(site)
  if (
    module !== undefined &&
    AUTH_MODULES.has(module) &&
    /verify|decode|authenticate|session|getUser|validate/i.test(site.name)
  ) {
    return true
  }
  return /^(?:verify\w*|jwtVerify|authenticate\w*|authorize\w*|checkAuth\w*|requireAuth\w*|ensureAuth\w*|isAuthenticated|validate(?:Token|Session|Jwt|JWT|User|Auth)\w*|getSession\w*|getUser(?:From)?(?:Token|Session)?|decodeToken|verifyToken|introspect\w*|getAuthUser\w*|currentUser)$/.test(
    site.name,
  )
}

/** `jsonwebtoken` (or `jwt-simple`) called as `jwt.<name>`, by module or by the receiver's usual name. */
export function isJsonWebToken(site: CallSite): boolean {
  const module = calleeModule(site)
  if (module === 'jsonwebtoken') return true
  return module === undefined && /^(?:jwt|jsonwebtoken|JWT)$/.test(site.receiverName ?? '')
}
