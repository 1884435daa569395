import { keyWords, WORD_TERM_MAX_LENGTH } from './key-terms.js'
import { containsCardNumber } from './luhn.js'
import { MIN_EMBEDDED_SECRET_LENGTH } from './secret-registry.js'

/** Finds secrets inside strings by their shape, by a sensitive `key=value`, or by exact value. */
export interface ValueScanner {
  /** `text` with every secret replaced; the same string when there was none. */
  redact(text: string): string
  /**
   * At most about `maxLength` characters of `text`, redacted, never cutting through a secret:
   * the scan reads `margin` characters past the cut so a secret that straddles it is found whole
   * and dropped whole.
   */
  redactPrefix(text: string, maxLength: number, margin: number): string
}

export interface ValueScannerOptions {
  readonly keyTerms: readonly string[]
  readonly secrets: Iterable<string>
  readonly censor: string
  readonly patterns: readonly RegExp[]
}

/** Between a sensitive key and its value: `=`, `:`, `": "` (JSON), `\\":\\"` (JSON in a string). */
const KV_SEPARATOR = `\\\\?["']?[ \\t]{0,3}[:=][ \\t]{0,3}`
/** A quoted value, to its closing quote or, when cut short, to the end of the text. */
const QUOTED_VALUE = `"(?:[^"\\\\]|\\\\.)*(?:"|$)|\\\\"(?:[^"\\\\]|\\\\[^"])*(?:\\\\"|$)|'[^']*(?:'|$)`

const TOKEN_SCHEMES = '(?:[Bb]earer|BEARER|[Bb]asic|BASIC|[Dd]igest|[Tt]oken|[Bb]ot)'

/**
 * One regular expression for every shape, compiled once: V8 scans the string a single time
 * whatever the number of kinds. Named groups say which kind matched; kinds that need a check the
 * expression cannot express (Luhn, character mix) are confirmed in the replacer.
 */
function scannerSource(keyTerms: readonly string[], secrets: Iterable<string>): string {
  const longTerms: string[] = []
  const shortTerms: string[] = []
  for (const term of keyTerms) {
    const words = keyWords(term)
    if (words.length === 0) continue
    const source = words.map(caseless).join('[-_. ]?')
    if (words.join('').length <= WORD_TERM_MAX_LENGTH) shortTerms.push(source)
    else longTerms.push(source)
  }
  const embedded = [...secrets]
    .filter((secret) => secret.length >= MIN_EMBEDDED_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
  const keyAlternatives = [
    longTerms.length > 0 ? `(?:${longTerms.join('|')})[A-Za-z0-9_.-]*` : undefined,
    shortTerms.length > 0
      ? `(?<![A-Za-z])(?:${shortTerms.join('|')})(?![A-Za-z])[A-Za-z0-9_.-]*`
      : undefined,
  ].filter((source) => source !== undefined)

  const alternatives = [
    embedded.length > 0 ? `(?<secret>${embedded.join('|')})` : undefined,
    // A private key block, to its END line or, when cut short, to the end of the text.
    '(?<pem>-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]*?-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|[\\s\\S]*))',
    '(?<jwt>eyJ[A-Za-z0-9_-]{2,}(?:\\.[A-Za-z0-9_-]*){1,4})',
    // Cookie headers hold several `name=value` pairs: everything to the end of the line goes.
    `(?<cookiekey>(?:${caseless('set')}-)?${caseless('cookie')})(?<cookiesep>${KV_SEPARATOR})(?<cookieval>${QUOTED_VALUE}|[^\\r\\n"'\\\\]+)`,
    keyAlternatives.length > 0
      ? `(?<kvkey>${keyAlternatives.join('|')})(?<kvsep>${KV_SEPARATOR})(?<kvval>${QUOTED_VALUE}|(?:${TOKEN_SCHEMES}[ \\t]+)?[^\\s"'&,;)}\\]<>]+)`
      : undefined,
    `(?<![A-Za-z])(?<scheme>(?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \\t]+)(?<schemeval>[A-Za-z0-9._~+/=-]{8,})`,
    '(?<urlscheme>(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}:\\/\\/)(?<userinfo>[^\\s/?#@"\'<>]+)@',
    '(?<![A-Za-z0-9])(?<prefixed>bw[ks]_[A-Za-z0-9_-]{8,}|(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|[sr]k_(?:live|test)_|AIza)[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36})',
    '(?<slackhook>hooks\\.slack\\.com\\/(?:services|workflows|triggers)\\/[A-Za-z0-9\\/_-]+)',
    '(?<![A-Z0-9])(?<awsid>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16})(?![A-Z0-9])',
    // Exactly 40 base64 characters (30 random bytes, so never padded): '=' is a separator here.
    '(?<![A-Za-z0-9/+])(?<awssecret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])',
    '(?<![0-9])(?<card>[0-9](?:[ -]?[0-9]){12,63})(?![0-9])',
  ]
  return alternatives.filter((source) => source !== undefined).join('|')
}

interface ScannerGroups {
  secret?: string
  pem?: string
  jwt?: string
  cookiekey?: string
  cookiesep?: string
  cookieval?: string
  kvkey?: string
  kvsep?: string
  kvval?: string
  scheme?: string
  schemeval?: string
  urlscheme?: string
  awssecret?: string
  card?: string
}

/**
 * Compiles the scanner for a set of key terms, registered secrets and extra patterns.
 *
 * @example
 * const scanner = compileValueScanner({ keyTerms: ['password'], secrets: [], censor: '[REDACTED]', patterns: [] })
 * scanner.redact('login with password=hunter2') // 'login with password=[REDACTED]'
 */
export function compileValueScanner(options: ValueScannerOptions): ValueScanner {
  const { censor } = options
  const combined = new RegExp(scannerSource(options.keyTerms, options.secrets), 'g')
  const extra = options.patterns.map(
    (pattern) => new RegExp(pattern.source, withGlobal(pattern.flags)),
  )

  /** `key` `separator` and the value replaced, its quotes kept so the text stays readable. */
  const keyedValue = (
    match: string,
    key: string,
    separator: string,
    value: string,
    offset: number,
    text: string,
  ): string => {
    const quote = value.startsWith('\\"')
      ? '\\"'
      : value[0] === '"' || value[0] === "'"
        ? value[0]
        : ''
    // Already redacted (a record redacted once and logged again): leave it as it is.
    if (text.startsWith(censor, offset + key.length + separator.length + quote.length)) return match
    const closed = quote !== '' && value.length > quote.length && value.endsWith(quote)
    return `${key}${separator}${quote}${censor}${closed ? quote : ''}`
  }

  const replacement = (
    match: string,
    groups: ScannerGroups,
    offset: number,
    text: string,
  ): string => {
    if (groups.cookiekey !== undefined) {
      return keyedValue(
        match,
        groups.cookiekey,
        groups.cookiesep as string,
        groups.cookieval as string,
        offset,
        text,
      )
    }
    if (groups.kvkey !== undefined) {
      return keyedValue(
        match,
        groups.kvkey,
        groups.kvsep as string,
        groups.kvval as string,
        offset,
        text,
      )
    }
    if (groups.scheme !== undefined) {
      return isSchemeCredential(groups.scheme, groups.schemeval as string)
        ? `${groups.scheme}${censor}`
        : match
    }
    if (groups.urlscheme !== undefined) return `${groups.urlscheme}${censor}@`
    if (groups.awssecret !== undefined)
      return /[A-Z]/.test(match) && /[a-z]/.test(match) ? censor : match
    if (groups.card !== undefined) return containsCardNumber(match) ? censor : match
    return censor
  }
  const replacer = (match: string, ...rest: unknown[]): string =>
    replacement(
      match,
      rest[rest.length - 1] as ScannerGroups,
      rest[rest.length - 3] as number,
      rest[rest.length - 2] as string,
    )

  const redactExtra = (text: string): string => {
    let out = text
    for (const pattern of extra) out = out.replace(pattern, censor)
    return out
  }

  return {
    redact(text) {
      return redactExtra(text.replace(combined, replacer))
    },
    redactPrefix(text, maxLength, margin) {
      const window = text.length > maxLength + margin ? text.slice(0, maxLength + margin) : text
      // Where the kept prefix ends in the original text: at maxLength, or earlier when a secret
      // straddles it.
      let cut = maxLength
      window.replace(combined, (match: string, ...rest: unknown[]): string => {
        const offset = rest[rest.length - 3] as number
        if (offset < cut && offset + match.length > cut) {
          const replaced = replacement(
            match,
            rest[rest.length - 1] as ScannerGroups,
            offset,
            window,
          )
          if (replaced !== match) cut = offset
        }
        return match
      })
      return redactExtra(text.slice(0, cut).replace(combined, replacer))
    },
  }
}

/**
 * Whether the word after `Bearer` or `Basic` in free text is a credential and not prose
 * ("Basic authentication is disabled"): Basic credentials decode to `user:password`; bearer
 * tokens are long or carry digits or punctuation.
 */
function isSchemeCredential(scheme: string, value: string): boolean {
  if (/^basic/i.test(scheme)) {
    try {
      return atob(value).includes(':')
    } catch {
      return false
    }
  }
  return value.length >= 20 || /[^A-Za-z]/.test(value)
}

function caseless(word: string): string {
  let out = ''
  for (const char of word) {
    const upper = char.toUpperCase()
    out += upper === char ? escapeRegExp(char) : `[${char}${upper}]`
  }
  return out
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')
}

function withGlobal(flags: string): string {
  return flags.includes('g') ? flags : `${flags}g`
}
