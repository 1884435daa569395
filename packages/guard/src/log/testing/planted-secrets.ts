// Realistic secrets of every kind the redactor promises to remove, built from a seed so a
// fast-check counterexample can be replayed. Secrets are random where real ones are (a 40-character
// AWS secret key made of random base64, not 'AAAA…'), which fast-check's biased strings are not.

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const BASE64URL = `${ALNUM}-_`
const BASE64 = `${ALNUM}+/`
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

export function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T
}

export function randomString(rng: () => number, alphabet: string, length: number): string {
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)]
  return out
}

/** A token unique enough never to appear by chance: what a leak check can look for. */
export function uniqueToken(rng: () => number): string {
  return `${randomString(rng, ALNUM, 6)}Q${randomString(rng, ALNUM, 6 + Math.floor(rng() * 12))}`
}

function luhnComplete(partial: string): string {
  let sum = 0
  for (let i = 0; i < partial.length; i++) {
    let digit = Number(partial[partial.length - 1 - i])
    if (i % 2 === 0) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return `${partial}${(10 - (sum % 10)) % 10}`
}

/** A card number of a real network and length, with a valid check digit. */
export function cardNumber(rng: () => number): string {
  const [prefix, length] = pick(rng, [
    ['4', 16],
    ['4', 13],
    ['51', 16],
    ['55', 16],
    ['2221', 16],
    ['2720', 16],
    ['34', 15],
    ['37', 15],
    ['6011', 16],
    ['65', 16],
    ['3528', 16],
    ['62', 19],
  ] as const)
  return luhnComplete(prefix + randomString(rng, '0123456789', length - prefix.length - 1))
}

function grouped(digits: string, separator: string): string {
  return digits.match(/.{1,4}/g)?.join(separator) ?? digits
}

export type SecretKind =
  | 'jwt'
  | 'bearer'
  | 'basic'
  | 'awsKeyId'
  | 'awsSecret'
  | 'pem'
  | 'card'
  | 'apiKey'
  | 'sessionToken'
  | 'githubToken'
  | 'urlCredentials'
  | 'keyValue'
  | 'jsonKeyValue'
  | 'registered'

export const SECRET_KINDS: readonly SecretKind[] = [
  'jwt',
  'bearer',
  'basic',
  'awsKeyId',
  'awsSecret',
  'pem',
  'card',
  'apiKey',
  'sessionToken',
  'githubToken',
  'urlCredentials',
  'keyValue',
  'jsonKeyValue',
  'registered',
]

/** A secret as it would be written into text, and what must never appear in any output. */
export interface Planted {
  readonly text: string
  readonly needles: readonly string[]
}

/**
 * One secret of `kind`. `registered` picks from `pool`, values the caller has passed to
 * `registerSecret`.
 */
export function plantSecret(kind: SecretKind, rng: () => number, pool: readonly string[]): Planted {
  switch (kind) {
    case 'jwt': {
      const signature = randomString(rng, BASE64URL, 43)
      const token = `eyJ${randomString(rng, BASE64URL, 20 + Math.floor(rng() * 20))}.eyJ${randomString(rng, BASE64URL, 30 + Math.floor(rng() * 60))}.${signature}`
      return { text: token, needles: [token, signature] }
    }
    case 'bearer': {
      const token = `${randomString(rng, BASE64URL, 12)}.${randomString(rng, BASE64URL, 12 + Math.floor(rng() * 20))}`
      return { text: `${pick(rng, ['Bearer', 'bearer', 'BEARER'])} ${token}`, needles: [token] }
    }
    case 'basic': {
      const encoded = btoa(`${uniqueToken(rng)}:${uniqueToken(rng)}`)
      return { text: `Authorization: Basic ${encoded}`, needles: [encoded] }
    }
    case 'awsKeyId': {
      const id = `${pick(rng, ['AKIA', 'ASIA'])}${randomString(rng, UPPER_DIGITS, 16)}`
      return { text: id, needles: [id] }
    }
    case 'awsSecret': {
      const secret = randomString(rng, BASE64, 40)
      return { text: secret, needles: [secret] }
    }
    case 'pem': {
      const label = pick(rng, [
        'RSA PRIVATE KEY',
        'PRIVATE KEY',
        'EC PRIVATE KEY',
        'OPENSSH PRIVATE KEY',
        'ENCRYPTED PRIVATE KEY',
      ])
      const lines = Array.from({ length: 2 + Math.floor(rng() * 6) }, () =>
        randomString(rng, BASE64, 64),
      )
      const block = `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----`
      return { text: block, needles: lines }
    }
    case 'card': {
      const digits = cardNumber(rng)
      const text = pick(rng, [digits, grouped(digits, ' '), grouped(digits, '-')])
      return { text, needles: [digits, text] }
    }
    case 'apiKey': {
      const key = `bwk_${randomString(rng, ALNUM, 49)}`
      return { text: key, needles: [key] }
    }
    case 'sessionToken': {
      const token = `bws_${randomString(rng, BASE64URL, 43)}`
      return { text: token, needles: [token] }
    }
    case 'githubToken': {
      const token = `ghp_${randomString(rng, ALNUM, 36)}`
      return { text: token, needles: [token] }
    }
    case 'urlCredentials': {
      const password = uniqueToken(rng)
      const scheme = pick(rng, ['postgres', 'redis', 'https', 'mongodb+srv', 'amqp'])
      return {
        text: `${scheme}://app:${password}@db.internal.example:5432/main`,
        needles: [password],
      }
    }
    case 'keyValue': {
      const value = uniqueToken(rng)
      const key = pick(rng, [
        'password',
        'passwd',
        'api_key',
        'apiKey',
        'token',
        'access_token',
        'client_secret',
        'secret',
        'X-Api-Key',
        'pwd',
        'pin',
      ])
      const separator = pick(rng, ['=', ': ', ':', ' = '])
      return { text: `${key}${separator}${value}`, needles: [value] }
    }
    case 'jsonKeyValue': {
      const value = `${uniqueToken(rng)}${pick(rng, ['', ' ', ' two words '])}${uniqueToken(rng)}`
      const key = pick(rng, [
        'password',
        'clientSecret',
        'refresh_token',
        'authorization',
        'cookie',
        'cardNumber',
      ])
      const text = pick(rng, [
        `{"${key}":"${value}"}`,
        `{"${key}": "${value}", "x": 1}`,
        `'${key}': '${value}'`,
      ])
      return { text, needles: value.split(' ').filter((part) => part.length >= 6) }
    }
    case 'registered': {
      const secret = pick(rng, pool)
      return { text: secret, needles: [secret] }
    }
  }
}

/** Registered secrets: printable, with spaces, quotes, symbols and non-ASCII letters. */
export function registeredPool(rng: () => number, size: number): string[] {
  const alphabet = `${ALNUM}!#$%&()*+,-./:;<=>?@[]^_{|}~ "'\\éßЖ中`
  return Array.from(
    { length: size },
    () =>
      `${randomString(rng, ALNUM, 3)}${randomString(rng, alphabet, 5 + Math.floor(rng() * 16))}`,
  )
}

/** Key names that must have their values redacted, in the spellings people use. */
export const SENSITIVE_KEYS = [
  'password',
  'Password',
  'DB_PASSWORD',
  'newPassword',
  'passphrase',
  'secret',
  'clientSecret',
  'client_secret',
  'token',
  'accessToken',
  'refresh_token',
  'id_token',
  'x-csrf-token',
  'authorization',
  'Authorization',
  'proxy-authorization',
  'cookie',
  'Set-Cookie',
  'apiKey',
  'api_key',
  'X-Api-Key',
  'x-api-key',
  'privateKey',
  'private_key',
  'aws_secret_access_key',
  'credentials',
  'connectionString',
  'cardNumber',
  'card_number',
  'creditCard',
  'cvv',
  'card_cvv',
  'cvc',
  'ssn',
  'user_ssn',
  'pin',
  'otp',
  'signature',
] as const
