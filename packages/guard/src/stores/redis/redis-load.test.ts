// Against the real Redis: exact invocation counts under 200 concurrent requests, one round trip per
// authenticated request (counted by the client and by Redis MONITOR), and several processes
// hammering one key admitting exactly the limit.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { skipUnless } from '../../../../../test-support/services.js'
import { createGuard } from '../../guard.js'
import { httpApiEvent, readResult } from '../../testing/lambda-events.js'
import { monitorRedis } from '../testing/monitor.js'
import { redisStore } from './index.js'

const skip = await skipUnless('redis')
const prefix = `test:load:${randomUUID()}:`
const silent = { error() {}, warn() {}, info() {}, debug() {} }
const WARM_UP = { kind: 'session', id: 'warm-up' } as const

describe('Redis under load', { skip }, async () => {
  const io = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
  const node = createClient({ socket: { host: '127.0.0.1', port: 6379 } })
  if (!skip) {
    await io.connect()
    await node.connect()
  }
  after(async () => {
    const keys = await io.keys(`${prefix}*`)
    if (keys.length > 0) await io.del(...keys)
    io.disconnect()
    await node.close()
  })

  for (const [name, client] of [
    ['ioredis', io],
    ['node-redis', node],
  ] as const) {
    it(`counts exactly 200 invocations under 200 concurrent requests, one round trip each (${name})`, async () => {
      // A generous timeout: this test is about exact counts on a busy machine, not outages.
      const store = redisStore(client, { prefix: `${prefix}${name}:`, timeout: '10s' })
      const guard = createGuard({
        store,
        logger: silent,
        rateLimit: { ip: '1000/min', user: '500/min' },
      })
      const handler = guard.http({ auth: {} }, (_req, ctx) => ({ user: ctx.user?.userId }))
      const { token } = await guard.sessions.create({ userId: `u-${name}` })
      // Warm the script cache so the count below is the steady state (an unknown session runs
      // the same script as a real one).
      await store.authenticate({ now: Date.now(), limits: [], credential: WARM_UP })
      const before = store.roundTrips
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          handler(
            httpApiEvent({
              sourceIp: `192.0.2.${i % 50}`,
              headers: { authorization: `Bearer ${token}` },
            }),
          ),
        ),
      )
      assert.equal(store.roundTrips - before, 200, 'one round trip per authenticated request')
      assert.ok(results.every((r) => readResult(r).status === 200))
      const [session] = await guard.sessions.list(`u-${name}`)
      assert.equal(session?.invocations, 200)
    })
  }

  it('Redis itself sees one command per authenticated request (MONITOR)', async () => {
    const store = redisStore(io, { prefix: `${prefix}monitor:`, timeout: '10s' })
    const guard = createGuard({
      store,
      logger: silent,
      rateLimit: { ip: '1000/min', ipBlock: '5000/min', user: '500/min' },
    })
    const handler = guard.http({ auth: { permissions: ['a'] } }, () => ({}))
    const { token } = await guard.sessions.create({ userId: 'u-monitor', permissions: ['a'] })
    await store.authenticate({ now: Date.now(), limits: [], credential: WARM_UP })
    const monitor = await monitorRedis()
    // Other test files share this Redis: only what our own connection sent counts.
    const ours = `127.0.0.1:${(io as unknown as { stream: { localPort: number } }).stream.localPort}`
    for (let i = 0; i < 10; i++) {
      const r = readResult(
        await handler(httpApiEvent({ headers: { authorization: `Bearer ${token}` } })),
      )
      assert.equal(r.status, 200)
    }
    // A last command of our own marks the end: once MONITOR shows it, it has shown the rest.
    await io.ping()
    while (!monitor.commandsFrom(ours).includes('ping')) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    monitor.stop()
    const commands = monitor.commandsFrom(ours).filter((name) => name !== 'ping')
    assert.equal(commands.length, 10, JSON.stringify(commands))
    assert.ok(commands.every((name) => name === 'evalsha'))
  })

  it('four processes hammering one key admit exactly the limit', async () => {
    const worker = fileURLToPath(new URL('../testing/limit-worker.ts', import.meta.url))
    const run = promisify(execFile)
    const key = `hammer-${randomUUID()}`
    // One logical instant for every process, so the total is exactly the burst.
    const now = String(Date.now())
    const outputs = await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, [
          '--import',
          'tsx',
          worker,
          `${prefix}workers:`,
          key,
          '150',
          '100',
          now,
          '4',
        ]),
      ),
    )
    const admitted = outputs.map((o) => Number(o.stdout))
    assert.equal(
      admitted.reduce((a, b) => a + b, 0),
      150,
      `per process: ${admitted.join(', ')}`,
    )
  })
})
