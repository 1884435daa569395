// guard.event on an SQS batch against a bare loop doing the same useful work by hand (parse each
// body, validate it, collect the failed message ids), same process, same events: what the limits,
// the per-record context and the observability cost per batch.
//   npm run build && node --import tsx bench/events.ts

// The built package, as users run it (npm run build first; npm run bench does).
import { createGuard } from '@bulwark/guard'
import { z } from 'zod'
import { recordsEvent, sqsRecord } from '../packages/guard/src/testing/event-sources.js'
import { lambdaContext } from '../packages/guard/src/testing/lambda-events.js'
import { compare, printTable } from './measure.js'

const OrderPlaced = z.object({
  orderId: z.string().max(64),
  amount: z.number().int().positive(),
  currency: z.enum(['EUR', 'USD']),
  lines: z.array(z.object({ sku: z.string().max(32), quantity: z.number().int() })).max(50),
})

const order = (i: number) => ({
  orderId: `o-${i}`,
  amount: 1000 + i,
  currency: 'EUR',
  lines: [
    { sku: 'SKU-1', quantity: 1 },
    { sku: 'SKU-2', quantity: 3 },
  ],
})
const batchOf = (size: number, invalidEvery = 0) =>
  recordsEvent(
    ...Array.from({ length: size }, (_, i) =>
      sqsRecord({
        messageId: `m-${i}`,
        body: JSON.stringify(
          invalidEvery > 0 && i % invalidEvery === 0 ? { ...order(i), amount: -1 } : order(i),
        ),
      }),
    ),
  )

let shipped = 0
const ship = (orderId: string) => {
  if (orderId !== '') shipped++
}

// By hand: what a careful handler without a library does.
async function bare(event: { Records: { messageId: string; body: string }[] }) {
  const batchItemFailures: { itemIdentifier: string }[] = []
  for (const record of event.Records) {
    try {
      const body = OrderPlaced.parse(JSON.parse(record.body))
      ship(body.orderId)
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures }
}

const guarded = createGuard({ log: { write: () => {} }, metrics: false }).event(
  { source: 'sqs', schema: OrderPlaced },
  (message) => ship(message.body.orderId),
)
const context = lambdaContext()

for (const [label, event] of [
  ['10 valid messages', batchOf(10)],
  ['10 messages, every 4th refused (audit line each)', batchOf(10, 4)],
  ['100 valid messages', batchOf(100)],
] as const) {
  console.log(`\n${label}`)
  const results = await compare(
    [
      { name: 'bare loop (parse + zod)', fn: () => bare(event as never) },
      { name: 'guard.event', fn: () => guarded(event, context) },
    ],
    { batch: label.startsWith('100') ? 100 : 1000, rounds: 21 },
  )
  printTable(results, 'bare loop (parse + zod)')
}
if (shipped === 0) throw new Error('nothing was handled')
