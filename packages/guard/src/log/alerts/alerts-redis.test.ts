// Alert de-duplication across instances: two guards, each with its own Redis connection (one
// ioredis, one node-redis), share nothing but the Redis server.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { skipUnless } from '../../../../../test-support/services.js'
import { manualClock } from '../../core/clock.js'
import { createGuard } from '../../guard.js'
import { redisStore } from '../../stores/redis/index.js'
import { httpApiEvent, readResult } from '../../testing/lambda-events.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'
import { webhookAlerts } from './webhook-alerts.js'

const skip = await skipUnless('redis')
const prefix = `test:alerts:${randomUUID()}:`

function failingHandler(): never {
  throw new Error('ledger unavailable')
}

describe('alerts de-duplicated across two guard instances sharing Redis', { skip }, () => {
  let receiver: WebhookReceiver
  const io = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
  const node = createClient({ socket: { host: '127.0.0.1', port: 6379 } })
  before(async () => {
    receiver = await startWebhookReceiver()
    await io.connect()
    await node.connect()
  })
  after(async () => {
    const keys = await io.keys(`${prefix}*`)
    if (keys.length > 0) await io.del(...keys)
    io.disconnect()
    await node.close()
    await receiver.close()
  })

  it('sends one alert per window for both, then one with the count suppressed on either', async () => {
    const start = Date.parse('2025-06-01T08:00:00Z')
    const instance = (client: unknown) => {
      const clock = manualClock(start)
      const guard = createGuard({
        store: redisStore(client, { prefix, timeout: '5s' }),
        clock,
        log: { write: () => {} },
        alerts: {
          sinks: [webhookAlerts(`${receiver.url}/hook/shared`, { timeoutMs: 60_000 })],
          window: '5m',
          maxWait: '60s',
        },
      })
      return { clock, handler: guard.http({ auth: 'public', name: 'POST /pay' }, failingHandler) }
    }
    const a = instance(io)
    const b = instance(node)
    const fail = async (which: typeof a) => {
      const result = readResult(await which.handler(httpApiEvent({ method: 'POST' })))
      assert.equal(result.status, 500)
    }

    await fail(a)
    await fail(b)
    await fail(a)
    await fail(b)
    await fail(b)
    assert.equal(receiver.received.length, 1, 'one alert for five failures on two instances')
    assert.doesNotMatch(receiver.received[0]?.body ?? '', /more since the last alert/)

    a.clock.advance(5 * 60_000)
    b.clock.advance(5 * 60_000)
    await fail(a)
    assert.equal(receiver.received.length, 2)
    assert.match(
      receiver.received[1]?.body ?? '',
      /ERR_INTERNAL \(Error\) on POST \/pay .*4 more since the last alert/,
    )
  })
})
