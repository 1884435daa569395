import type { Located, Statement, Unknown } from '../model/types.js'
import { at, entries, entry, list, type Node, str, templateText } from './tree.js'

/**
 * Reads IAM policy statements (a `PolicyDocument.Statement` list, serverless.yml
 * `iam.role.statements`, a SAM inline policy) into the model. Intrinsics in resources are kept
 * as `${…}` templates (a `!GetAtt Table.Arn` is a narrowed resource); a value that cannot be
 * read at all is `'unknown'`.
 *
 * @example
 * const statements = readStatements(at(doc, 'Statement'))
 */
export function readStatements(node: Node | undefined, origin?: string): Statement[] {
  const out: Statement[] = []
  for (const item of list(node)) {
    if (item.kind !== 'map') continue
    const effectText = str(entry(item, 'Effect')?.value)
    const effect =
      effectText === 'Allow' || effectText === 'Deny' ? effectText : ('unknown' as const)
    out.push({
      span: item.span,
      effect,
      actions: readValues(entry(item, 'Action')?.value, false),
      notActions: readValues(entry(item, 'NotAction')?.value, false),
      resources: readValues(entry(item, 'Resource')?.value, true),
      notResources: readValues(entry(item, 'NotResource')?.value, true),
      hasCondition: entry(item, 'Condition') !== undefined,
      ...(origin === undefined ? {} : { origin }),
    })
  }
  return out
}

/** The statements of a policy document (`{ Version, Statement }`). */
export function readPolicyDocument(node: Node | undefined, origin?: string): Statement[] {
  return readStatements(entry(node, 'Statement')?.value, origin)
}

function readValues(node: Node | undefined, templates: boolean): Located<string | Unknown>[] {
  return list(node).map((item) => {
    if (item.kind === 'scalar' && item.value !== null) {
      return { value: String(item.value), span: item.span }
    }
    if (templates && item.kind === 'intrinsic') {
      return { value: templateText(item) ?? 'unknown', span: item.span }
    }
    return { value: 'unknown', span: item.span }
  })
}

/** Condition keys that limit a resource policy to networks or an organization, not everyone. */
const CALLER_CONDITIONS = /^aws:(sourceip|sourcevpce?|principalorgid|principalaccount)$/i

/**
 * Whether an API's resource policy statements condition callers on their network or
 * organization (`aws:SourceIp`, `aws:SourceVpce`, `aws:PrincipalOrgID`): only those callers reach
 * it, whatever its routes' authorizers.
 *
 * @example
 * limitsCallers(at(root, 'provider', 'apiGateway', 'resourcePolicy')) // true with an IP allowlist
 */
export function limitsCallers(statements: Node | undefined): boolean {
  return list(statements).some((statement) =>
    entries(at(statement, 'Condition')).some((operator) =>
      entries(operator.value).some((k) => CALLER_CONDITIONS.test(k.key)),
    ),
  )
}
