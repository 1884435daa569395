// What each path of the Redis hot path costs Redis itself, beside rate-limiter-flexible's script:
// the server's main-thread CPU time per call and the script's own µs per call (INFO commandstats),
// on a redis-server of the benchmark's own so that nothing else is counted. Calls go 50 at a time
// through the store, so the client's cost does not enter; batches are interleaved and medians kept.
//
//   node --import tsx bench/redis-script-cost.ts [--rounds N]
//
// This is where to look when changing hot-path-scripts.ts: the client side is in
// bench/identity-redis.ts.
import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import { RateLimiterRedis } from 'rate-limiter-flexible'
import { redisStore } from '../packages/guard/src/stores/redis/index.js'
import { startPrivateRedis } from './support/private-redis.js'

const roundsArg = process.argv.indexOf('--rounds')
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 15
const BATCH = 500
const HOUR = 3_600_000
const LIMIT = 100_000

const server = await startPrivateRedis()
const redis = new Redis({ host: '127.0.0.1', port: server.port })
const admin = new Redis({ host: '127.0.0.1', port: server.port })
const prefix = `cost:${randomUUID()}:`
const store = redisStore(redis, { prefix, timeout: '5s' })
const uncached = redisStore(redis, { prefix, timeout: '5s', recordCacheSize: 0 })
const rlf = new RateLimiterRedis({
  storeClient: redis,
  keyPrefix: `${prefix}rlf`,
  points: LIMIT,
  duration: HOUR / 1000,
})

const now = Date.now()
const ids = Array.from({ length: 100 }, () => randomUUID())
for (const [i, id] of ids.entries()) {
  await store.createSession(id, {
    userId: `u${i}`,
    permissions: ['notes:read', 'notes:write'],
    createdAt: now,
    expiresAt: now + 12 * HOUR,
    idleMs: HOUR,
  })
  await store.createApiKey(id, { owner: `u${i}`, scopes: ['r'], createdAt: now, expiresAt: 0 })
}
const limit = (name: string, key: string) => ({ name, key, limit: LIMIT, windowMs: HOUR })
const user = [
  { name: 'user', keyPrefix: 'user:', subject: 'user' as const, limit: LIMIT, windowMs: HOUR },
]
const session = (i: number) => ({ kind: 'session' as const, id: ids[i % 100] as string })

const cases: Array<[string, (i: number) => Promise<unknown>]> = [
  ['rate-limiter-flexible consume (reference)', (i) => rlf.consume(`k${i % 100}`)],
  [
    'consume, 1 limit',
    (i) => store.authenticate({ now: Date.now(), limits: [limit('ip', `k${i % 100}`)] }),
  ],
  [
    'consume, 2 limits',
    (i) =>
      store.authenticate({
        now: Date.now(),
        limits: [limit('ip', `k${i % 100}`), limit('ipBlock', `b${i % 100}`)],
      }),
  ],
  [
    'session + user limit, cached',
    (i) =>
      store.authenticate({
        now: Date.now(),
        limits: [],
        credential: session(i),
        subjectLimits: user,
      }),
  ],
  [
    'session + user limit, not cached',
    (i) =>
      uncached.authenticate({
        now: Date.now(),
        limits: [],
        credential: session(i),
        subjectLimits: user,
      }),
  ],
  [
    'IP + block + session + user limit, cached',
    (i) =>
      store.authenticate({
        now: Date.now(),
        limits: [limit('ip', `k${i % 100}`), limit('ipBlock', `b${i % 100}`)],
        credential: session(i),
        subjectLimits: user,
      }),
  ],
  [
    'API key + owner limit, cached',
    (i) =>
      store.authenticate({
        now: Date.now(),
        limits: [],
        credential: { kind: 'apiKey', id: ids[i % 100] as string },
        subjectLimits: user,
      }),
  ],
  [
    'JWT revocation check + user limit',
    (i) =>
      store.authenticate({
        now: Date.now(),
        limits: [],
        credential: { kind: 'jwt', userId: `u${i % 100}`, issuedAt: now, jti: `j${i % 100}` },
        subjectLimits: user,
      }),
  ],
]

const cpu = cases.map(() => [] as number[])
const script = cases.map(() => [] as number[])
for (let round = 0; round <= ROUNDS; round++) {
  for (const [index, [, op]] of cases.entries()) {
    await admin.config('RESETSTAT')
    const before = server.cpuNs() ?? 0
    let next = 0
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < BATCH) await op(next++)
      }),
    )
    const after = server.cpuNs() ?? 0
    const stats = /cmdstat_evalsha:calls=(\d+),usec=(\d+)/.exec(await admin.info('commandstats'))
    if (round === 0) continue
    cpu[index]?.push((after - before) / 1000 / BATCH)
    if (stats) script[index]?.push(Number(stats[2]) / Number(stats[1]))
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? NaN
const reference = median(cpu[0] as number[])
console.log(`Redis server cost per call (50 in flight, ${ROUNDS} rounds of ${BATCH}, medians)`)
console.log(
  `${'path'.padEnd(44)} ${'CPU µs'.padStart(7)} ${'script µs'.padStart(10)}  vs rlf consume`,
)
for (const [index, [name]] of cases.entries()) {
  const c = median(cpu[index] as number[])
  const s = median(script[index] as number[])
  console.log(
    `${name.padEnd(44)} ${c.toFixed(1).padStart(7)} ${s.toFixed(1).padStart(10)}  ${(c / reference).toFixed(2)}x`,
  )
}
redis.disconnect()
admin.disconnect()
await server.stop()
