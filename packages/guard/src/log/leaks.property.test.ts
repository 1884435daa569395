// Zero leaks, shown on random data: random nested values (objects, arrays, Maps, Sets, errors with
// causes, aggregate errors, class instances, buffers, circular references) with secrets of every
// kind planted in them go through the logger, the error path and the alert path; no planted secret
// may appear in any output line. About 100 000 cases in all.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { fuzzRuns } from '../../../../test-support/fuzz.js'
import { createAlerts } from './alerts/alerts.js'
import { stderrAlerts } from './alerts/stderr-alerts.js'
import { reportUnhandledError, summarizeForAlert } from './error-report.js'
import { createRedactor } from './redact/redactor.js'
import { registerSecret } from './redact/secret-registry.js'
import { requestSecrets } from './request-secrets.js'
import { createLogger } from './standalone.js'
import {
  cardNumber,
  type Planted,
  plantSecret,
  prng,
  registeredPool,
  SECRET_KINDS,
  SENSITIVE_KEYS,
  type SecretKind,
  uniqueToken,
} from './testing/planted-secrets.js'

const POOL = registeredPool(prng(20_250_601), 40)
for (const secret of POOL) registerSecret(secret)

/** Characters that separate a secret from the text around it, as in real messages. */
const SEPARATORS = [
  ' ',
  ': ',
  '=',
  '"',
  "'",
  '\n',
  '(',
  ')',
  ', ',
  '\t',
  '|',
  '<',
  '>',
  '[',
  ']',
  ';',
  '&',
  '`',
  '{',
  '}',
]

type Spec =
  | { t: 'benign'; v: string | number | boolean | null }
  | {
      t: 'text'
      kind: SecretKind
      seed: number
      before: string
      after: string
      open: string
      close: string
    }
  | { t: 'cardNumber'; seed: number }
  | {
      t: 'object'
      entries: [string, Spec][]
      sensitive: [string, number, boolean][]
      secretKey: Spec | null
      circular: boolean
    }
  | { t: 'array'; items: Spec[] }
  | { t: 'map'; entries: [string, Spec][]; sensitive: [string, number][] }
  | { t: 'set'; items: Spec[] }
  | { t: 'error'; message: Spec; cause: Spec | null; aggregate: Spec[]; code: Spec | null }
  | { t: 'instance'; entries: [string, Spec][]; sensitive: [string, number][] }
  | { t: 'buffer'; text: Spec }

const benign = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.boolean(),
  fc.constant(null),
)
const benignKey = fc.string({ maxLength: 10 })
/** Text around a secret: anything, or digits and dashes, which card numbers can run into. */
const surrounding = fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(/^[0-9 -]{0,16}$/))
const textSpec = fc.record({
  t: fc.constant('text' as const),
  kind: fc.constantFrom(...SECRET_KINDS),
  seed: fc.integer(),
  before: surrounding,
  after: surrounding,
  open: fc.constantFrom(...SEPARATORS),
  close: fc.constantFrom(...SEPARATORS),
})
const sensitiveEntry = fc.tuple(fc.constantFrom(...SENSITIVE_KEYS), fc.integer(), fc.boolean())

const { node } = fc.letrec<{ node: Spec }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    benign.map((v) => ({ t: 'benign' as const, v })),
    textSpec,
    fc.integer().map((seed) => ({ t: 'cardNumber' as const, seed })),
    fc.record({
      t: fc.constant('object' as const),
      entries: fc.array(fc.tuple(benignKey, tie('node')), { maxLength: 4 }),
      sensitive: fc.array(sensitiveEntry, { maxLength: 2 }),
      secretKey: fc.option(textSpec, { nil: null }),
      circular: fc.boolean(),
    }),
    fc.record({ t: fc.constant('array' as const), items: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({
      t: fc.constant('map' as const),
      entries: fc.array(fc.tuple(benignKey, tie('node')), { maxLength: 3 }),
      sensitive: fc.array(fc.tuple(fc.constantFrom(...SENSITIVE_KEYS), fc.integer()), {
        maxLength: 2,
      }),
    }),
    fc.record({ t: fc.constant('set' as const), items: fc.array(tie('node'), { maxLength: 3 }) }),
    fc.record({
      t: fc.constant('error' as const),
      message: textSpec,
      cause: fc.option(tie('node'), { nil: null }),
      aggregate: fc.array(tie('node'), { maxLength: 2 }),
      code: fc.option(textSpec, { nil: null }),
    }),
    fc.record({
      t: fc.constant('instance' as const),
      entries: fc.array(fc.tuple(benignKey, tie('node')), { maxLength: 3 }),
      sensitive: fc.array(fc.tuple(fc.constantFrom(...SENSITIVE_KEYS), fc.integer()), {
        maxLength: 1,
      }),
    }),
    fc.record({ t: fc.constant('buffer' as const), text: textSpec }),
  ),
}))

class Account {
  constructor(fields: Record<string, unknown>) {
    Object.assign(this, fields)
  }
}

/** Builds the value a spec describes, collecting what must never be seen again. */
function build(spec: Spec, needles: string[]): unknown {
  switch (spec.t) {
    case 'benign':
      return spec.v
    case 'text': {
      const planted: Planted = plantSecret(spec.kind, prng(spec.seed), POOL)
      needles.push(...planted.needles)
      // Registered secrets are removed wherever they are, even glued to other text.
      return spec.kind === 'registered'
        ? `${spec.before}${planted.text}${spec.after}`
        : `${spec.before}${spec.open}${planted.text}${spec.close}${spec.after}`
    }
    case 'cardNumber': {
      const digits = cardNumber(prng(spec.seed)).slice(0, 15)
      // Cards held as numbers: 13–15 digits stay exact in a double.
      const card = cardNumberOfLength(spec.seed, digits.length)
      needles.push(card)
      return Number(card)
    }
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const [key, value] of spec.entries) out[key] = build(value, needles)
      for (const [key, seed, nested] of spec.sensitive)
        out[key] = sensitiveValue(seed, nested, needles)
      if (spec.secretKey !== null)
        out[build(spec.secretKey, needles) as string] = 'value under a secret key'
      if (spec.circular) out.self = out
      return out
    }
    case 'array':
      return spec.items.map((item) => build(item, needles))
    case 'map': {
      const map = new Map<unknown, unknown>(
        spec.entries.map(([key, value]) => [key, build(value, needles)]),
      )
      for (const [key, seed] of spec.sensitive) map.set(key, sensitiveValue(seed, false, needles))
      return map
    }
    case 'set':
      return new Set(spec.items.map((item) => build(item, needles)))
    case 'error': {
      const message = build(spec.message, needles) as string
      const cause = spec.cause === null ? undefined : build(spec.cause, needles)
      const error =
        spec.aggregate.length > 0
          ? new AggregateError(
              spec.aggregate.map((item) => build(item, needles)),
              message,
              { cause },
            )
          : new Error(message, cause === undefined ? undefined : { cause })
      if (spec.code !== null) Object.assign(error, { code: build(spec.code, needles) })
      return error
    }
    case 'instance': {
      const fields: Record<string, unknown> = {}
      for (const [key, value] of spec.entries) fields[key] = build(value, needles)
      for (const [key, seed] of spec.sensitive) fields[key] = sensitiveValue(seed, false, needles)
      return new Account(fields)
    }
    case 'buffer':
      return Buffer.from(String(build(spec.text, needles)))
  }
}

function cardNumberOfLength(seed: number, length: number): string {
  const rng = prng(seed)
  for (;;) {
    const card = cardNumber(rng)
    if (card.length === length || card.length <= 15) return card
  }
}

/** Whatever sits under a sensitive key: a token, a number, or a small object of tokens. */
function sensitiveValue(seed: number, nested: boolean, needles: string[]): unknown {
  const rng = prng(seed)
  const token = uniqueToken(rng)
  needles.push(token)
  if (!nested) return seed % 3 === 0 ? Number(`9${Math.abs(seed)}`.slice(0, 12)) : token
  const other = uniqueToken(rng)
  needles.push(other)
  return { value: token, history: [other] }
}

function assertNoLeak(lines: readonly string[], needles: readonly string[]): void {
  for (const needle of needles) {
    if (needle.length < 6) continue
    const escaped = JSON.stringify(needle).slice(1, -1)
    for (const line of lines) {
      if (line.includes(needle) || line.includes(escaped)) {
        assert.fail(`leaked ${JSON.stringify(needle)} in ${line}`)
      }
    }
  }
}

/** A failing request: credentials in its headers, query and body, mentioned again in the error. */
function failingRequest(
  errorSpec: Spec,
  bodySpec: Spec,
  routeSpec: Spec,
  seed: number,
  asText: boolean,
) {
  const needles: string[] = []
  const rng = prng(seed)
  const token = `bws_${uniqueToken(rng)}`
  const sid = uniqueToken(rng)
  const apiKey = uniqueToken(rng)
  const password = uniqueToken(rng)
  const queryToken = uniqueToken(rng)
  needles.push(token, sid, apiKey, password, queryToken)
  const inner = build(errorSpec, needles)
  const error = new Error(`charge failed for token ${token}, password ${password}, key ${apiKey}`, {
    cause: inner,
  })
  const body = { payload: build(bodySpec, needles), login: { password } }
  const route = String(build(routeSpec, needles))
  return {
    needles,
    error,
    request: {
      requestId: `req ${route}`,
      route,
      method: 'POST',
      path: '/transfers',
      headers: {
        authorization: `Bearer ${token}`,
        cookie: `theme=dark; sid=${sid}`,
        'x-api-key': apiKey,
        'user-agent': route,
      },
      query: { access_token: queryToken, page: '2' },
      body: asText ? safeJson(body) : body,
      userId: 'u1',
      coldStart: false,
      remainingTimeMs: 1000,
    },
  }
}

function safeJson(value: unknown): string {
  const seen = new WeakSet<object>()
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return String(v)
    if (v !== null && typeof v === 'object') {
      if (seen.has(v)) return undefined
      seen.add(v)
    }
    return v
  })
}

const redactor = createRedactor()

describe('no planted secret survives', () => {
  it('the logger (40 000 random values)', () => {
    const lines: string[] = []
    const log = createLogger({ level: 'debug', redactor, write: (line) => void lines.push(line) })
    fc.assert(
      fc.property(node, textSpec, (fieldsSpec, messageSpec) => {
        lines.length = 0
        const needles: string[] = []
        const message = build(messageSpec, needles) as string
        const fields = build(fieldsSpec, needles)
        log.info(message, { data: fields })
        log
          .child({ context: build(messageSpec, needles) })
          .warn('with bindings', fields instanceof Error ? fields : { fields })
        assertNoLeak(lines, needles)
      }),
      { numRuns: fuzzRuns(40_000) },
    )
  })

  it('the error path (30 000 failing requests)', () => {
    const lines: string[] = []
    const log = createLogger({ level: 'error', redactor, write: (line) => void lines.push(line) })
    fc.assert(
      fc.property(
        node,
        node,
        textSpec,
        fc.integer(),
        fc.boolean(),
        (errorSpec, bodySpec, routeSpec, seed, asText) => {
          lines.length = 0
          const { needles, error, request } = failingRequest(
            errorSpec,
            bodySpec,
            routeSpec,
            seed,
            asText,
          )
          const { record, alert } = reportUnhandledError(error, request, redactor)
          log.error('request failed', record)
          lines.push(JSON.stringify(alert))
          assertNoLeak(lines, needles)
        },
      ),
      { numRuns: fuzzRuns(30_000) },
    )
  })

  it('the alert path (30 000 alerts through a sink)', async () => {
    const lines: string[] = []
    const alerts = createAlerts({
      sinks: [stderrAlerts({ write: (line) => void lines.push(line) })],
      counter: { countAlert: async () => ({ first: true, suppressed: 0 }) },
      maxWaitMs: 60_000,
    })
    await fc.assert(
      fc.asyncProperty(node, textSpec, fc.integer(), async (errorSpec, routeSpec, seed) => {
        lines.length = 0
        const empty: Spec = { t: 'benign', v: null }
        const { needles, error, request } = failingRequest(errorSpec, empty, routeSpec, seed, false)
        const secrets = requestSecrets(request, redactor.isSensitiveKey)
        await alerts.notify(summarizeForAlert(error, request, redactor, secrets))
        assert.equal(lines.length, 1)
        assertNoLeak(lines, needles)
      }),
      { numRuns: fuzzRuns(30_000) },
    )
  })
})
