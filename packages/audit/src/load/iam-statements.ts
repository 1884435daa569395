import type { Located, Statement, Unknown } from '../model/types.js'
import { entry, list, type Node, str, templateText } from './tree.js'

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
