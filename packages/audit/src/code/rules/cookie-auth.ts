import type { CodeRule } from '../rule.js'
import { deepTaint, Source } from '../values.js'
import { isAuthCall } from './auth-calls.js'
import { OWASP, PRACTICE } from './support.js'

const AUTH_COOKIE =
  /token|session|sess\b|sid|auth|jwt|access|login|credential|remember|^(?:user|uid|user_?id|id)$/i

/** Authentication that trusts a cookie. */
export const cookieAuth: CodeRule = {
  meta: {
    id: 'cookie-auth',
    title: 'Caller authenticated from a cookie',
    category: 'cookie-auth',
    severity: 'high',
    practice: PRACTICE.auth,
    owasp: OWASP.brokenAuth,
    docs: {
      what: 'A handler that authenticates the caller from a cookie: a session or token cookie is read and verified, or passed to an auth check.',
      why: 'Browsers attach cookies to every request, including ones another site triggers: cookie auth invites CSRF, and cookies leak through subdomains and logs. The guide asks for bearer tokens in the Authorization header.',
      fix: 'Send the token as `Authorization: Bearer …` and check it against the token store (the guard refuses tokens in cookies and query strings).',
      bad: "const token = cookie.parse(event.headers.Cookie || '').session\nconst user = jwt.verify(token, key, { algorithms: ['RS256'] })",
      good: "const token = (event.headers.authorization || '').replace(/^Bearer /, '')\nconst user = jwt.verify(token, key, { algorithms: ['RS256'] })",
    },
  },
  create(ctx) {
    return {
      read(site) {
        const t = site.object.taint
        if (!t || (t.sources & Source.cookie) === 0 || site.key === undefined) return
        if (site.object.shape === 'headers') return
        if (AUTH_COOKIE.test(site.key)) {
          ctx.report(
            site,
            `The \`${site.key}\` cookie is read to identify the caller: cookie authentication.`,
          )
        }
      },
      call(site) {
        if (!isAuthCall(site)) return
        for (const arg of site.args) {
          const t = deepTaint(arg)
          if (t && (t.sources & Source.cookie) !== 0 && t.whole === 0) {
            ctx.report(
              site,
              `A cookie (${t.origin}) is passed to ${site.name}() to authenticate the caller.`,
            )
            return
          }
        }
      },
    }
  },
}
