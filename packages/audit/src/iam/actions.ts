import { ENCODED_ACTIONS } from './data/actions.generated.js'
import { type ActionInfo, decodeServiceActions } from './encode.js'

export type { AccessLevel, ActionInfo } from './encode.js'

const decoded = new Map<string, Map<string, ActionInfo>>()

/** One service's actions by lower-cased name, decoded on first use. */
function serviceActions(service: string): Map<string, ActionInfo> | undefined {
  const key = service.toLowerCase()
  const cached = decoded.get(key)
  if (cached !== undefined) return cached
  const encoded = ENCODED_ACTIONS[key]
  if (encoded === undefined) return undefined
  const map = new Map(decodeServiceActions(encoded).map((a) => [a.name.toLowerCase(), a]))
  decoded.set(key, map)
  return map
}

/** Whether `service` is an IAM service prefix the data knows (`s3`, `dynamodb`, …). */
export function isKnownService(service: string): boolean {
  return ENCODED_ACTIONS[service.toLowerCase()] !== undefined
}

/**
 * What the IAM data says about one action (case-insensitive, as IAM is).
 *
 * @example
 * actionInfo('sns:ListTopics') // { name: 'ListTopics', level: 'list', wildcardOnly: true }
 */
export function actionInfo(action: string): ActionInfo | undefined {
  const colon = action.indexOf(':')
  if (colon < 0) return undefined
  return serviceActions(action.slice(0, colon))?.get(action.slice(colon + 1).toLowerCase())
}

/**
 * The actions an IAM action pattern matches (`*` and `?` wildcards in the action part).
 *
 * @example
 * expandAction('iam:Create*').map((a) => a.name) // ['CreateAccessKey', 'CreateRole', …]
 */
export function expandAction(pattern: string): ActionInfo[] {
  const colon = pattern.indexOf(':')
  if (colon < 0) return []
  const actions = serviceActions(pattern.slice(0, colon))
  if (actions === undefined) return []
  const name = pattern.slice(colon + 1)
  if (!/[*?]/.test(name)) {
    const one = actions.get(name.toLowerCase())
    return one === undefined ? [] : [one]
  }
  const re = new RegExp(
    `^${name
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  )
  return [...actions.values()].filter((a) => re.test(a.name))
}

/**
 * True when every action the pattern matches accepts only `Resource: "*"` (no resource type),
 * such as `xray:PutTraceSegments` or `ec2:DescribeNetworkInterfaces`: a wildcard resource is
 * then not a finding. Unknown actions are not wildcard-only (never guessed safe).
 *
 * @example
 * acceptsOnlyWildcardResource('xray:PutTraceSegments') // true
 * acceptsOnlyWildcardResource('s3:GetObject') // false
 */
export function acceptsOnlyWildcardResource(pattern: string): boolean {
  const matched = expandAction(pattern)
  return matched.length > 0 && matched.every((a) => a.wildcardOnly)
}
