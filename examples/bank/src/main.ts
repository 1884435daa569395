// `npm start`: the bank on http://127.0.0.1:3000 with embedded defaults (memory store; set
// REDIS_URL=redis://127.0.0.1:6379 to share state through Redis), a short tour of what the guard
// does, then it keeps serving.
//   PORT=3001 npm start      another port
//   npm start -- --once      the tour, then stop (what the test runs)
import { serveRoutes, serverUrl } from '@bulwark/guard'
import { deliverLocallyTo } from './announce-transfer.js'
import { bankClient } from './client.js'
import { DEMO_USERS, notificationsOf, seedDirectory } from './directory.js'
import { handler as notifyTransfers } from './handlers/transfer-notifications.js'
import { sqsEvent } from './local-sqs-event.js'
import { routes } from './routes.js'

await seedDirectory()
// No SQS queue locally: what the transfers handler announces waits here for the tour to deliver.
const announced: string[] = []
deliverLocallyTo((body) => announced.push(body))
const server = await serveRoutes(routes, { port: Number(process.env.PORT ?? 3000) })
const base = serverUrl(server)
console.log(
  `Bulwark bank listening on ${base} (store: ${process.env.REDIS_URL ? 'redis' : 'memory'})\n`,
)

const client = bankClient(base, 'bank-tour')
async function call(
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
) {
  const res = await client(method, path, options)
  const shown = res.text.length > 160 ? `${res.text.slice(0, 160)}…` : res.text
  console.log(`${method} ${path} → ${res.status} ${shown}`)
  return res
}

const alice = DEMO_USERS[0] as (typeof DEMO_USERS)[number]
await call('GET', '/health')
await call('GET', '/accounts')
await call('POST', '/login', { body: { username: alice.username, password: 'wrong password' } })
const login = await call('POST', '/login', {
  body: { username: alice.username, password: alice.password },
})
const token = login.body.token as string
await call('GET', '/accounts', { token })
await call('POST', '/transfers', {
  token,
  body: { from: 'acc-u1', to: 'acc-u2', amount: 2500, currency: 'EUR', reference: 'rent' },
})
await call('POST', '/transfers', {
  token,
  body: { from: 'acc-u1', to: 'acc-u2', amount: -5, currency: 'EUR' },
})

// The transfer was announced on the transfer-notifications queue. Delivered here as Lambda would,
// in one batch with a message the schema refuses (an amount as a decimal string, not in cents):
// that one is named in batchItemFailures, the other notifies the payee.
const transferMessage = announced.shift() as string
const batch = sqsEvent([
  transferMessage,
  JSON.stringify({ ...JSON.parse(transferMessage), transactionId: 'tr-bad', amount: '25.00' }),
])
console.log(
  `SQS transfer-notifications (${batch.Records.length} messages) → ${JSON.stringify(await notifyTransfers(batch))}`,
)
console.log(`bob's notifications: ${JSON.stringify(await notificationsOf('u2'))}`)

await call('GET', '/sessions', { token })
await call('POST', '/logout', { token })
await call('GET', '/accounts', { token })

if (process.argv.includes('--once')) {
  server.closeAllConnections()
  server.close()
  process.exit(0)
} else {
  console.log(
    `\nDemo users: ${DEMO_USERS.map((u) => `${u.username} / "${u.password}"`).join(', ')}`,
  )
  console.log(`Try: curl -i ${base}/health   (Ctrl-C to stop)`)
}
