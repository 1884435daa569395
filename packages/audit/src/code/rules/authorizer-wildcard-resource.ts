import type { AnyNode } from '../ast.js'
import { unwrapExpression } from '../ast.js'
import type { CodeRule } from '../rule.js'
import type { Value } from '../values.js'
import { actions } from './authorizer-allows-all.js'
import { OWASP, PRACTICE } from './support.js'

/** `*`, or an execute-api ARN whose stage, method or path is a wildcard (`api-id/` then `*`). */
const WILDCARD = /^\*$|^arn:[^:]*:execute-api:[^/]*\/(?:[^/]*\/)?\*(?:\/\*)*$/

/** The text a resource ends with, when it is a string or a template/concatenation ending in text. */
function endsWildcard(value: Value, node: AnyNode): boolean {
  if (value.str !== undefined) return WILDCARD.test(value.str)
  const n = unwrapExpression(node)
  if (n.type === 'TemplateLiteral') {
    const last = n.quasis[n.quasis.length - 1]?.value?.cooked ?? ''
    return /\/\*(?:\/\*)*$/.test(last)
  }
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const right = unwrapExpression(n.right)
    return (
      right.type === 'Literal' &&
      typeof right.value === 'string' &&
      /\/\*(?:\/\*)*$/.test(right.value)
    )
  }
  return false
}

/** An authorizer policy that allows every route of the API: `Resource: '*'`, or every stage and path. */
export const authorizerWildcardResource: CodeRule = {
  meta: {
    id: 'authorizer-wildcard-resource',
    title: 'Lambda authorizer allows every route of the API',
    category: 'missing-auth',
    severity: 'medium',
    practice: PRACTICE.auth,
    owasp: OWASP.accessControl,
    docs: {
      what: 'A Lambda authorizer policy whose `execute-api:Invoke` Allow statement has a wildcard `Resource` (`*`, `arn:aws:execute-api:…:api-id/*/*`) instead of the routes the caller may use.',
      why: 'API Gateway caches the policy per token (5 minutes by default) and applies it to every route: one token that may read its own profile is then allowed on the admin routes of the same API too.',
      fix: "Allow only the routes the caller's claims permit (`event.methodArn`, or the ARNs of the caller's routes), and check per-route permissions in the authorizer or the handler.",
      bad: "Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }]",
      good: "Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }]",
    },
  },
  create(ctx) {
    return {
      object(site) {
        if (ctx.mode() !== 'handler') return
        const action = site.props.get('Action')
        const effect = site.props.get('Effect')
        const resource = site.props.get('Resource')
        if (!action || !effect || !resource) return
        if (!actions(action.value).some((a) => /^execute-api:/i.test(a))) return
        if (effect.value.str !== undefined && effect.value.str.toLowerCase() !== 'allow') return
        const valueNode = (resource.node as AnyNode).value as AnyNode
        const elements: Array<[Value, AnyNode]> =
          valueNode.type === 'ArrayExpression'
            ? (valueNode.elements as (AnyNode | null)[]).flatMap((el, i) => {
                const v = resource.value.props?.get(String(i))
                return el && v ? [[v, el] as [Value, AnyNode]] : []
              })
            : [[resource.value, valueNode]]
        if (elements.some(([v, n]) => endsWildcard(v, n))) {
          ctx.report(
            { module: site.module, node: resource.node },
            'The authorizer allows `execute-api:Invoke` on every route of the API: a token allowed for one route opens all of them.',
          )
        }
      },
    }
  },
}
