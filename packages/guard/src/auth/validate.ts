/** Checks on what application code passes to sessions and API keys: bad input changes nothing. */

const MAX_ID_LENGTH = 256
const MAX_PERMISSIONS = 1000
const MAX_DATA_BYTES = 16_384

/** A non-empty id without control characters, at most 256 characters. */
export function checkId(where: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > MAX_ID_LENGTH ||
    hasControlCharacter(value)
  ) {
    throw new TypeError(
      `${where} must be a non-empty string of at most ${MAX_ID_LENGTH} characters without control characters`,
    )
  }
  return value
}

/** A list of ids (permissions, scopes), deduplicated, order kept. */
export function checkIdList(where: string, value: unknown): string[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > MAX_PERMISSIONS) {
    throw new TypeError(`${where} must be an array of at most ${MAX_PERMISSIONS} strings`)
  }
  return [...new Set(value.map((item, index) => checkId(`${where}[${index}]`, item)))]
}

/** Small JSON data stored with a session: a plain object that survives JSON. */
export function checkData(where: string, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${where} must be a plain object`)
  }
  let text: string
  try {
    text = JSON.stringify(value)
  } catch {
    throw new TypeError(`${where} must be JSON-serializable`)
  }
  if (text.length > MAX_DATA_BYTES) {
    throw new TypeError(`${where} must serialize to at most ${MAX_DATA_BYTES} characters`)
  }
  return JSON.parse(text) as Record<string, unknown>
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code < 0x20 || code === 0x7f) return true
  }
  return false
}
