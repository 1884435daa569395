// The guard's HTTP pipeline against the same stack on Middy and a bare handler, same process,
// same event: CORS, JSON body, schema validation, security headers, error handling.
//   node --import tsx bench/pipeline.ts

// The built package, as users run it (npm run build first; npm run bench does).
import { createGuard, json } from '@bulwark/guard'
import middy from '@middy/core'
import httpCors from '@middy/http-cors'
import httpErrorHandler from '@middy/http-error-handler'
import httpHeaderNormalizer from '@middy/http-header-normalizer'
import httpJsonBodyParser from '@middy/http-json-body-parser'
import httpSecurityHeaders from '@middy/http-security-headers'
import { z } from 'zod'
import { httpApiEvent, lambdaContext } from '../packages/guard/src/testing/lambda-events.js'
import { compare, printTable } from './measure.js'

const Transfer = z.object({
  amount: z.number().int().positive(),
  currency: z.enum(['EUR', 'USD']),
  to: z.string().min(5).max(34),
  note: z.string().max(140).optional(),
})

const event = httpApiEvent({
  method: 'POST',
  path: '/transfers',
  headers: { 'content-type': 'application/json', origin: 'https://app.example.com' },
  body: JSON.stringify({
    amount: 1250,
    currency: 'EUR',
    to: 'DE89370400440532013000',
    note: 'rent',
  }),
})
const context = lambdaContext()

// A bare handler doing the same useful work by hand: parse, validate, answer.
async function bare(e: typeof event) {
  const body = Transfer.parse(JSON.parse(e.body as string))
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 't1', amount: body.amount }),
  }
}

const guarded = createGuard({
  cors: { origins: ['https://app.example.com'] },
  logger: { error() {}, warn() {}, info() {}, debug() {} },
}).http({ auth: 'public', body: Transfer }, (req) =>
  json(201, { id: 't1', amount: req.body.amount }),
)

const withMiddy = middy(async (e: { body: unknown }) => {
  const body = Transfer.parse(e.body)
  return {
    statusCode: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id: 't1', amount: body.amount }),
  }
})
  .use(httpHeaderNormalizer())
  .use(httpJsonBodyParser())
  .use(httpCors({ origins: ['https://app.example.com'] }))
  .use(httpSecurityHeaders())
  .use(httpErrorHandler())

// All three must answer the same request the same way before their speed means anything.
const answers = await Promise.all([
  bare(event),
  guarded(event, context),
  withMiddy({ ...event } as never, context as never),
])
for (const answer of answers) {
  if ((answer as { statusCode: number }).statusCode !== 201)
    throw new Error(`unexpected ${JSON.stringify(answer)}`)
}

// Middy's middlewares write the parsed body and normalized headers back into the event, so every
// call gets a shallow copy of it — all three candidates alike, to keep the comparison fair.
const results = await compare([
  { name: 'bare handler', fn: () => bare({ ...event }) },
  { name: '@bulwark/guard', fn: () => guarded({ ...event }, context) },
  { name: 'middy (5 middlewares)', fn: () => withMiddy({ ...event } as never, context as never) },
])
printTable(results, 'bare handler')
console.log("\noverhead over the bare handler (the target: the guard's at most 0.33× Middy's)")
for (const clock of ['nsPerOp', 'cpuNsPerOp'] as const) {
  const [bareNs, guardNs, middyNs] = results.map((r) => r[clock]) as [number, number, number]
  const guardOverhead = guardNs - bareNs
  const middyOverhead = middyNs - bareNs
  console.log(
    `${clock === 'nsPerOp' ? 'wall clock' : 'CPU time  '}: guard ${guardOverhead.toFixed(0)} ns, middy ${middyOverhead.toFixed(0)} ns` +
      ` → the guard's overhead is ${(guardOverhead / middyOverhead).toFixed(2)}× Middy's`,
  )
}
