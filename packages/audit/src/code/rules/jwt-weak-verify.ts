import type { CodeRule } from '../rule.js'
import type { Value } from '../values.js'
import { isJsonWebToken } from './auth-calls.js'
import { OWASP, PRACTICE } from './support.js'

const SYMMETRIC = /^HS/
function algorithmsOf(options: Value | undefined, key: string): string[] | undefined {
  const algs = options?.props?.get(key)
  if (algs === undefined) return undefined
  if (algs.str !== undefined) return [algs.str]
  if (!algs.props) return []
  return [...algs.props.values()].map((v) => v.str ?? '?')
}

/** `jwt.verify` without pinned algorithms, with `none`, mixed key types, or `ignoreExpiration`. */
export const jwtWeakVerify: CodeRule = {
  meta: {
    id: 'jwt-weak-verify',
    title: 'JWT verification without pinned algorithms or expiry',
    category: 'weak-jwt-verification',
    severity: 'medium',
    practice: PRACTICE.auth,
    owasp: OWASP.brokenAuth,
    docs: {
      what: '`jwt.verify` (jsonwebtoken) called without an `algorithms` list, with `none` allowed, with HMAC and public-key algorithms mixed, or with `ignoreExpiration: true`; `jwt.sign` with `algorithm: "none"`.',
      why: 'Without pinned algorithms a token can choose how it is checked (`none`, or HS256 signed with your public key); ignoring expiry makes a stolen token valid forever.',
      fix: "Pass `{ algorithms: ['RS256'] }` (one family) and keep expiry checks on; also pin `issuer` and `audience`.",
      bad: 'const claims = jwt.verify(token, publicKey)',
      good: "const claims = jwt.verify(token, publicKey, { algorithms: ['RS256'], issuer, audience })",
    },
  },
  create(ctx) {
    return {
      call(site) {
        if (!isJsonWebToken(site)) return
        if (site.name === 'sign') {
          const alg = site.args[2]?.props?.get('algorithm')?.str
          if (alg?.toLowerCase() === 'none')
            ctx.report(
              site,
              'Tokens are signed with algorithm "none": anyone can forge them.',
              'critical',
            )
          return
        }
        if (site.name !== 'verify' || site.args.length < 2) return
        const options = site.args[2]?.fns ? undefined : site.args[2]
        const algorithms = algorithmsOf(options, 'algorithms')
        if (options?.props?.get('ignoreExpiration')?.lit === true) {
          ctx.report(
            site,
            'jwt.verify() with `ignoreExpiration: true`: expired (and stolen) tokens stay valid.',
            'high',
          )
        }
        if (algorithms === undefined) {
          // An options object we cannot see (built elsewhere) may well pin them: only what is visible counts.
          if (options === undefined || options.props) {
            ctx.report(
              site,
              'jwt.verify() without an `algorithms` list: the token chooses how it is checked (alg "none", HS256 signed with the public key).',
            )
          }
          return
        }
        if (algorithms.some((a) => a.toLowerCase() === 'none')) {
          ctx.report(
            site,
            'jwt.verify() accepts algorithm "none": unsigned tokens pass.',
            'critical',
          )
        } else if (
          algorithms.some((a) => SYMMETRIC.test(a)) &&
          algorithms.some((a) => /^(?:RS|ES|PS)/.test(a))
        ) {
          ctx.report(
            site,
            'jwt.verify() accepts both HMAC and public-key algorithms: a token signed with HS256 and your public key passes.',
          )
        }
      },
    }
  },
}
