import { SecretsErrorCode, secretError, secretLabel } from './errors.js'

/** A JSON secret (Secrets Manager's key/value secrets): an object, fresh on every call. */
export type JsonSecret = Readonly<Record<string, unknown>>

/**
 * Parses a secret as a JSON object. Errors name the secret and say what is wrong, never quoting
 * the text (a half-valid secret is still a secret), and drop the parser's own message for the
 * same reason. `__proto__` keys are refused: merged into a config object they would replace its
 * prototype.
 *
 * @example
 * parseJsonSecret('prod/db', '{"username":"app","password":"…"}').username // 'app'
 */
export function parseJsonSecret(name: string, text: string): JsonSecret {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw secretError(SecretsErrorCode.notJson, `${secretLabel(name)} is not valid JSON`)
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw secretError(SecretsErrorCode.notJson, `${secretLabel(name)} is not a JSON object`)
  }
  forEachNode(value, (node) => {
    if (!Array.isArray(node) && Object.hasOwn(node, '__proto__')) {
      throw secretError(
        SecretsErrorCode.notJson,
        `${secretLabel(name)} contains a "__proto__" key, which is refused`,
      )
    }
  })
  return value as JsonSecret
}

/**
 * One field of a JSON secret as a string (numbers and booleans, such as an RDS secret's `port`,
 * are converted).
 *
 * @example
 * secretField('prod/db', { host: 'db.internal', port: 5432 }, 'port') // '5432'
 */
export function secretField(name: string, secret: JsonSecret, field: string): string {
  const value = Object.hasOwn(secret, field) ? secret[field] : undefined
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  throw secretError(
    SecretsErrorCode.field,
    value === undefined
      ? `${secretLabel(name)} has no field ${JSON.stringify(field)}`
      : `field ${JSON.stringify(field)} of ${secretLabel(name)} is not a string, number or boolean`,
  )
}

/**
 * The string values inside a secret that is a JSON object (keys excluded), to register with the
 * redactor beside the whole text; none when it is not JSON. Walked without recursion, so any
 * nesting is safe.
 *
 * @example
 * jsonStringValues('{"user":"app","password":"s3cr3t-pw","port":5432}') // ['app', 's3cr3t-pw']
 */
export function jsonStringValues(text: string): string[] {
  if (!text.trimStart().startsWith('{')) return []
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return []
  }
  const strings: string[] = []
  forEachNode(value, (node) => {
    for (const child of Object.values(node)) {
      if (typeof child === 'string' && child !== '') strings.push(child)
    }
  })
  return strings
}

/** Calls `visit` on every object and array inside `root`, depth first, without recursion. */
function forEachNode(root: unknown, visit: (node: object) => void): void {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const node = stack.pop()
    if (node === null || typeof node !== 'object') continue
    visit(node)
    for (const child of Object.values(node)) {
      if (child !== null && typeof child === 'object') stack.push(child)
    }
  }
}
