// One of several processes hammering one rate-limit key through Redis (see redis/redis-load.test.ts).
// Prints how many of its calls were admitted.
import { Redis } from 'ioredis'
import { redisStore } from '../redis/index.js'

const [prefix, key, limit, calls, now, workers] = process.argv.slice(2)
const client = new Redis({ host: '127.0.0.1', port: 6379 })
// A barrier, so that the processes hammer at the same time rather than one after another.
await client.incr(`${prefix}ready:${key}`)
for (let i = 0; i < 1000; i++) {
  if (Number(await client.get(`${prefix}ready:${key}`)) >= Number(workers)) break
  await new Promise((resolve) => setTimeout(resolve, 10))
}
const store = redisStore(client, { prefix: prefix as string, timeout: '5s' })
let admitted = 0
const check = { name: 'w', key: key as string, limit: Number(limit), windowMs: 3_600_000 }
await Promise.all(
  Array.from({ length: 10 }, async () => {
    for (let i = 0; i < Number(calls) / 10; i++) {
      const r = await store.authenticate({ now: Number(now), limits: [check] })
      if (r.status === 'ok') admitted++
    }
  }),
)
process.stdout.write(String(admitted))
client.disconnect()
