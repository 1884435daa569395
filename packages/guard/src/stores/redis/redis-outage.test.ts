// A Redis of our own on a free port, killed in the middle of traffic and started again: requests
// fail closed with 503 within the timeout, nothing hangs, no promise is left rejected, and traffic
// recovers by itself once Redis is back. Run with both clients.
import assert from 'node:assert/strict'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { skipUnless } from '../../../../../test-support/services.js'
import { createGuard } from '../../guard.js'
import { httpApiEvent, readResult } from '../../testing/lambda-events.js'
import { freePort, startRedis, stopRedis as stop } from '../testing/own-redis.js'
import { redisStore } from './index.js'

const skip = (await skipUnless('redis')) || false
const silent = { error() {}, warn() {}, info() {}, debug() {} }
const TIMEOUT_MS = 200

describe('Redis outage', { skip }, () => {
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)
  process.on('unhandledRejection', onUnhandled)
  after(() => process.off('unhandledRejection', onUnhandled))

  const clients = {
    ioredis: (port: number) => {
      const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null })
      client.on('error', () => {})
      return { client, close: async () => client.disconnect() }
    },
    'node-redis': (port: number) => {
      const client = createClient({
        socket: { host: '127.0.0.1', port, reconnectStrategy: () => 100 },
      })
      client.on('error', () => {})
      return { client, connect: () => client.connect(), close: async () => client.destroy() }
    },
  }

  for (const [name, make] of Object.entries(clients)) {
    it(`fails closed within the timeout and recovers by itself (${name})`, async (t) => {
      const port = await freePort()
      let redis = await startRedis(port)
      const made = make(port)
      if ('connect' in made) await made.connect()
      try {
        const guard = createGuard({
          store: redisStore(made.client),
          logger: silent,
          rateLimit: { ip: '100000/min' },
        })
        const handler = guard.http({ auth: {} }, () => ({ ok: true }))
        const login = guard.http({ auth: 'public' }, async () => {
          await guard.login.attempt({ username: 'u', ip: '192.0.2.1' }, () => true)
          return { ok: true }
        })
        const request = async (token: string, h = handler) => {
          const started = performance.now()
          const result = readResult(
            await h(httpApiEvent({ headers: { authorization: `Bearer ${token}` } })),
          )
          return {
            status: result.status,
            code: result.json().code,
            ms: performance.now() - started,
          }
        }
        // Before the kill: traffic flows (on a busy machine an odd call may still miss 200 ms).
        let token = ''
        for (let i = 0; i < 50 && token === ''; i++) {
          token = await guard.sessions.create({ userId: 'u1' }).then(
            (s) => s.token,
            () => '',
          )
        }
        let served = 0
        for (let i = 0; i < 100 && served < 10; i++) {
          if ((await request(token)).status === 200) served++
        }
        assert.equal(served, 10)

        // Kill it mid-traffic: 20 requests in flight while the process dies.
        // The store's timeout runs on this process's timers: on a machine busy with other work the
        // event loop itself can fall seconds behind, and that lag is measured, not blamed on the guard.
        const loopDelay = monitorEventLoopDelay({ resolution: 10 })
        loopDelay.enable()
        const inFlight = Array.from({ length: 20 }, () => request(token))
        await stop(redis)
        const during = [...(await Promise.all(inFlight))]
        for (let i = 0; i < 10; i++) during.push(await request(token))
        for (let i = 0; i < 3; i++) during.push(await request(token, login))
        const failed = during.filter((r) => r.status !== 200)
        assert.ok(failed.length >= 13, `${failed.length} of ${during.length} failed`)
        for (const r of failed) {
          assert.equal(r.status, 503)
          assert.equal(r.code, 'ERR_STORE_UNAVAILABLE')
        }
        loopDelay.disable()
        const lagMs = loopDelay.max / 1e6
        const slowest = Math.max(...failed.map((r) => r.ms))
        t.diagnostic(
          `${failed.length} requests got 503; slowest ${slowest.toFixed(0)} ms; event loop lag up to ${lagMs.toFixed(0)} ms`,
        )
        // The bound is the store timeout; the slack covers scheduling on a busy machine, not a hang.
        assert.ok(
          slowest < TIMEOUT_MS + 800 + lagMs,
          `slowest 503 took ${slowest.toFixed(0)} ms (event loop lag ${lagMs.toFixed(0)} ms)`,
        )

        redis = await startRedis(port)
        let recovered = false
        for (let i = 0; i < 100 && !recovered; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          // Redis came back empty: a new session, created through the recovered store.
          try {
            const fresh = await guard.sessions.create({ userId: 'u2' })
            recovered = (await request(fresh.token)).status === 200
          } catch {}
        }
        assert.ok(recovered, 'traffic recovered without intervention')
        assert.equal(
          (await request(token)).code,
          'ERR_AUTH_INVALID',
          'the old session died with the data',
        )
        await new Promise((resolve) => setTimeout(resolve, 50))
        assert.deepEqual(unhandled, [])
      } finally {
        await made.close()
        await stop(redis)
      }
    })
  }
})
