import type { CallSite, CodeRule, Site, TrySite } from '../rule.js'
import type { Value } from '../values.js'
import {
  checksToken,
  comparesToken,
  statements,
  statementVerdict,
} from './authorizer-allows-all.js'
import { errorBranches, type SourceRange } from './error-branches.js'
import { OWASP, PRACTICE } from './support.js'
import { allowsAfterCatch, onLeavingPath, swallows } from './swallowed-errors.js'

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

const isDeny = (statement: Value) => statement.props?.get('Effect')?.str?.toLowerCase() === 'deny'

/** A denial: `{ isAuthorized: false }`, a Deny statement or a policy holding one. */
function denies(v: Value | undefined): boolean {
  const props = v?.props
  if (!props) return false
  if (props.get('isAuthorized')?.lit === false) return true
  return isDeny(v) || statements(props.get('policyDocument')).some(isDeny)
}

/**
 * An argument that decides the answer rather than naming the caller or the resource: an
 * `Effect` string, an `isAuthorized` flag, a response object.
 */
function decides(v: Value | undefined): boolean {
  return v?.lit !== undefined || v?.props !== undefined || /^(allow|deny)$/i.test(v?.str ?? '')
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

function within(range: SourceRange, site: Site): boolean {
  return range.start <= site.node.start && site.node.end <= range.end
}

/**
 * An allow handed to a function the analysis knows nothing of: Lambda's `callback(null, ALLOW)`
 * or a promise's `resolve(ALLOW)`, answering with a policy built elsewhere (a module constant).
 * Known APIs (`console.log(policy)`) answer nothing.
 */
function answeredArgument(site: CallSite): Site | undefined {
  if (site.callee.fns || site.callee.api) return undefined
  const index = site.args.findIndex(grants)
  const node = site.node.arguments[index]
  return node ? { module: site.module, node } : undefined
}

/**
 * A Lambda authorizer that allows the request when verifying its token fails: an Allow policy or
 * `isAuthorized: true` answered from the `catch` around the verification, or from the error
 * branch of jsonwebtoken's verification callback.
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
      what: 'A Lambda authorizer whose `catch` block (or `.catch(…)` callback) around the token verification, or the error branch of a verification callback (`jwt.verify(token, key, options, (err, decoded) => { if (err) … })`), answers an `execute-api:Invoke` Allow policy or an HTTP API `{ isAuthorized: true }`: written there, built by a policy helper, kept in a module constant, or assigned to the variable returned after the `try`.',
      why: 'Verification fails by throwing: an expired or forged token, a malformed header, a JWKS endpoint that times out. An authorizer that allows in the catch turns every one of those into access, so any caller gets in by sending a token that does not verify, and an outage of the key endpoint opens the whole API.',
      fix: "Fail closed: in the catch, throw `new Error('Unauthorized')` (API Gateway answers 401), call `callback('Unauthorized')`, or return a Deny policy / `{ isAuthorized: false }`. Allow only on the path where the verification returned.",
      bad: "try {\n  const { payload } = await jwtVerify(token, jwks, { issuer, audience })\n  return allow(payload.sub, event.methodArn)\n} catch (error) {\n  console.error(error)\n  return allow('anonymous', event.methodArn) // an expired token or a JWKS outage lets everyone in\n}",
      good: "try {\n  const { payload } = await jwtVerify(token, jwks, { issuer, audience })\n  return allow(payload.sub, event.methodArn)\n} catch (error) {\n  console.error(error)\n  throw new Error('Unauthorized')\n}",
    },
  },
  create(ctx) {
    // The `try` statements whose protected part checked the token, and those whose catch checks
    // it again (a fallback verifier) before allowing.
    let verified = new Map<TrySite['node'], TrySite['module']>()
    let rechecked = new Set<TrySite['node']>()
    // The `try` statements whose catch answered a denial (`callback('Unauthorized')`) on a path
    // that falls through to what follows the `try`.
    let denied = new Set<TrySite['node']>()
    // One finding per catch (or verification callback), at the first allow written in it.
    let reported = new Set<Site['node']>()
    // Every allow and verification so far: a verification callback runs before its call returns,
    // so what happened in it is only judged once the call is seen to verify the token.
    let allows: Site[] = []
    let verifications: Site[] = []

    const checked = (site: Site) => {
      verifications.push(site)
      for (const t of ctx.tries()) {
        if (t.phase === 'try') verified.set(t.node, t.module)
        else rechecked.add(t.node)
      }
    }

    const deniedAt = (site: Site) => {
      for (const t of ctx.tries()) {
        if (insideHandler(t, site) && !onLeavingPath(t.node, site.node, t.module.program))
          denied.add(t.node)
      }
    }

    // `args`: the arguments of an allow answered by a call, to tell a decision taken from the
    // verification (`policy(sub, effect, arn)`) from a constant one (`policy(sub, 'Allow', arn)`).
    const allowed = (site: Site, args?: readonly Value[]) => {
      if (ctx.mode() !== 'handler') return
      allows.push(site)
      const failOpen = ctx
        .tries()
        .find(
          (t) =>
            verified.has(t.node) &&
            !rechecked.has(t.node) &&
            !reported.has(t.node) &&
            insideHandler(t, site),
        )
      if (failOpen !== undefined) {
        reported.add(failOpen.node)
        ctx.report(
          site,
          'The authorizer allows the request when token verification throws: an expired, forged or malformed token, or a failure to fetch the signing keys, lets every request in.',
        )
        return
      }
      swallowedBefore(site, args)
    }

    // `try { claims = verify(…) } catch (e) { log(e) }`, or a catch that rethrows only some errors
    // (`if (e.code !== 'ERR_JWT_EXPIRED') throw e`), and an allow after it that runs either way.
    const swallowedBefore = (site: Site, args: readonly Value[] | undefined) => {
      const decisive = args && ((index: number) => decides(args[index]))
      for (const [node, module] of verified) {
        if (module !== site.module || rechecked.has(node) || denied.has(node)) continue
        if (reported.has(node)) continue
        if (!allowsAfterCatch(module.program, node, site.node, decisive)) continue
        reported.add(node)
        ctx.report(
          site,
          swallows(node)
            ? 'The authorizer allows the request after a catch that swallows the token verification error: an expired, forged or malformed token, or a failure to fetch the signing keys, lets every request in.'
            : 'The authorizer allows the request after a catch that rethrows only some token verification errors: the ones it lets through (an expired token, say) reach the allow, so a token that does not verify still gets in.',
        )
        return
      }
    }

    // `jwt.verify(token, key, options, (err, claims) => …)`: an allow on the branch taken with
    // an error, unless that branch verifies again (a fallback key).
    const verifiedThrough = (site: CallSite) => {
      const callbacks = site.args[site.args.length - 1]?.fns ?? []
      for (const callback of callbacks) {
        const failing = errorBranches(callback.node).filter(
          (range) => !verifications.some((v) => v.module === callback.module && within(range, v)),
        )
        const failOpen = allows.find(
          (a) => a.module === callback.module && failing.some((range) => within(range, a)),
        )
        if (failOpen === undefined || reported.has(callback.node as Site['node'])) continue
        reported.add(callback.node as Site['node'])
        ctx.report(
          failOpen,
          'The authorizer allows the request on the error branch of the token verification: an expired, forged or malformed token, or a failure to fetch the signing keys, lets every request in.',
        )
      }
    }

    return {
      call(site) {
        if (ctx.mode() !== 'handler') return
        if (checksToken(site)) {
          checked(site)
          verifiedThrough(site)
        } else if (grants(site.result)) allowed(site, site.args)
        else {
          const answer = answeredArgument(site)
          if (answer) allowed(answer)
          // A Deny policy built by a helper, or `callback('Unauthorized')`: an error handed to a
          // function the analysis knows nothing of.
          const unknownCallee = !site.callee.fns && !site.callee.api
          if (denies(site.result) || (unknownCallee && site.args[0]?.str !== undefined))
            deniedAt(site)
        }
      },
      compare(site) {
        if (ctx.mode() === 'handler' && comparesToken(site)) checked(site)
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
        if (isAuthorized?.value.lit === false || effect?.value.str?.toLowerCase() === 'deny')
          deniedAt(site)
        const doc = get('policyDocument')
        if (doc && statements(doc.value).some((s) => statementVerdict(s) === 'allow')) {
          allowed({ module: site.module, node: doc.node })
        }
      },
      // `result = ALLOW` in the catch, answered after it.
      store(site) {
        if (ctx.mode() !== 'handler') return
        if (grants(site.value)) allowed(site)
        else if (denies(site.value)) deniedAt(site)
      },
      // `return ALLOW`, a policy built once at module level.
      return(site) {
        if (ctx.mode() === 'handler' && grants(site.value)) allowed(site)
      },
      finish() {
        verified = new Map()
        rechecked = new Set()
        denied = new Set()
        reported = new Set()
        allows = []
        verifications = []
      },
    }
  },
}
