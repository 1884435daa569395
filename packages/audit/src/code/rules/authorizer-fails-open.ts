import type { CodeRule, Site, TrySite } from '../rule.js'
import type { Value } from '../values.js'
import {
  checksToken,
  comparesToken,
  statements,
  statementVerdict,
} from './authorizer-allows-all.js'
import { OWASP, PRACTICE } from './support.js'

/**
 * An authorizer answer that lets the caller in: `{ isAuthorized: true }`, an `execute-api` Allow
 * statement, or a response whose `policyDocument` holds one. A decision taken from the request is
 * `authorizer-allows-all`'s business, so only constant grants count here.
 */
function grants(v: Value | undefined): boolean {
  const props = v?.props
  if (!props) return false
  if (props.get('isAuthorized')?.lit === true) return true
  if (statementVerdict(v) === 'allow') return true
  return statements(props.get('policyDocument')).some((s) => statementVerdict(s) === 'allow')
}

/** The site is written inside the catch clause (or the `.catch` callback) of a `try`. */
function insideHandler(t: TrySite, site: Site): boolean {
  const handler = t.handler
  return (
    t.phase === 'catch' &&
    handler !== undefined &&
    handler.module === site.module &&
    handler.node.start <= site.node.start &&
    site.node.end <= handler.node.end
  )
}

/**
 * A Lambda authorizer that allows the request when verifying its token throws: an Allow policy or
 * `isAuthorized: true` returned from the `catch` around the verification.
 */
export const authorizerFailsOpen: CodeRule = {
  meta: {
    id: 'authorizer-fails-open',
    title: 'Lambda authorizer allows when token verification fails',
    category: 'missing-auth',
    severity: 'high',
    practice: PRACTICE.auth,
    owasp: OWASP.brokenAuth,
    docs: {
      what: 'A Lambda authorizer whose `catch` block (or `.catch(…)` callback) around the token verification returns an `execute-api:Invoke` Allow policy or an HTTP API `{ isAuthorized: true }`, directly or through a policy-building helper.',
      why: 'Verification fails by throwing: an expired or forged token, a malformed header, a JWKS endpoint that times out. An authorizer that allows in the catch turns every one of those into access, so any caller gets in by sending a token that does not verify, and an outage of the key endpoint opens the whole API.',
      fix: "Fail closed: in the catch, throw `new Error('Unauthorized')` (API Gateway answers 401), call `callback('Unauthorized')`, or return a Deny policy / `{ isAuthorized: false }`. Allow only on the path where the verification returned.",
      bad: "try {\n  const { payload } = await jwtVerify(token, jwks, { issuer, audience })\n  return allow(payload.sub, event.methodArn)\n} catch (error) {\n  console.error(error)\n  return allow('anonymous', event.methodArn) // an expired token or a JWKS outage lets everyone in\n}",
      good: "try {\n  const { payload } = await jwtVerify(token, jwks, { issuer, audience })\n  return allow(payload.sub, event.methodArn)\n} catch (error) {\n  console.error(error)\n  throw new Error('Unauthorized')\n}",
    },
  },
  create(ctx) {
    // The `try` statements whose protected part checked the token, and those whose catch checks
    // it again (a fallback verifier) before allowing.
    let verified = new Set<TrySite['node']>()
    let rechecked = new Set<TrySite['node']>()
    // One finding per catch, at the first allow written in it.
    let reported = new Set<TrySite['node']>()

    const checked = () => {
      for (const t of ctx.tries()) {
        if (t.phase === 'try') verified.add(t.node)
        else rechecked.add(t.node)
      }
    }

    const allowed = (site: Site) => {
      if (ctx.mode() !== 'handler') return
      const failOpen = ctx
        .tries()
        .find(
          (t) =>
            verified.has(t.node) &&
            !rechecked.has(t.node) &&
            !reported.has(t.node) &&
            insideHandler(t, site),
        )
      if (failOpen === undefined) return
      reported.add(failOpen.node)
      ctx.report(
        site,
        'The authorizer allows the request when token verification throws: an expired, forged or malformed token, or a failure to fetch the signing keys, lets every request in.',
      )
    }

    return {
      call(site) {
        if (ctx.mode() !== 'handler') return
        if (checksToken(site)) checked()
        else if (grants(site.result)) allowed(site)
      },
      compare(site) {
        if (ctx.mode() === 'handler' && comparesToken(site)) checked()
      },
      object(site) {
        const get = (key: string) => site.props.get(key)
        const isAuthorized = get('isAuthorized')
        if (isAuthorized?.value.lit === true) {
          allowed({ module: site.module, node: isAuthorized.node })
        }
        const effect = get('Effect')
        if (effect && get('Action')) {
          const statement = { props: new Map([...site.props].map(([k, p]) => [k, p.value])) }
          if (statementVerdict(statement) === 'allow')
            allowed({ module: site.module, node: effect.node })
        }
        const doc = get('policyDocument')
        if (doc && statements(doc.value).some((s) => statementVerdict(s) === 'allow')) {
          allowed({ module: site.module, node: doc.node })
        }
      },
      finish() {
        verified = new Set()
        rechecked = new Set()
        reported = new Set()
      },
    }
  },
}
