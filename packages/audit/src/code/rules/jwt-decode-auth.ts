import type { CodeRule, Site } from '../rule.js'
import { deepTaint } from '../values.js'
import { isJsonWebToken } from './auth-calls.js'
import { calleeModule, OWASP, PRACTICE } from './support.js'

/** `jwt.decode` (no signature check) used on a token from the request, with nothing verifying it. */
export const jwtDecodeAuth: CodeRule = {
  meta: {
    id: 'jwt-decode-auth',
    title: 'Token decoded but never verified',
    category: 'weak-jwt-verification',
    severity: 'high',
    practice: PRACTICE.auth,
    owasp: OWASP.brokenAuth,
    docs: {
      what: 'A token from the request decoded without verification (`jwt.decode`, `jwtDecode`, jose `decodeJwt`) in a handler that never verifies it and sits behind no authorizer.',
      why: 'Decoding reads the claims without checking the signature: anyone can write `{"sub":"admin"}` into a token and be believed.',
      fix: 'Verify the token (`jwt.verify` with pinned `algorithms`, jose `jwtVerify`, `aws-jwt-verify`), or put an authorizer in front of the route and read the claims it passes in `requestContext`.',
      bad: "const claims = jwt.decode(event.headers.authorization.split(' ')[1])\nif (claims.role === 'admin') return deleteUser(event.pathParameters.id)",
      good: "const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'], issuer, audience })\nif (claims.role === 'admin') return deleteUser(event.pathParameters.id)",
    },
  },
  create(ctx) {
    let decodes: Array<{ site: Site; origin: string }> = []
    let verified = false
    return {
      call(site) {
        if (ctx.mode() !== 'handler') return
        const module = calleeModule(site)
        const jwtLib = isJsonWebToken(site)
        if (
          (jwtLib && site.name === 'verify') ||
          site.name === 'jwtVerify' ||
          (module === 'aws-jwt-verify' && site.name === 'verify')
        ) {
          verified = true
          return
        }
        const decode =
          (jwtLib && site.name === 'decode') ||
          (module === 'jwt-decode' || module === 'jose'
            ? /^(?:jwtDecode|jwt_decode|decodeJwt|default|)$/.test(site.name) || site.name === ''
            : false) ||
          site.name === 'jwtDecode' ||
          site.name === 'jwt_decode'
        if (!decode) return
        const t = site.args[0] ? deepTaint(site.args[0]) : undefined
        if (t) decodes.push({ site, origin: t.origin })
      },
      finish() {
        const routes = ctx.handler()?.routes
        const behindAuthorizer =
          routes !== undefined && routes.length > 0 && routes.every((r) => r.authorizer)
        if (!verified && !behindAuthorizer) {
          for (const d of decodes) {
            ctx.report(
              d.site,
              `The token from \`${d.origin}\` is decoded but its signature is never verified: anyone can forge its claims.`,
            )
          }
        }
        decodes = []
        verified = false
      },
    }
  },
}
