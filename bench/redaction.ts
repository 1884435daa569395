// Redaction cost per log line: the guard's logger against pino's `redact` option and the
// Powertools Logger (which has no redaction: its documented hook, `jsonReplacerFn`, is used with
// the same key names), on the same objects, in the same process, interleaved.
//   npm run build && node --import tsx bench/redaction.ts
//
// Like for like: each logger is told about the same six sensitive fields (pino by exact path,
// Powertools by key name, the guard needs no configuration). Each is also measured without any
// redaction, so the difference is the cost of redaction itself. Then every logger's output is
// searched for the secrets planted in the objects, to say what each one actually catches.

import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger'
import { createLogger, createRedactor, type Redactor } from '@bulwark/guard'
import pino from 'pino'
import {
  cardNumber,
  pick,
  prng,
  randomString,
  uniqueToken,
} from '../packages/guard/src/log/testing/planted-secrets.js'
import { compare, printTable } from './measure.js'

// Enough distinct lines that ids, tokens and notes rarely repeat (the redactor caches short strings
// it has seen; constant strings such as the route still repeat, as in real logs).
const OBJECTS = 20_000
const rng = prng(7)

const FIELDS = [
  'headers.authorization',
  'headers.cookie',
  'headers.x-api-key',
  'body.password',
  'body.cardNumber',
  'body.cvv',
] as const

interface LogLine {
  readonly message: string
  readonly fields: Record<string, unknown>
  /** Secrets at the six known fields. */
  readonly keyed: Record<(typeof FIELDS)[number], string>
  /** Secrets inside free text (a note, an error message), where no path or key points at them. */
  readonly inText: string[]
}

function logLine(i: number): LogLine {
  const bearer = `bws_${randomString(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 43)}`
  const sid = uniqueToken(rng)
  const apiKey = `bwk_${randomString(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 49)}`
  const password = uniqueToken(rng)
  const card = cardNumber(rng)
  const cvv = String(100 + Math.floor(rng() * 900))
  const jwt = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1${i}In0.${randomString(rng, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 43)}`
  const textCard = cardNumber(rng).replace(/(\d{4})(?=\d)/g, '$1 ')
  const note = pick(rng, [
    `refund to card ${textCard}`,
    `callback failed with ${jwt}`,
    'rent for november',
    'split the bill',
  ])
  const inText = note.startsWith('refund') ? [textCard] : note.startsWith('callback') ? [jwt] : []
  return {
    message: 'transfer created',
    fields: {
      requestId: `c0a80164-${i.toString(16).padStart(4, '0')}-4e8a-9b1c-2f3d4e5f6a7b`,
      route: 'POST /transfers',
      user: { id: `u-${i % 97}`, email: `user${i % 97}@example.com`, roles: ['customer'] },
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${bearer}`,
        cookie: `theme=dark; sid=${sid}`,
        'x-api-key': apiKey,
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
      },
      body: {
        amount: 1000 + i,
        currency: pick(rng, ['EUR', 'USD', 'GBP']),
        to: 'DE89370400440532013000',
        cardNumber: card,
        cvv,
        password,
        note,
      },
      durationMs: i % 300,
    },
    keyed: {
      'headers.authorization': `Bearer ${bearer}`,
      'headers.cookie': `theme=dark; sid=${sid}`,
      'headers.x-api-key': apiKey,
      'body.password': password,
      'body.cardNumber': card,
      'body.cvv': cvv,
    },
    inText,
  }
}

const lines = Array.from({ length: OBJECTS }, (_, i) => logLine(i))
let next = 0
const nextLine = () => lines[next++ % OBJECTS] as LogLine

// Every logger writes into memory: what is measured is building the line, not the terminal.
let written = 0
const sink = (line: string) => {
  written += line.length
}
let captured: string[] | undefined
const write = (line: string) => {
  sink(line)
  captured?.push(line)
}

// The guard: redaction by key, by value and by registered secret, with no configuration.
const guardLogger = createLogger({ level: 'info', write })
const passThrough: Redactor = {
  value: (input) => input,
  string: (text) => text,
  isSensitiveKey: () => false,
}
const guardLoggerBare = createLogger({ level: 'info', write, redactor: passThrough })

// pino: the same six fields by exact path.
const pinoPaths = [
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'body.password',
  'body.cardNumber',
  'body.cvv',
]
const pinoStream = { write }
const pinoRedacting = pino({ redact: { paths: pinoPaths, censor: '[REDACTED]' } }, pinoStream)
const pinoBare = pino({}, pinoStream)

// Powertools: no redaction of its own; the documented hook, a JSON replacer, with the same keys.
const sensitiveKeys = new Set([
  'authorization',
  'cookie',
  'x-api-key',
  'password',
  'cardNumber',
  'cvv',
])
function powertools(redacting: boolean): PowertoolsLogger {
  const logger = new PowertoolsLogger({
    serviceName: 'bench',
    ...(redacting
      ? {
          jsonReplacerFn: (key: string, value: unknown) =>
            sensitiveKeys.has(key) ? '[REDACTED]' : value,
        }
      : {}),
  })
  // Its console is where lines go; point it at the same in-memory sink.
  const memory = { info: write, warn: write, error: write, debug: write, trace: write, log: write }
  Object.assign(logger, { console: memory })
  return logger
}
const powertoolsRedacting = powertools(true)
const powertoolsBare = powertools(false)

function logWith(logger: { info(message: string, fields: Record<string, unknown>): void }) {
  const line = nextLine()
  logger.info(line.message, line.fields)
}
function logWithPino(logger: pino.Logger) {
  const line = nextLine()
  logger.info(line.fields, line.message)
}

const candidates = [
  { name: 'guard', fn: () => logWith(guardLogger) },
  { name: 'guard, redaction off', fn: () => logWith(guardLoggerBare) },
  { name: 'pino redact', fn: () => logWithPino(pinoRedacting) },
  { name: 'pino, redaction off', fn: () => logWithPino(pinoBare) },
  { name: 'powertools replacer', fn: () => logWith(powertoolsRedacting) },
  { name: 'powertools, redaction off', fn: () => logWith(powertoolsBare) },
]

// Redaction alone, without a logger around it: the guard's redactor + JSON.stringify against
// JSON.stringify alone.
const redactor = createRedactor()
const redactionOnly = [
  {
    name: 'redactor + stringify',
    fn: () => sink(JSON.stringify(redactor.value(nextLine().fields))),
  },
  { name: 'stringify alone', fn: () => sink(JSON.stringify(nextLine().fields)) },
]

console.log(
  `${OBJECTS.toLocaleString('en')} distinct log lines (${JSON.stringify(lines[0]?.fields).length} bytes each as JSON), Node ${process.version}`,
)
const results = await compare(candidates, { batch: 1000, rounds: 21 })
printTable(results, 'pino redact')
const cost = (on: string, off: string) => {
  const a = results.find((r) => r.name === on)?.nsPerOp ?? 0
  const b = results.find((r) => r.name === off)?.nsPerOp ?? 0
  return a - b
}
console.log('\nredaction cost per line (with minus without):')
for (const [label, on, off] of [
  ['guard', 'guard', 'guard, redaction off'],
  ['pino', 'pino redact', 'pino, redaction off'],
  ['powertools', 'powertools replacer', 'powertools, redaction off'],
] as const) {
  console.log(`  ${label.padEnd(10)} ${cost(on, off).toFixed(0).padStart(6)} ns`)
}
console.log('')
printTable(await compare(redactionOnly, { batch: 1000, rounds: 21 }), 'stringify alone')

// What each catches: log every line once and look for the planted secrets in the output.
console.log('\nsecrets left in the output (of those planted):')
for (const [label, log] of [
  ['guard', (l: LogLine) => guardLogger.info(l.message, l.fields)],
  ['pino redact', (l: LogLine) => pinoRedacting.info(l.fields, l.message)],
  ['powertools replacer', (l: LogLine) => powertoolsRedacting.info(l.message, l.fields)],
] as const) {
  let keyedLeft = 0
  let keyedTotal = 0
  let textLeft = 0
  let textTotal = 0
  for (const line of lines) {
    captured = []
    log(line)
    const out = captured.join('\n')
    const written = JSON.parse(captured[0] as string)
    captured = undefined
    // A 3-digit CVV can appear anywhere by chance, so the fields are read back from the line.
    for (const field of FIELDS) {
      const [group, name] = field.split('.') as [string, string]
      keyedTotal++
      if (written[group]?.[name] === line.keyed[field]) keyedLeft++
    }
    for (const secret of line.inText) {
      textTotal++
      if (out.includes(secret)) textLeft++
    }
  }
  console.log(
    `  ${label.padEnd(20)} at the six known fields: ${keyedLeft}/${keyedTotal}   in free text (card numbers, JWTs in a note): ${textLeft}/${textTotal}`,
  )
}
if (written === 0) console.log('(nothing written)')
