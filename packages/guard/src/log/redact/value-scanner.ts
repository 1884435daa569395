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

/** Between a sensitive key and its value: `=`, `:`, `": "` (JSON), `\":\"` (JSON inside a string). */
const KV_SEPARATOR = `(\\\\?["']?[ \\t]{0,3}[:=][ \\t]{0,3})`
/** A quoted value, to its closing quote or, when cut short, to the end of the text. */
const QUOTED_VALUE = `"(?:[^"\\\\]|\\\\.)*(?:"|$)|\\\\"(?:[^"\\\\]|\\\\[^"])*(?:\\\\"|$)|'[^']*(?:'|$)`
const TOKEN_SCHEMES = '(?:[Bb]earer|BEARER|[Bb]asic|BASIC|[Dd]igest|[Tt]oken|[Bb]ot)'

/** What an alternative of the combined expression finds, and so how its match is replaced. */
type Kind = 'whole' | 'keyed' | 'scheme' | 'userinfo' | 'card'

/** A combined expression and how to read which alternative matched. */
interface Expression {
  /** Non-global, for the quick "is there anything at all" test. */
  readonly candidate: RegExp
  readonly all: RegExp
  /** The group number wrapping each alternative, in order. */
  readonly wrappers: readonly number[]
  /** The kind of the alternative whose wrapper is group i. */
  readonly kindAt: readonly (Kind | undefined)[]
}

function compileExpression(list: readonly Alternative[]): Expression {
  const kindAt: (Kind | undefined)[] = [undefined]
  const wrappers: number[] = []
  for (const alternative of list) {
    wrappers.push(kindAt.length)
    kindAt.push(alternative.kind)
    for (let i = 0; i < capturingGroups(alternative.source); i++) kindAt.push(undefined)
  }
  const source = list.map((alternative) => `(${alternative.source})`).join('|')
  return { candidate: new RegExp(source), all: new RegExp(source, 'g'), wrappers, kindAt }
}

function needsSeparator(alternative: Alternative): boolean {
  return alternative.kind === 'keyed' || alternative.kind === 'userinfo'
}

interface Alternative {
  readonly kind: Kind
  /** The alternative's source; its own capturing groups are numbered after the kind's group. */
  readonly source: string
}

/** The shapes, in priority order: at one position, the first that matches wins. */
function alternatives(keyTerms: readonly string[]): Alternative[] {
  const longTerms: string[] = []
  const shortTerms: string[] = []
  for (const term of keyTerms) {
    const words = keyWords(term)
    if (words.length === 0) continue
    const source = words.map(caseless).join('[-_. ]?')
    if (words.join('').length <= WORD_TERM_MAX_LENGTH) shortTerms.push(source)
    else longTerms.push(source)
  }
  const keys = [
    longTerms.length > 0 ? `(?:${longTerms.join('|')})[A-Za-z0-9_.-]*` : undefined,
    shortTerms.length > 0
      ? `(?<![A-Za-z])(?:${shortTerms.join('|')})(?![A-Za-z])[A-Za-z0-9_.-]*`
      : undefined,
  ].filter((source) => source !== undefined)

  const list: (Alternative | undefined)[] = [
    {
      // A private key block, to its END line or, when cut short, to the end of the text.
      kind: 'whole',
      source:
        '-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----(?:[\\s\\S]*?-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----|[\\s\\S]*)',
    },
    { kind: 'whole', source: 'eyJ[A-Za-z0-9_-]{2,}(?:\\.[A-Za-z0-9_-]*){1,4}' },
    {
      // Cookie headers hold several `name=value` pairs: everything to the end of the line goes.
      kind: 'keyed',
      source: `((?:${caseless('set')}-)?${caseless('cookie')})${KV_SEPARATOR}(${QUOTED_VALUE}|[^\\r\\n"'\\\\]+)`,
    },
    keys.length > 0
      ? {
          kind: 'keyed',
          source: `(${keys.join('|')})${KV_SEPARATOR}(${QUOTED_VALUE}|(?:${TOKEN_SCHEMES}[ \\t]+)?[^\\s"'&,;)}\\]<>]+)`,
        }
      : undefined,
    {
      kind: 'scheme',
      source: '(?<![A-Za-z])((?:[Bb]earer|BEARER|[Bb]asic|BASIC)[ \\t]+)([A-Za-z0-9._~+/=-]{8,})',
    },
    // Credentials in a URL: everything between `//` and `@`.
    { kind: 'userinfo', source: ':\\/\\/[^\\s/?#@"\'<>]+@' },
    {
      kind: 'whole',
      source:
        '(?:bw[ks]_[A-Za-z0-9_-]{8,}|(?:gh[pousr]_|github_pat_|glpat-|xox[abposr]-|[sr]k_(?:live|test)_|AIza)[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36})',
    },
    {
      kind: 'whole',
      source: 'hooks\\.slack\\.com\\/(?:services|workflows|triggers)\\/[A-Za-z0-9\\/_-]+',
    },
    {
      kind: 'whole',
      source: '(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])',
    },
    { kind: 'card', source: '(?<![0-9])[0-9](?:[ -]?[0-9]){12,63}(?![0-9])' },
  ]
  return list.filter((alternative) => alternative !== undefined)
}

/**
 * Compiles the scanner for a set of key terms, registered secrets and extra patterns: one regular
 * expression for every shape, so a string is scanned once whatever the number of kinds. Strings
 * without a candidate (nearly all) cost one `test`; matches are walked with `exec` and numbered
 * groups, because `replace` with a callback is an order of magnitude slower per match in V8.
 *
 * @example
 * const scanner = compileValueScanner({ keyTerms: ['password'], secrets: [], censor: '[REDACTED]', patterns: [] })
 * scanner.redact('login with password=hunter2') // 'login with password=[REDACTED]'
 */
export function compileValueScanner(options: ValueScannerOptions): ValueScanner {
  const { censor } = options
  const list = alternatives(options.keyTerms)
  // Registered values are removed first, in a pass of their own, so that no shape found around
  // one (a token run that stops inside it, a number that is not a card) can hide part of it.
  const registered = [...options.secrets]
    .filter((secret) => secret.length >= MIN_EMBEDDED_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
  const exact = registered.length === 0 ? undefined : new RegExp(registered.join('|'), 'g')
  // Keyed values and URL credentials need a ':' or '=': for text without one (most values)
  // their alternatives are left out, since every alternative costs something at every position.
  const withSeparators = compileExpression(list)
  const withoutSeparators = compileExpression(list.filter((a) => !needsSeparator(a)))
  const expressionFor = (text: string) =>
    text.includes(':') || text.includes('=') ? withSeparators : withoutSeparators
  const extra = options.patterns.map(
    (pattern) => new RegExp(pattern.source, withGlobal(pattern.flags)),
  )

  /**
   * What to remove for one match: the span of text to replace with the censor (for a keyed
   * value, the value inside its quotes; for a scheme, the credential after it), or `undefined`
   * when a check says the match is no secret. `rescanFrom` asks the walk to look again inside a
   * keyed value, which may itself be a key (`PIN: pin = 1234`).
   */
  const secretSpan = (
    expression: Expression,
    match: RegExpExecArray,
    text: string,
  ): { start: number; end: number; rescanFrom?: number } | undefined => {
    let group = 0
    for (const index of expression.wrappers) {
      if (match[index] !== undefined) {
        group = index
        break
      }
    }
    const whole = match[0]
    const start = match.index
    const end = start + whole.length
    switch (expression.kindAt[group]) {
      case 'keyed': {
        const key = match[group + 1] as string
        const separator = match[group + 2] as string
        const value = match[group + 3] as string
        const quote = value.startsWith('\\"') ? 2 : value[0] === '"' || value[0] === "'" ? 1 : 0
        const closed = quote > 0 && value.length > quote && value.endsWith(value.slice(0, quote))
        const valueStart = start + key.length + separator.length
        const valueEnd = end - (closed ? quote : 0)
        // Already redacted (a record redacted once and logged again): leave it as it is. Only
        // when the censor is all there is: a request's own secret replaced at the front of a
        // longer value (`'[REDACTED] two words …'`) leaves the rest of the value to remove.
        if (
          text.startsWith(censor, valueStart + quote) &&
          valueEnd <= valueStart + quote + censor.length
        ) {
          return undefined
        }
        return {
          start: valueStart + quote,
          end: valueEnd,
          // Quoted or not, the value may itself be a key whose own value follows
          // (`PIN: pin = 1234`, `piN: 'refresh_token': 'abc…'`): the walk looks again from it.
          rescanFrom: valueStart,
        }
      }
      case 'scheme': {
        const scheme = match[group + 1] as string
        return isSchemeCredential(scheme, match[group + 2] as string)
          ? { start: start + scheme.length, end }
          : undefined
      }
      case 'userinfo':
        // Between '://' and '@'.
        return { start: start + 3, end: end - 1 }
      case 'card':
        return containsCardNumber(whole) ? { start, end } : undefined
      default:
        return { start, end }
    }
  }

  /** Replaces every span that a match and its check find; overlapping spans merge. */
  const scan = (text: string): string => {
    const expression = expressionFor(text)
    const { candidate, all } = expression
    if (!candidate.test(text)) return text
    all.lastIndex = 0
    let out = ''
    let copied = 0
    for (let match = all.exec(text); match !== null; match = all.exec(text)) {
      const span = secretSpan(expression, match, text)
      if (span !== undefined && span.end > copied) {
        // A span starting inside the previous one (found by a rescan) only extends it.
        out += span.start >= copied ? `${text.slice(copied, span.start)}${censor}` : censor
        copied = span.end
      }
      if (span === undefined) {
        // Not a secret after all (digits failing Luhn, prose after "Basic"): look again from
        // the next character, so that what the candidate covered is still searched.
        all.lastIndex = match.index + 1
      } else if (span.rescanFrom !== undefined) {
        all.lastIndex = span.rescanFrom
      }
    }
    return copied === 0 ? text : out + text.slice(copied)
  }

  /** The whole pass: shapes, then AWS secret keys (in what is left), then extra patterns. */
  const redactAll = (text: string): string => {
    let out = text
    if (exact !== undefined) {
      exact.lastIndex = 0
      if (exact.test(out)) out = out.replace(exact, censor)
    }
    out = scan(out)
    if (out.length >= AWS_SECRET_LENGTH) out = redactAwsSecretKeys(out, censor)
    for (const pattern of extra) out = out.replace(pattern, censor)
    return out
  }

  return {
    redact: redactAll,
    redactPrefix(text, maxLength, margin) {
      const window = text.length > maxLength + margin ? text.slice(0, maxLength + margin) : text
      // Where the kept prefix ends in the original text: at maxLength, or earlier when a secret
      // straddles it.
      let cut = maxLength
      if (exact !== undefined) {
        exact.lastIndex = 0
        for (let match = exact.exec(window); match !== null; match = exact.exec(window)) {
          if (match.index >= cut) break
          if (match.index + match[0].length > cut) cut = match.index
        }
      }
      const expression = expressionFor(window)
      const { all } = expression
      all.lastIndex = 0
      for (let match = all.exec(window); match !== null; match = all.exec(window)) {
        if (match.index >= cut) break
        if (secretSpan(expression, match, window) === undefined) {
          all.lastIndex = match.index + 1
        } else if (match.index + match[0].length > cut) {
          cut = match.index
        }
      }
      cut = awsSecretKeyAt(window, cut) ?? cut
      return redactAll(text.slice(0, cut))
    },
  }
}

const AWS_SECRET_LENGTH = 40

/** Base64 characters: A–Z, a–z, 0–9, '+' and '/'. */
function isBase64Char(code: number): boolean {
  return (
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 48 && code <= 57) ||
    code === 43 ||
    code === 47
  )
}

/**
 * AWS secret access keys: runs of exactly 40 base64 characters (30 random bytes, never padded)
 * with both upper and lower case letters. Found with a loop, not in the combined expression: an
 * alternative that may start at any letter or digit made every string slower to scan.
 */
function redactAwsSecretKeys(text: string, censor: string): string {
  let out = ''
  let copied = 0
  let start = 0
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && isBase64Char(text.charCodeAt(i))) continue
    if (i - start === AWS_SECRET_LENGTH && hasBothCases(text, start, i)) {
      out += text.slice(copied, start) + censor
      copied = i
    }
    start = i + 1
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** The start of an AWS secret key that straddles `cut`, if there is one. */
function awsSecretKeyAt(text: string, cut: number): number | undefined {
  let start = cut
  while (start > 0 && isBase64Char(text.charCodeAt(start - 1))) start--
  let end = cut
  while (end < text.length && isBase64Char(text.charCodeAt(end))) end++
  const straddles = start < cut && end > cut && end - start === AWS_SECRET_LENGTH
  return straddles && hasBothCases(text, start, end) ? start : undefined
}

function hasBothCases(text: string, start: number, end: number): boolean {
  let upper = false
  let lower = false
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i)
    if (code >= 65 && code <= 90) upper = true
    else if (code >= 97 && code <= 122) lower = true
  }
  return upper && lower
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

/** How many capturing groups a source has (an empty alternative makes it match ''). */
function capturingGroups(source: string): number {
  return (new RegExp(`${source}|`).exec('') as RegExpExecArray).length - 1
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
