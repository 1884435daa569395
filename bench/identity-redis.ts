// Redis round trips per authenticated request, and throughput against rate-limiter-flexible
// (RateLimiterRedis + ioredis) on the same Redis in the same process.
//
//   node --import tsx bench/identity-redis.ts [--auto-pipelining] [--rounds N]
//
// Fairness:
// - One Redis for both sides: a redis-server of the benchmark's own on a free port, so that its
//   accounting (main-thread CPU time from /proc, INFO commandstats) holds what this benchmark sent
//   and nothing else. Without redis-server it falls back to 127.0.0.1:6379 and says so.
// - One ioredis client for both sides, so the same options: enableAutoPipelining off (ioredis's
//   default) unless --auto-pipelining turns it on for both.
// - Interleaved rounds: each round runs one batch of every side of a scenario in turn, so a busy
//   moment on a shared machine falls on all of them alike; figures are medians over the rounds,
//   after a warm-up round that is not counted.
// - The same job: limits that never deny (10^9 per hour) on 100 keys; sessions are hashes with the
//   same fields on both sides (100 of them); rate-limiter-flexible's side checks the expiry times,
//   parses the permissions and, in the "+ count" variant, records the invocation and last seen
//   (HINCRBY + HSET, pipelined in one round trip) as our one call does. The variant without the
//   count is printed too: it is what the issue first described, and does less work than ours.
//
// Sections 2 to 4 run straight to Redis over loopback, where a round trip costs about as much as the
// work around it, and again through a TCP forwarder in another process (bench/tcp-hop.mjs), closer to
// a Lambda talking to ElastiCache across a network, where round trips dominate.
//
// 1. Round trips per authenticated request through guard.http (IP + IP block limits, session,
//    count, user limit), counted by Redis MONITOR, beside the naive GET + INCR + EXPIRE.
// 2. consume(): one rate limit.
// 3. The authenticated, rate-limited check: session (exists, timeouts) + invocation count + last
//    seen + per-user limit.
// 4. A whole request's admission as the guard does it: IP and IP-block limits, then 3.
import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { Redis } from 'ioredis'
import { RateLimiterRedis } from 'rate-limiter-flexible'
import { createGuard } from '../packages/guard/src/guard.js'
import { redisStore } from '../packages/guard/src/stores/redis/index.js'
import { monitorRedis } from '../packages/guard/src/stores/testing/monitor.js'
import type { AuthenticateResult } from '../packages/guard/src/stores/types.js'
import { httpApiEvent } from '../packages/guard/src/testing/lambda-events.js'
import { type PrivateRedis, startPrivateRedis } from './support/private-redis.js'

const autoPipelining = process.argv.includes('--auto-pipelining')
const roundsArg = process.argv.indexOf('--rounds')
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 20
const BATCH = { 1: 100, 50: 1000 } as const
const prefix = `bench:${randomUUID()}:`
const silent = { error() {}, warn() {}, info() {}, debug() {} }
const HOUR = 3_600_000
// Per hour, both sides: never reached in a run (each key sees a few thousand requests at most),
// yet with an interval (36 ms) longer than the time between two requests on one key, so that a
// GCRA key lives on between them as it does for any caller who comes close to a limit. (With a
// limit of 10^9 the interval is 3.6 µs, every key has expired by its next request and each call
// pays for deleting and re-creating it: about 2 µs of server time that real traffic near its
// limits does not pay.)
const LIMIT = 100_000
const KEYS = 100

interface Side {
  readonly name: string
  /** What one operation sends, for the table. */
  readonly sends: string
  /** The commands it sends itself (INFO commandstats also counts those run inside scripts). */
  readonly commands: readonly string[]
  readonly op: (i: number) => Promise<unknown>
}

interface Figures {
  opsPerSec: number
  /** ops/s of each round, to pair with the other sides' in the same round. */
  rounds: number[]
  clientUs: number
  serverUs: number | undefined
  /** Bytes sent to Redis and received from it per operation (INFO stats). */
  bytes: string
  /** Redis's own µs per call of the top-level commands (INFO commandstats). */
  commands: string
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor((sorted.length - 1) * q + 0.5)] as number
}
const median = (values: number[]) => quantile(values, 0.5)
const SCRIPT = ['evalsha', 'eval']
const fmt = (n: number) => Math.round(n).toLocaleString('en-US')

/** Our side's answer, which must be an admission (as rate-limiter-flexible's consume must). */
async function admitted(result: Promise<AuthenticateResult>): Promise<AuthenticateResult> {
  const answer = await result
  if (answer.status !== 'ok') throw new Error(`bulwark answered ${answer.status}`)
  return answer
}

/** One batch of `total` operations by `concurrency` workers. */
async function batch(total: number, concurrency: number, op: (i: number) => Promise<unknown>) {
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await op(next++)
    }),
  )
}

async function trafficStats(admin: Redis): Promise<{ in: number; out: number }> {
  const info = await admin.info('stats')
  const field = (name: string) => Number(new RegExp(`${name}:(\\d+)`).exec(info)?.[1] ?? 0)
  return { in: field('total_net_input_bytes'), out: field('total_net_output_bytes') }
}

async function commandStats(admin: Redis): Promise<Map<string, { calls: number; usec: number }>> {
  const stats = new Map<string, { calls: number; usec: number }>()
  for (const line of (await admin.info('commandstats')).split('\n')) {
    const match = /^cmdstat_(\w+):calls=(\d+),usec=(\d+)/.exec(line)
    if (match) stats.set(match[1] as string, { calls: Number(match[2]), usec: Number(match[3]) })
  }
  return stats
}

/** Every side of a scenario in interleaved rounds; medians per side. */
async function measure(
  sides: readonly Side[],
  concurrency: 1 | 50,
  admin: Redis,
  server: PrivateRedis | undefined,
): Promise<Figures[]> {
  const total = BATCH[concurrency]
  const samples = sides.map(() => ({
    ops: [] as number[],
    client: [] as number[],
    server: [] as number[],
    bytesIn: [] as number[],
    bytesOut: [] as number[],
    commands: new Map<string, { calls: number; usec: number }[]>(),
  }))
  for (let round = 0; round <= ROUNDS; round++) {
    // Each round starts with another side, so none always runs right after the same one.
    for (let k = 0; k < sides.length; k++) {
      const index = (round + k) % sides.length
      const side = sides[index] as Side
      if (server) await admin.config('RESETSTAT')
      const serverBefore = server?.cpuNs()
      const cpuBefore = process.cpuUsage()
      const started = performance.now()
      await batch(total, concurrency, side.op)
      const seconds = (performance.now() - started) / 1000
      const cpu = process.cpuUsage(cpuBefore)
      const serverAfter = server?.cpuNs()
      if (round === 0) continue
      const sample = samples[index] as (typeof samples)[number]
      sample.ops.push(total / seconds)
      sample.client.push((cpu.user + cpu.system) / total)
      if (serverBefore !== undefined && serverAfter !== undefined) {
        sample.server.push((serverAfter - serverBefore) / 1000 / total)
      }
      if (server) {
        // Read first, before the INFO replies below add to the count.
        const traffic = await trafficStats(admin)
        sample.bytesIn.push(traffic.in / total)
        sample.bytesOut.push(traffic.out / total)
        for (const [name, stat] of await commandStats(admin)) {
          if (!side.commands.includes(name)) continue
          const list = sample.commands.get(name) ?? []
          list.push(stat)
          sample.commands.set(name, list)
        }
      }
    }
  }
  return samples.map((sample) => ({
    opsPerSec: median(sample.ops),
    rounds: sample.ops,
    clientUs: median(sample.client),
    serverUs: sample.server.length > 0 ? median(sample.server) : undefined,
    bytes:
      sample.bytesIn.length > 0
        ? `${Math.round(median(sample.bytesIn))}/${Math.round(median(sample.bytesOut))} B`
        : 'n/a',
    commands: [...sample.commands]
      .map(([name, stats]) => {
        const perCall = median(stats.map((s) => s.usec / s.calls))
        const perOp = median(stats.map((s) => s.calls / total))
        return `${name} ${perOp.toFixed(perOp % 1 === 0 ? 0 : 2)}×${perCall.toFixed(1)}`
      })
      .join(' '),
  }))
}

async function report(
  title: string,
  sides: readonly Side[],
  admin: Redis,
  server: PrivateRedis | undefined,
) {
  console.log(`\n${title}`)
  const width = Math.max(...sides.map((s) => s.name.length))
  for (const side of sides) console.log(`  ${side.name.padEnd(width)}  ${side.sends}`)
  for (const concurrency of [1, 50] as const) {
    const figures = await measure(sides, concurrency, admin, server)
    const ours = figures[0] as Figures
    console.log(`  concurrency ${concurrency}:`)
    for (const [index, side] of sides.entries()) {
      const f = figures[index] as Figures
      // The ratio of each round (the two sides ran moments apart), then the median and the
      // middle half of those: steadier on a busy machine than a ratio of two medians.
      const paired = f.rounds.map((ops, round) => (ours.rounds[round] as number) / ops)
      const ratio =
        index === 0
          ? ''
          : `   bulwark ${median(paired).toFixed(2)}x (${quantile(paired, 0.25).toFixed(2)}–${quantile(paired, 0.75).toFixed(2)})`
      const serverUs = f.serverUs === undefined ? 'n/a' : f.serverUs.toFixed(1)
      console.log(
        `    ${side.name.padEnd(width)} ${fmt(f.opsPerSec).padStart(7)} ops/s  client ${f.clientUs.toFixed(1).padStart(5)} µs/op  server ${serverUs.padStart(5)} µs/op  ${f.bytes.padStart(9)}  [${f.commands}]${ratio}`,
      )
    }
  }
}

async function countCommands(redis: Redis, port: number, work: () => Promise<void>) {
  const monitor = await monitorRedis(port)
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

async function roundTrips(redis: Redis, port: number) {
  const store = redisStore(redis, { prefix: `${prefix}rt:`, timeout: '5s' })
  const guard = createGuard({
    store,
    logger: silent,
    rateLimit: { ip: '100000/min', ipBlock: '100000/min', user: '100000/min' },
  })
  const handler = guard.http({ auth: { permissions: ['notes:read'] } }, () => ({ ok: true }))
  const { token } = await guard.sessions.create({ userId: 'bench', permissions: ['notes:read'] })
  const event = httpApiEvent({ headers: { authorization: `Bearer ${token}` } })
  await handler(event)
  const N = 200
  const ours = await countCommands(redis, port, async () => {
    for (let i = 0; i < N; i++) await handler(event)
  })
  const baseline = await countCommands(redis, port, async () => {
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
}

async function scenarios(label: string, client: Redis, admin: Redis, server?: PrivateRedis) {
  console.log(`\n=== ${label}`)
  const store = redisStore(client, { prefix: `${prefix}ours:`, timeout: '5s' })
  const uncached = redisStore(client, {
    prefix: `${prefix}ours:`,
    timeout: '5s',
    recordCacheSize: 0,
  })
  const limiter = (name: string) =>
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: `${prefix}rlf-${name}`,
      points: LIMIT,
      duration: HOUR / 1000,
    })
  const rlfIp = limiter('ip')
  const rlfBlock = limiter('block')
  const rlfUser = limiter('user')
  const limit = (name: string, key: string) => ({ name, key, limit: LIMIT, windowMs: HOUR })
  const userLimit = {
    name: 'user',
    keyPrefix: 'user:',
    subject: 'user' as const,
    limit: LIMIT,
    windowMs: HOUR,
  }

  const now = Date.now()
  const ids: string[] = []
  for (let i = 0; i < KEYS; i++) {
    const id = randomUUID()
    ids.push(id)
    const record = {
      userId: `u${i}`,
      permissions: ['notes:read', 'notes:write'],
      device: 'Firefox on macOS',
      createdAt: now,
      expiresAt: now + 12 * HOUR,
      idleMs: HOUR,
    }
    await store.createSession(id, record)
    // The same fields as ours, so that both sides read as much.
    await client.hset(`${prefix}rlf-session:${id}`, {
      u: record.userId,
      p: JSON.stringify(record.permissions),
      d: '',
      v: record.device,
      c: record.createdAt,
      x: record.expiresAt,
      i: record.idleMs,
      l: record.createdAt,
      a: record.createdAt,
      n: 0,
    })
  }
  const session = (i: number) => ({ kind: 'session' as const, id: ids[i % KEYS] as string })
  const ip = (i: number) => `203.0.113.${i % KEYS}`

  /** rate-limiter-flexible's side of the session check: read, check, parse, limit, count. */
  async function rlfSession(i: number, count: boolean) {
    const key = `${prefix}rlf-session:${ids[i % KEYS]}`
    const at = Date.now()
    const s = await client.hgetall(key)
    if (s.u === undefined || at >= Number(s.x) || at - Number(s.l) >= Number(s.i)) {
      throw new Error('session refused')
    }
    const permissions = JSON.parse(s.p as string) as string[]
    await rlfUser.consume(s.u)
    if (count) await client.pipeline().hincrby(key, 'n', 1).hset(key, 'l', at).exec()
    return permissions
  }

  await report(
    'consume(): one rate limit',
    [
      {
        name: 'bulwark',
        sends: 'EVALSHA (GCRA)',
        commands: SCRIPT,
        op: (i) => admitted(store.authenticate({ now: Date.now(), limits: [limit('ip', ip(i))] })),
      },
      {
        name: 'rlf',
        sends: 'EVALSHA (fixed window)',
        commands: SCRIPT,
        op: (i) => rlfIp.consume(ip(i)),
      },
    ],
    admin,
    server,
  )

  const check = (s: typeof store) => (i: number) =>
    admitted(
      s.authenticate({
        now: Date.now(),
        limits: [],
        credential: session(i),
        subjectLimits: [userLimit],
      }),
    )
  await report(
    'authenticated + rate-limited check: session + invocation count + last seen + user limit',
    [
      { name: 'bulwark', sends: '1 round trip: EVALSHA', commands: SCRIPT, op: check(store) },
      {
        name: 'rlf + read + count',
        sends: '3 round trips: HGETALL; consume; HINCRBY + HSET pipelined',
        commands: [...SCRIPT, 'hgetall', 'hincrby', 'hset'],
        op: (i) => rlfSession(i, true),
      },
      {
        name: 'rlf + read',
        sends: '2 round trips: HGETALL; consume (no count, no last seen)',
        commands: [...SCRIPT, 'hgetall'],
        op: (i) => rlfSession(i, false),
      },
      {
        name: 'bulwark, no cache',
        sends: '1 round trip: EVALSHA, recordCacheSize 0 (the whole record every time)',
        commands: SCRIPT,
        op: check(uncached),
      },
    ],
    admin,
    server,
  )

  await report(
    "a request's admission: IP + IP-block limits, then the check above",
    [
      {
        name: 'bulwark',
        sends: '1 round trip: EVALSHA',
        commands: SCRIPT,
        op: (i) =>
          admitted(
            store.authenticate({
              now: Date.now(),
              limits: [limit('ip', ip(i)), limit('ipBlock', `203.0.${i % KEYS}.0/24`)],
              credential: session(i),
              subjectLimits: [userLimit],
            }),
          ),
      },
      {
        name: 'rlf + read + count',
        sends: '4 round trips: consume ip ‖ consume block; HGETALL; consume user; HINCRBY + HSET',
        commands: [...SCRIPT, 'hgetall', 'hincrby', 'hset'],
        op: async (i) => {
          await Promise.all([rlfIp.consume(ip(i)), rlfBlock.consume(`203.0.${i % KEYS}.0/24`)])
          return rlfSession(i, true)
        },
      },
    ],
    admin,
    server,
  )
}

async function main() {
  let server: PrivateRedis | undefined
  try {
    server = await startPrivateRedis()
  } catch (error) {
    console.log(`(no redis-server of our own: ${String(error)}; using 127.0.0.1:6379, shared)`)
  }
  const port = server?.port ?? 6379
  const options = { host: '127.0.0.1', enableAutoPipelining: autoPipelining }
  const redis = new Redis({ ...options, port })
  const admin = new Redis({ host: '127.0.0.1', port })
  console.log(
    `Redis ${(await admin.info('server')).match(/redis_version:(\S+)/)?.[1]} on port ${port}` +
      `${server ? ' (our own)' : ''}; ioredis enableAutoPipelining ${autoPipelining} for both sides;` +
      ` ${ROUNDS} rounds of ${BATCH[1]} (concurrency 1) / ${BATCH[50]} (concurrency 50) operations per side`,
  )
  console.log(
    "client µs/op: this process's CPU time per operation; server µs/op: the Redis main thread's\n" +
      'CPU time per operation; [top-level command calls per operation × Redis µs per call, from\n' +
      'INFO commandstats]; B: bytes to/from Redis per operation; ratio: median over the rounds of\n' +
      'ours / theirs (middle half in brackets)\n',
  )

  await roundTrips(redis, port)
  await scenarios('straight to Redis (loopback)', redis, admin, server)

  const hop = spawn(
    process.execPath,
    [new URL('./tcp-hop.mjs', import.meta.url).pathname, String(port)],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  )
  const [chunk] = (await once(hop.stdout, 'data')) as [Buffer]
  const viaHop = new Redis({ ...options, port: Number(String(chunk).trim()) })
  await scenarios('through one TCP hop (bench/tcp-hop.mjs)', viaHop, admin, server)
  viaHop.disconnect()
  hop.stdin?.end()
  hop.kill()

  if (!server) {
    const keys = await admin.keys(`${prefix}*`)
    for (let i = 0; i < keys.length; i += 500) await admin.del(...keys.slice(i, i + 500))
  }
  redis.disconnect()
  admin.disconnect()
  await server?.stop()
}

await main()
