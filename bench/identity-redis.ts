// Redis round trips per authenticated request, and throughput against rate-limiter-flexible,
// on the same Redis in the same process.
//
//   node --import tsx bench/identity-redis.ts            (Redis on 127.0.0.1:6379)
//
// Sections 2 and 3 run twice: straight to Redis over loopback, where a round trip costs less than
// the work around it, and through a TCP forwarder in another process (bench/tcp-hop.mjs), closer
// to a Lambda talking to ElastiCache across the network, where round trips dominate.
//
// 1. Round trips: Redis MONITOR counts the commands our client sends for N authenticated,
//    rate-limited requests through guard.http, beside the naive GET + INCR + EXPIRE baseline.
// 2. consume() throughput at concurrency 1 and 50: our store vs RateLimiterRedis (ioredis).
// 3. The authenticated, rate-limited check: our one call (session check + invocation count +
//    per-user limit) vs rate-limiter-flexible's consume plus a separate session read.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { RateLimiterRedis } from 'rate-limiter-flexible'
import { createGuard } from '../packages/guard/src/core/guard.js'
import { redisStore } from '../packages/guard/src/stores/redis/index.js'
import { monitorRedis } from '../packages/guard/src/stores/testing/monitor.js'
import { httpApiEvent } from '../packages/guard/src/testing/lambda-events.js'

const prefix = `bench:${randomUUID()}:`
const redis = new Redis({ host: '127.0.0.1', port: 6379 })
const silent = { error() {}, warn() {}, info() {}, debug() {} }
const HOUR = 3_600_000

async function countCommands(work: () => Promise<void>): Promise<number> {
  const monitor = await monitorRedis()
  // Only what our own connection sends: other processes may share this Redis.
  const ours = `127.0.0.1:${(redis as unknown as { stream: { localPort: number } }).stream.localPort}`
  await work()
  // A last command of our own marks the end: once MONITOR shows it, it has shown the rest.
  await redis.ping()
  while (!monitor.commandsFrom(ours).includes('ping')) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  monitor.stop()
  return monitor.commandsFrom(ours).filter((name) => name !== 'ping').length
}

/** ops/s of `op` run `total` times by `concurrency` workers. */
async function throughput(total: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  let next = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++)
    }),
  )
  return total / ((performance.now() - started) / 1000)
}

/**
 * ops/s of `a` and `b`, measured in alternating rounds so that the load of a shared machine falls
 * on both alike.
 */
async function compare(
  total: number,
  concurrency: number,
  a: (i: number) => Promise<unknown>,
  b: (i: number) => Promise<unknown>,
): Promise<[number, number]> {
  const rounds = 10
  let timeA = 0
  let timeB = 0
  for (let round = 0; round < rounds; round++) {
    timeA += total / rounds / (await throughput(total / rounds, concurrency, a))
    timeB += total / rounds / (await throughput(total / rounds, concurrency, b))
  }
  return [total / timeA, total / timeB]
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

async function main() {
  const store = redisStore(redis, { prefix: `${prefix}ours:`, timeout: '5s' })

  // 1. Round trips per authenticated request.
  const guard = createGuard({
    store,
    logger: silent,
    rateLimit: { ip: '100000/min', ipBlock: '100000/min', user: '100000/min' },
  })
  const handler = guard.http({ auth: { permissions: ['notes:read'] } }, () => ({ ok: true }))
  const { token } = await guard.sessions.create({
    userId: 'bench-user',
    permissions: ['notes:read'],
  })
  const event = httpApiEvent({ headers: { authorization: `Bearer ${token}` } })
  await handler(event)
  const N = 200
  const ours = await countCommands(async () => {
    for (let i = 0; i < N; i++) await handler(event)
  })
  const baseline = await countCommands(async () => {
    for (let i = 0; i < N; i++) {
      await redis.get(`${prefix}naive:session`)
      await redis.incr(`${prefix}naive:count`)
      await redis.expire(`${prefix}naive:count`, 60)
    }
  })
  console.log('Redis round trips per authenticated request (MONITOR)')
  console.log(
    `  bulwark (IP + IP block limits, session, count, user limit): ${(ours / N).toFixed(2)}`,
  )
  console.log(
    `  GET + INCR + EXPIRE baseline (session only, one limit):     ${(baseline / N).toFixed(2)}`,
  )

  await compareWithRlf('straight to Redis (loopback)', redis)
  const hop = spawn(
    process.execPath,
    [new URL('./tcp-hop.mjs', import.meta.url).pathname, '6379'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const [chunk] = (await once(hop.stdout, 'data')) as [Buffer]
  const viaHop = new Redis({ host: '127.0.0.1', port: Number(String(chunk).trim()) })
  await compareWithRlf('through one TCP hop (bench/tcp-hop.mjs)', viaHop)
  viaHop.disconnect()
  hop.stdin?.end()
  hop.kill()

  const keys = await redis.keys(`${prefix}*`)
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500))
  redis.disconnect()
}

async function compareWithRlf(label: string, client: Redis) {
  console.log(`\n=== ${label}`)
  const store = redisStore(client, { prefix: `${prefix}ours:`, timeout: '5s' })
  const redis = client
  // 2. consume() throughput.
  const rlf = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}rlf`,
    points: 1_000_000_000,
    duration: 3600,
  })
  const limit = { name: 'ip', limit: 1_000_000_000, windowMs: HOUR }
  await rlf.consume('warm')
  await store.authenticate({ now: Date.now(), limits: [{ ...limit, key: 'warm' }] })
  console.log('\nconsume() throughput, ops/s (rate-limiter-flexible RateLimiterRedis + ioredis)')
  for (const [concurrency, total] of [
    [1, 3000],
    [50, 20000],
  ] as const) {
    const [ourOps, rlfOps] = await compare(
      total,
      concurrency,
      (i) => store.authenticate({ now: Date.now(), limits: [{ ...limit, key: `k${i % 100}` }] }),
      (i) => rlf.consume(`k${i % 100}`),
    )
    console.log(
      `  concurrency ${String(concurrency).padStart(2)}: bulwark ${fmt(ourOps)}  rlf ${fmt(rlfOps)}  ratio ${(ourOps / rlfOps).toFixed(2)}x`,
    )
  }

  // 3. Authenticated + rate-limited check.
  const sessions = Array.from({ length: 100 }, (_, i) => `u${i}`)
  const ids: string[] = []
  for (const userId of sessions) {
    const id = randomUUID()
    ids.push(id)
    await store.createSession(id, {
      userId,
      permissions: ['notes:read'],
      createdAt: Date.now(),
      expiresAt: Date.now() + HOUR,
      idleMs: HOUR,
    })
    await redis.hset(`${prefix}rlf-session:${id}`, {
      u: userId,
      p: '["notes:read"]',
      x: Date.now() + HOUR,
    })
  }
  const perUser = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix: `${prefix}rlf-user`,
    points: 1_000_000_000,
    duration: 3600,
  })
  const userLimit = {
    name: 'user',
    keyPrefix: 'user:',
    subject: 'user' as const,
    limit: 1_000_000_000,
    windowMs: HOUR,
  }
  const ourCheck = (i: number) =>
    store.authenticate({
      now: Date.now(),
      limits: [],
      credential: { kind: 'session', id: ids[i % ids.length] as string },
      subjectLimits: [userLimit],
    })
  const rlfCheck = async (i: number) => {
    const session = await redis.hgetall(`${prefix}rlf-session:${ids[i % ids.length]}`)
    if (session.u === undefined) throw new Error('no session')
    await perUser.consume(session.u)
  }
  await ourCheck(0)
  await rlfCheck(0)
  console.log('\nauthenticated + rate-limited check, ops/s')
  console.log(
    '  bulwark: one call (session check, timeouts, invocation count, last seen, user limit)',
  )
  console.log(
    '  rlf:     HGETALL session, then RateLimiterRedis.consume(user) (no count, no last seen)',
  )
  for (const [concurrency, total] of [
    [1, 3000],
    [50, 20000],
  ] as const) {
    const [ourOps, rlfOps] = await compare(total, concurrency, ourCheck, rlfCheck)
    console.log(
      `  concurrency ${String(concurrency).padStart(2)}: bulwark ${fmt(ourOps)}  rlf+read ${fmt(rlfOps)}  ratio ${(ourOps / rlfOps).toFixed(2)}x`,
    )
  }
}

await main()
