/** The parts of a request whose credentials are known. */
export interface RequestCredentialSource {
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly query?: Readonly<Record<string, string>> | undefined
  readonly body?: unknown
}

/** Shorter values would blank out ordinary words wherever they appear. */
const MIN_LENGTH = 6
const MAX_DEPTH = 8
const MAX_NODES = 500

/**
 * The credentials a request carries — the values of its sensitive headers (the token after
 * `Bearer`, each cookie value), query parameters and body fields — so that they are removed from
 * everything logged about this request, even where code writes them into prose ("login failed
 * for token abc…") that no pattern recognizes.
 *
 * @example
 * requestSecrets({ headers: { authorization: 'Bearer s3cr3t-t0ken' } }, isSensitiveKey)
 * // ['Bearer s3cr3t-t0ken', 's3cr3t-t0ken']
 */
export function requestSecrets(
  request: RequestCredentialSource,
  isSensitiveKey: (key: string) => boolean,
): string[] {
  const found = new Set<string>()
  const add = (value: unknown) => {
    if (typeof value === 'number' || typeof value === 'bigint') value = String(value)
    if (typeof value === 'string' && value.trim().length >= MIN_LENGTH) found.add(value.trim())
  }
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (!isSensitiveKey(name)) continue
    add(value)
    if (name === 'cookie') {
      for (const pair of value.split(';')) add(pair.slice(pair.indexOf('=') + 1))
    } else {
      const space = value.indexOf(' ')
      if (space > 0) add(value.slice(space + 1))
    }
  }
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (isSensitiveKey(name)) add(value)
  }
  let nodes = 0
  const visit = (value: unknown, depth: number) => {
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH || ++nodes > MAX_NODES)
      return
    for (const [key, child] of Object.entries(value)) {
      if (isSensitiveKey(key)) {
        add(child)
        if (Array.isArray(child)) for (const item of child) add(item)
      } else {
        visit(child, depth + 1)
      }
    }
  }
  visit(request.body, 0)
  return [...found]
}
