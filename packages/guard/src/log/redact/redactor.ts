import { ConfigError } from '../../core/errors.js'
import { assertKnownKeys, positiveInteger } from '../../core/options.js'
import { compileKeyMatcher, type KeyMatcher } from './key-matcher.js'
import { DEFAULT_KEY_TERMS } from './key-terms.js'
import { containsCardNumber } from './luhn.js'
import { registeredSecrets, secretRegistryVersion } from './secret-registry.js'
import { compileValueScanner, type ValueScanner } from './value-scanner.js'

/** What a redactor removes and how far it walks. Every limit bounds time and output size. */
export interface RedactOptions {
  /** Extra key terms, added to {@link DEFAULT_KEY_TERMS} (case- and separator-insensitive). */
  readonly keys?: readonly string[]
  /** Keys never redacted by name (their values are still scanned), e.g. `['tokenType']`. */
  readonly keepKeys?: readonly string[]
  /** Extra value patterns: every match is replaced. */
  readonly patterns?: readonly RegExp[]
  /** What replaces a secret. Default `[REDACTED]`. */
  readonly censor?: string
  /** Objects nested deeper are written as `[Depth]`. Default 12. */
  readonly maxDepth?: number
  /** Entries kept per object, array, Map or Set. Default 200. */
  readonly maxItems?: number
  /** Characters kept per string. Default 8192. */
  readonly maxStringLength?: number
  /** Objects, arrays, Maps and Sets visited per call. Default 5000. */
  readonly maxNodes?: number
  /** String characters kept per call, all strings together. Default 200000. */
  readonly maxTotalLength?: number
}

const OPTION_KEYS = [
  'keys',
  'keepKeys',
  'patterns',
  'censor',
  'maxDepth',
  'maxItems',
  'maxStringLength',
  'maxNodes',
  'maxTotalLength',
]

/** Removes secrets from values before they are written anywhere. */
export interface Redactor {
  /**
   * A redacted, JSON-ready copy of `input`; the input is never modified. `secrets` are exact
   * values to remove for this call only (the credentials of the request being logged).
   */
  value(input: unknown, secrets?: readonly string[]): unknown
  /** `text` with every secret in it replaced. */
  string(text: string, secrets?: readonly string[]): string
  /** Whether a key names a sensitive value (so its value is replaced whatever it holds). */
  isSensitiveKey(key: string): boolean
}

interface KeyVerdict {
  readonly sensitive: boolean
  /** The key as written out: itself, or redacted when the key text holds a secret. */
  readonly name: string
}

/** Per-call state: the budget spent so far and the path of objects being visited. */
interface Walk {
  nodes: number
  chars: number
  readonly ancestors: object[]
  /** Exact values to remove in this call, longest first. */
  readonly secrets: readonly string[]
}

const NO_SECRETS: readonly string[] = []

const SCAN_MIN_LENGTH = 5
const STRING_CACHE_LIMIT = 4096
const STRING_CACHE_MAX_LENGTH = 256
const KEY_CACHE_LIMIT = 4096
/** Scanning this far past a cut finds whole any secret that straddles it (a PEM key fits). */
const CUT_MARGIN = 8192

const objectToString = Object.prototype.toString

/**
 * Creates a redactor: key matchers and the value scanner are compiled here, once, so a call does
 * no work that does not depend on its input.
 *
 * @example
 * const redactor = createRedactor({ keys: ['date_of_birth'] })
 * redactor.value({ user: 'bob', password: 'hunter2', note: 'token=abc123' })
 * // { user: 'bob', password: '[REDACTED]', note: 'token=[REDACTED]' }
 */
export function createRedactor(options: RedactOptions = {}): Redactor {
  assertKnownKeys('redact', options, OPTION_KEYS)
  const keyTerms = [...DEFAULT_KEY_TERMS, ...stringList('redact.keys', options.keys)]
  const keepKeys = stringList('redact.keepKeys', options.keepKeys)
  const patterns = patternList(options.patterns)
  const censor = options.censor ?? '[REDACTED]'
  if (typeof censor !== 'string') throw new ConfigError('redact.censor must be a string')
  const limit = (name: keyof RedactOptions, fallback: number): number =>
    options[name] === undefined ? fallback : positiveInteger(`redact.${name}`, options[name])
  return new ObjectRedactor({
    keyTerms,
    keepKeys,
    patterns,
    censor,
    maxDepth: limit('maxDepth', 12),
    maxItems: limit('maxItems', 200),
    maxStringLength: limit('maxStringLength', 8192),
    maxNodes: limit('maxNodes', 5000),
    maxTotalLength: limit('maxTotalLength', 200_000),
  })
}

interface CompiledOptions {
  readonly keyTerms: readonly string[]
  readonly keepKeys: readonly string[]
  readonly patterns: readonly RegExp[]
  readonly censor: string
  readonly maxDepth: number
  readonly maxItems: number
  readonly maxStringLength: number
  readonly maxNodes: number
  readonly maxTotalLength: number
}

class ObjectRedactor implements Redactor {
  readonly #options: CompiledOptions
  #scanner!: ValueScanner
  #sensitiveKey: KeyMatcher | undefined
  #secretsVersion = -1
  #longestSecret = 0
  readonly #strings = new Map<string, string>()
  readonly #keys = new Map<string, KeyVerdict>()

  constructor(options: CompiledOptions) {
    this.#options = options
    // The key matcher and the scanner are compiled on first use, not at import time, where guards
    // are created (a cold start pays for them only when something is written); your own patterns
    // are combined now, so a pattern that cannot be combined fails at construction.
    if (options.patterns.length > 0) this.#refresh()
  }

  value(input: unknown, secrets?: readonly string[]): unknown {
    this.#refresh()
    return this.#value(input, 0, walkState(secrets))
  }

  string(text: string, secrets?: readonly string[]): string {
    this.#refresh()
    return this.#string(String(text), walkState(secrets))
  }

  /** Bound, so it can be passed around as a function. */
  readonly isSensitiveKey = (key: string): boolean => {
    this.#sensitiveKey ??= compileKeyMatcher(this.#options.keyTerms, this.#options.keepKeys)
    return this.#sensitiveKey(key)
  }

  /** Recompiles the scanner when a secret was registered since the last call. */
  #refresh(): void {
    const version = secretRegistryVersion()
    if (version === this.#secretsVersion) return
    const secrets = registeredSecrets()
    this.#scanner = compileValueScanner({
      keyTerms: this.#options.keyTerms,
      secrets,
      censor: this.#options.censor,
      patterns: this.#options.patterns,
    })
    this.#longestSecret = 0
    for (const secret of secrets) this.#longestSecret = Math.max(this.#longestSecret, secret.length)
    this.#strings.clear()
    this.#keys.clear()
    this.#secretsVersion = version
  }

  #value(input: unknown, depth: number, walk: Walk): unknown {
    switch (typeof input) {
      case 'string':
        return this.#string(input, walk)
      case 'number':
        return Number.isInteger(input) &&
          Math.abs(input) >= 1e12 &&
          containsCardNumber(String(Math.abs(input)))
          ? this.#options.censor
          : input
      case 'boolean':
      case 'undefined':
        return input
      case 'bigint': {
        const text = input.toString()
        return containsCardNumber(text.replace('-', ''))
          ? this.#options.censor
          : this.#string(text, walk)
      }
      case 'symbol':
        return this.#string(input.toString(), walk)
      case 'function':
        return input.name === '' ? '[Function]' : `[Function ${this.#string(input.name, walk)}]`
    }
    if (input === null) return null
    const object = input as object
    if (++walk.nodes > this.#options.maxNodes) return '[Truncated]'
    if (depth >= this.#options.maxDepth) return '[Depth]'
    if (walk.ancestors.includes(object)) return '[Circular]'
    walk.ancestors.push(object)
    try {
      return this.#object(object, depth, walk)
    } catch {
      // A getter, proxy trap or toJSON that throws must not take the log line down with it.
      return '[Unreadable]'
    } finally {
      walk.ancestors.pop()
    }
  }

  #object(input: object, depth: number, walk: Walk): unknown {
    if (Array.isArray(input)) return this.#array(input, depth, walk)
    const proto = Object.getPrototypeOf(input)
    if (proto === Object.prototype || proto === null) {
      return this.#entries(Object.keys(input), input as Record<string, unknown>, depth, walk)
    }
    if (input instanceof Error) return this.#error(input, depth, walk)
    if (input instanceof Date) {
      return Number.isNaN(input.getTime()) ? 'Invalid Date' : input.toISOString()
    }
    if (input instanceof Map) return this.#map(input, depth, walk)
    if (input instanceof Set)
      return this.#array(
        [...limitIterable(input, this.#options.maxItems + 1)],
        depth,
        walk,
        input.size,
      )
    if (ArrayBuffer.isView(input)) {
      // Bytes are never written: they are as likely to be a key or a body as anything readable.
      return `[${input.constructor.name} ${input.byteLength} bytes]`
    }
    if (
      input instanceof ArrayBuffer ||
      (typeof SharedArrayBuffer !== 'undefined' && input instanceof SharedArrayBuffer)
    ) {
      return `[${input.constructor.name} ${input.byteLength} bytes]`
    }
    if (input instanceof RegExp) return this.#string(String(input), walk)
    const tag = objectToString.call(input)
    if (
      tag === '[object Headers]' ||
      tag === '[object URLSearchParams]' ||
      tag === '[object FormData]'
    ) {
      return this.#map(new Map(input as unknown as Iterable<[string, unknown]>), depth, walk)
    }
    const toJSON = (input as { toJSON?: unknown }).toJSON
    if (typeof toJSON === 'function') return this.#value(toJSON.call(input), depth + 1, walk)
    return this.#entries(Object.keys(input), input as Record<string, unknown>, depth, walk)
  }

  #entries(
    keys: string[],
    input: Record<string, unknown>,
    depth: number,
    walk: Walk,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const { maxItems, censor } = this.#options
    const count = Math.min(keys.length, maxItems)
    for (let i = 0; i < count; i++) {
      const key = keys[i] as string
      const verdict = this.#key(key)
      const child = input[key]
      const value =
        verdict.sensitive && child !== null && child !== undefined
          ? censor
          : this.#value(child, depth + 1, walk)
      setEntry(out, verdict.name, value)
    }
    if (keys.length > count) setEntry(out, '…', `${keys.length - count} more keys`)
    return out
  }

  #array(input: readonly unknown[], depth: number, walk: Walk, size = input.length): unknown[] {
    const count = Math.min(input.length, this.#options.maxItems)
    const out = new Array<unknown>(count)
    for (let i = 0; i < count; i++) out[i] = this.#value(input[i], depth + 1, walk)
    if (size > count) out.push(`[… ${size - count} more]`)
    return out
  }

  #map(input: Map<unknown, unknown>, depth: number, walk: Walk): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    const { maxItems, censor } = this.#options
    let count = 0
    for (const [rawKey, child] of input) {
      if (count++ >= maxItems) {
        setEntry(out, '…', `${input.size - maxItems} more entries`)
        break
      }
      const key = typeof rawKey === 'string' ? rawKey : mapKeyText(rawKey, count)
      const verdict = this.#key(key)
      const value =
        verdict.sensitive && child !== null && child !== undefined
          ? censor
          : this.#value(child, depth + 1, walk)
      setEntry(out, verdict.name, value)
    }
    return out
  }

  #error(error: Error, depth: number, walk: Walk): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: this.#string(String(error.name), walk),
      message: this.#string(String(error.message), walk),
    }
    const extra = Object.keys(error).filter(
      (key) =>
        key !== 'name' &&
        key !== 'message' &&
        key !== 'stack' &&
        key !== 'cause' &&
        key !== 'errors',
    )
    Object.assign(
      out,
      this.#entries(extra, error as unknown as Record<string, unknown>, depth, walk),
    )
    if (typeof error.stack === 'string') out.stack = this.#string(error.stack, walk)
    if ('cause' in error && error.cause !== undefined)
      out.cause = this.#value(error.cause, depth + 1, walk)
    if (error instanceof AggregateError) out.errors = this.#value(error.errors, depth + 1, walk)
    return out
  }

  #key(key: string): KeyVerdict {
    let verdict = this.#keys.get(key)
    if (verdict === undefined) {
      const sensitive = this.isSensitiveKey(key)
      const name = key.length >= SCAN_MIN_LENGTH ? this.#scanner.redact(key) : key
      verdict = { sensitive, name }
      if (this.#keys.size >= KEY_CACHE_LIMIT) this.#keys.clear()
      this.#keys.set(key, verdict)
    }
    return verdict
  }

  #string(input: string, walk: Walk): string {
    const { maxStringLength, maxTotalLength, censor } = this.#options
    if (walk.chars >= maxTotalLength) return '[Truncated]'
    walk.chars += Math.min(input.length, maxStringLength)
    let text = input
    for (const secret of walk.secrets) {
      if (text.includes(secret)) text = text === secret ? censor : text.replaceAll(secret, censor)
    }
    if (text.length < SCAN_MIN_LENGTH) return registeredSecrets().has(text) ? censor : text
    if (text.length > maxStringLength) {
      const kept = this.#scanner.redactPrefix(
        text,
        maxStringLength,
        CUT_MARGIN + this.#longestSecret,
      )
      return `${kept}…[truncated]`
    }
    if (text.length > STRING_CACHE_MAX_LENGTH) return this.#scanString(text)
    let out = this.#strings.get(text)
    if (out === undefined) {
      out = this.#scanString(text)
      if (this.#strings.size >= STRING_CACHE_LIMIT) this.#strings.clear()
      this.#strings.set(text, out)
    }
    return out
  }

  #scanString(text: string): string {
    return registeredSecrets().has(text) ? this.#options.censor : this.#scanner.redact(text)
  }
}

function walkState(secrets: readonly string[] | undefined): Walk {
  if (secrets === undefined || secrets.length === 0) {
    return { nodes: 0, chars: 0, ancestors: [], secrets: NO_SECRETS }
  }
  // Longest first, so that a secret containing another is removed whole.
  const sorted = secrets.filter((secret) => typeof secret === 'string' && secret !== '')
  sorted.sort((a, b) => b.length - a.length)
  return { nodes: 0, chars: 0, ancestors: [], secrets: sorted }
}

/** Writes `key` on a fresh object without ever touching its prototype (`__proto__` stays data). */
function setEntry(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true })
  } else if (Object.hasOwn(out, key)) {
    // Two keys redacted to the same text: keep both values.
    let n = 2
    while (Object.hasOwn(out, `${key}#${n}`)) n++
    out[`${key}#${n}`] = value
  } else {
    out[key] = value
  }
}

function mapKeyText(key: unknown, index: number): string {
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint')
    return String(key)
  if (key === null || key === undefined) return String(key)
  return `[key ${index}]`
}

function* limitIterable<T>(items: Iterable<T>, count: number): Iterable<T> {
  let n = 0
  for (const item of items) {
    if (n++ >= count) return
    yield item
  }
}

function stringList(where: string, value: unknown): string[] {
  if (value === undefined) return []
  if (
    !Array.isArray(value) ||
    value.some((item) => typeof item !== 'string' || item.trim() === '')
  ) {
    throw new ConfigError(`${where} must be an array of non-empty strings`)
  }
  return value as string[]
}

function patternList(value: unknown): RegExp[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.some((item) => !(item instanceof RegExp))) {
    throw new ConfigError('redact.patterns must be an array of regular expressions')
  }
  for (const pattern of value as RegExp[]) {
    if (new RegExp(pattern.source, pattern.flags.replace('g', '').replace('y', '')).test('')) {
      throw new ConfigError(`redact.patterns: ${String(pattern)} matches the empty string`)
    }
  }
  return value as RegExp[]
}
