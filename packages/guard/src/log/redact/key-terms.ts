/**
 * Key names whose values are always redacted, whatever the value looks like. Written as words
 * (`api_key`) so the same list can match keys (`apiKey`, `X-Api-Key`, `APIKEY`) and `key=value`
 * text inside strings (`api-key: …`).
 *
 * Terms of four or more letters match anywhere in a key once case and separators are removed
 * (`clientSecret`, `db_password`, `x-amz-security-token`); shorter ones (`ssn`, `pin`, `cvv`) only
 * as a whole word of the key (`user_ssn`, `cardPin`), so that `classname` or `shipping` stay.
 *
 * @example
 * createRedactor({ keys: [...DEFAULT_KEY_TERMS, 'date_of_birth'] })
 */
export const DEFAULT_KEY_TERMS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'bearer',
  'cookie',
  'api_key',
  'access_key',
  'private_key',
  'credential',
  'signature',
  'connection_string',
  'card_number',
  'credit_card',
  'cc_number',
  'security_code',
  'cvv2',
  'cvc2',
  'social_security',
  'pwd',
  'pin',
  'pan',
  'otp',
  'cvv',
  'cvc',
  'ssn',
  'jwt',
]

/** Below this many letters a term must be a whole word of the key. */
export const WORD_TERM_MAX_LENGTH = 3

/**
 * The words of a key: split at separators, camelCase humps and acronym ends, lower-cased.
 *
 * @example
 * keyWords('X-Api-Key') // ['x', 'api', 'key']
 * keyWords('clientSecretID') // ['client', 'secret', 'id']
 */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
}
