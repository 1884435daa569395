import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { skipUnless } from '../../../../../test-support/services.js'
import { storeContract } from '../testing/contract.js'
import { freePort, startRedis, stopRedis } from '../testing/own-redis.js'
import { redisStore } from './index.js'

const skip = await skipUnless('redis')
const prefix = `test:stores:${randomUUID()}:`
// These tests are about semantics; the outage test covers the 200 ms default on a busy machine.
const SEMANTICS_TIMEOUT = '10s'

describe('redisStore', { skip }, async () => {
  const io = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
  const node = createClient({ socket: { host: '127.0.0.1', port: 6379 } })
  if (!skip) {
    await io.connect()
    await node.connect()
  }
  after(async () => {
    let cursor = '0'
    do {
      const [next, keys] = await io.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (keys.length > 0) await io.del(...keys)
      cursor = next
    } while (cursor !== '0')
    io.disconnect()
    await node.close()
  })

  storeContract('redis via ioredis', () =>
    redisStore(io, { prefix: `${prefix}io:`, timeout: SEMANTICS_TIMEOUT }),
  )
  storeContract('redis via node-redis', () =>
    redisStore(node, { prefix: `${prefix}node:`, timeout: SEMANTICS_TIMEOUT }),
  )

  it('rejects what is not a Redis client, and unknown options', () => {
    assert.throws(() => redisStore({}), /needs an ioredis client/)
    assert.throws(
      () => redisStore(io, { prefx: 'x' } as never),
      /`prefx` is not an option of redisStore options; did you mean `prefix`\?/,
    )
    assert.throws(
      () => redisStore(io, { timeout: 'soon' }),
      /redisStore.timeout must be a duration/,
    )
  })

  it('reloads a script Redis has forgotten (NOSCRIPT) within the same operation', async () => {
    // SCRIPT FLUSH on the shared Redis would send every other test file through NOSCRIPT too.
    const port = await freePort()
    const server = await startRedis(port)
    const own = new Redis({ host: '127.0.0.1', port })
    try {
      const store = redisStore(own, { prefix: `${prefix}noscript:`, timeout: SEMANTICS_TIMEOUT })
      const check = { now: 1, limits: [{ name: 'x', key: 'k', limit: 5, windowMs: 1000 }] }
      await store.authenticate(check)
      const before = store.roundTrips
      await store.authenticate(check)
      assert.equal(store.roundTrips - before, 1, 'EVALSHA alone once the script is cached')
      await own.script('FLUSH')
      const r = await store.authenticate(check)
      assert.equal(r.status, 'ok')
      assert.equal(store.roundTrips - before, 3, 'EVALSHA, NOSCRIPT, then EVAL')
    } finally {
      own.disconnect()
      await stopRedis(server)
    }
  })

  it('keeps the two clients in agreement on one key space', async () => {
    const shared = `${prefix}shared:`
    const viaIo = redisStore(io, { prefix: shared, timeout: SEMANTICS_TIMEOUT })
    const viaNode = redisStore(node, { prefix: shared, timeout: SEMANTICS_TIMEOUT })
    const check = { now: 5000, limits: [{ name: 'x', key: 'one', limit: 2, windowMs: 60_000 }] }
    assert.equal((await viaIo.authenticate(check)).status, 'ok')
    assert.equal((await viaNode.authenticate(check)).status, 'ok')
    assert.equal((await viaIo.authenticate(check)).status, 'limited')
  })
})
