import type { AnyNode } from '../ast.js'
import type { CallSite, CodeRule, CompareSite, Site } from '../rule.js'
import { deepTaint, type Value } from '../values.js'
import { isAuthCall } from './auth-calls.js'
import { calleeModule, OWASP, PRACTICE } from './support.js'

/** Where a credential comes from in an authorizer's event: the token, a header, a cookie. */
const CREDENTIAL_ORIGIN =
  /authoriz|token|api-?key|secret|passw|cookie|identitySource|signature|session|credential|bearer/i

/** Node modules that only reshape a token (parse, decode, join): passing it there checks nothing. */
const RESHAPING_MODULES = /^(?:node:)?(?:util|querystring|url|buffer|path|string_decoder)$/

/** Calls that compare a secret without leaking timing, or a password against its hash. */
const COMPARE_CALLS =
  /^(?:timingSafeEqual|safeCompare|secureCompare|constantTimeEqual|compare(?:Sync)?)$/

/** What a credential from the event carries, when a value holds one. */
function credential(v: Value | undefined): boolean {
  const t = v ? deepTaint(v) : undefined
  return t !== undefined && CREDENTIAL_ORIGIN.test(t.origin)
}

/**
 * A call that checks the token: verifies it (jose, jsonwebtoken, aws-jwt-verify, …), compares it in
 * constant time, or looks it up (a package or an unknown API given the token, such as a database
 * query or an allowlist's `has`). Decoding, logging and string handling check nothing; calls into
 * the project's own functions are followed, so what they call is seen on its own.
 */
export function checksToken(site: CallSite): boolean {
  if (/decode/i.test(site.name)) return false
  if (isAuthCall(site) || COMPARE_CALLS.test(site.name)) return true
  if (site.callee.fns || !site.args.some(credential)) return false
  if (site.receiver && deepTaint(site.receiver)) return false
  const module = calleeModule(site)
  if (module === '<global>' || (module && RESHAPING_MODULES.test(module))) return false
  return !/^(?:console|logger|log|JSON|Buffer|Object|Array|Promise)$/.test(site.receiverName ?? '')
}

/** An operand that says nothing about a credential: `undefined`, `null`, `''`, numbers, `typeof`. */
function trivialOperand(v: Value, node: AnyNode | undefined): boolean {
  if (v.lit !== undefined || v.str === '') return true
  if (node?.type === 'Identifier' && node.name === 'undefined') return true
  return node?.type === 'UnaryExpression' && node.operator === 'typeof'
}

/** `token === process.env.TOKEN`, `switch (token) { case 'abc': … }`: the token is checked. */
export function comparesToken(site: CompareSite): boolean {
  const node = site.node as AnyNode
  const leftNode = node.type === 'BinaryExpression' ? (node.left as AnyNode) : undefined
  const rightNode = node.type === 'BinaryExpression' ? (node.right as AnyNode) : node
  if (credential(site.left) && !deepTaint(site.right)) return !trivialOperand(site.right, rightNode)
  if (credential(site.right) && !deepTaint(site.left)) return !trivialOperand(site.left, leftNode)
  return false
}

/** The strings an IAM `Action` holds: one string or an array of them. */
export function actions(v: Value | undefined): string[] {
  if (v?.str !== undefined) return [v.str]
  return [...(v?.props?.values() ?? [])].flatMap((a) => (a.str !== undefined ? [a.str] : []))
}

/** The statements of a policy document value (`Statement` as an array or a single object). */
export function statements(doc: Value | undefined): Value[] {
  const s = doc?.props?.get('Statement')
  if (!s?.props) return []
  return s.props.has('Effect') ? [s] : [...s.props.values()]
}

export type Verdict = 'allow' | 'from-input' | undefined

/** What a granted decision says: `Effect: 'Allow'`, `isAuthorized: true`, or a value from the event. */
function decision(v: Value | undefined, granted: (v: Value) => boolean): Verdict {
  if (v === undefined) return undefined
  if (deepTaint(v)) return 'from-input'
  return granted(v) ? 'allow' : undefined
}

export function statementVerdict(statement: Value): Verdict {
  const props = statement.props
  if (!props || !actions(props.get('Action')).some((a) => /^execute-api:/i.test(a)))
    return undefined
  return decision(props.get('Effect'), (v) => v.str?.toLowerCase() === 'allow')
}

/** An API Gateway Lambda authorizer that grants access without checking the caller's credentials. */
export const authorizerAllowsAll: CodeRule = {
  meta: {
    id: 'authorizer-allows-all',
    title: 'Lambda authorizer that allows without checking',
    category: 'missing-auth',
    severity: 'critical',
    practice: PRACTICE.auth,
    owasp: OWASP.brokenAuth,
    docs: {
      what: 'A Lambda authorizer that returns an `execute-api:Invoke` Allow policy (or an HTTP API `{ isAuthorized: true }`) on a path where no token has been verified, compared or looked up, or that takes the `Effect` / `isAuthorized` decision from the request itself.',
      why: 'API Gateway trusts whatever the authorizer answers: an authorizer that allows without checking turns every route it guards into a public one, while the template still looks protected.',
      fix: 'Verify the token before granting anything (jose `jwtVerify`, `jsonwebtoken.verify` with pinned algorithms, `aws-jwt-verify`, or a constant-time comparison with a stored secret / a lookup in the token store), return Deny (or throw `Unauthorized`) on every other path, and never copy the decision from the request.',
      bad: "export const handler = async (event) => ({\n  principalId: 'user',\n  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },\n})",
      good: "const verifier = CognitoJwtVerifier.create({ userPoolId, tokenUse: 'access', clientId })\nexport const handler = async (event) => {\n  const claims = await verifier.verify(event.authorizationToken) // throws: API Gateway answers 401\n  return { principalId: claims.sub, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } }\n}",
    },
  },
  create(ctx) {
    let checked = false
    let reported = false
    // The first allow reached while nothing was checked yet, and whether a check came after it.
    let pending: Site | undefined
    let pendingBeforeCheck = false

    // `statement.Action = …` / `statement.Effect = …` (the AWS blueprint builds its policy so),
    // matched by the variable they are written to.
    let apiActions = new Set<string>()
    let effects = new Map<string, { site: Site; verdict: Verdict; checkedThen: boolean }>()

    const judge = (site: Site, verdict: Verdict, checkedThen = checked) => {
      if (verdict === undefined || reported || ctx.mode() !== 'handler') return
      if (verdict === 'from-input') {
        reported = true
        ctx.report(
          site,
          "The authorizer's decision is taken from the request: any caller can grant itself access.",
        )
      } else if (!checkedThen) {
        pending ??= site
        if (checked) pendingBeforeCheck = true
      }
    }

    const assignedStatement = (name: string) => {
      const effect = effects.get(name)
      if (effect && apiActions.has(name)) judge(effect.site, effect.verdict, effect.checkedThen)
    }

    const policyDocument = (site: Site, doc: Value | undefined) => {
      for (const s of statements(doc)) judge(site, statementVerdict(s))
    }

    return {
      call(site) {
        if (ctx.mode() !== 'handler' || checked) return
        if (checksToken(site)) {
          checked = true
          if (pending) pendingBeforeCheck = true
        }
      },
      compare(site) {
        if (ctx.mode() !== 'handler' || checked) return
        if (comparesToken(site)) {
          checked = true
          if (pending) pendingBeforeCheck = true
        }
      },
      object(site) {
        const get = (key: string) => site.props.get(key)
        const isAuthorized = get('isAuthorized')
        if (isAuthorized) {
          judge(
            { module: site.module, node: isAuthorized.node },
            decision(isAuthorized.value, (v) => v.lit === true),
          )
        }
        if (get('Effect') && get('Action')) {
          const verdict = statementVerdict({
            props: new Map([...site.props].map(([k, p]) => [k, p.value])),
          })
          judge({ module: site.module, node: get('Effect')?.node ?? site.node }, verdict)
        }
        const doc = get('policyDocument')
        if (doc) policyDocument({ module: site.module, node: doc.node }, doc.value)
      },
      store(site) {
        if (ctx.mode() !== 'handler' || site.objectName === undefined) return
        if (site.name === 'Action' && actions(site.value).some((a) => /^execute-api:/i.test(a))) {
          apiActions.add(site.objectName)
        } else if (site.name === 'Effect') {
          const verdict = decision(site.value, (v) => v.str?.toLowerCase() === 'allow')
          effects.set(site.objectName, { site, verdict, checkedThen: checked })
        } else return
        assignedStatement(site.objectName)
      },
      finish() {
        if (pending && !reported) {
          if (pendingBeforeCheck) {
            ctx.report(
              pending,
              'The authorizer allows access on a path reached before any token is verified: a caller without valid credentials gets in.',
              'high',
            )
          } else {
            ctx.report(
              pending,
              'The authorizer allows access without verifying any token (no signature check, comparison or lookup): every caller gets in.',
            )
          }
        }
        checked = false
        reported = false
        pending = undefined
        pendingBeforeCheck = false
        apiActions = new Set()
        effects = new Map()
      },
    }
  },
}
