// One guard for every function of the bank: created once per Lambda instance (module scope holds
// configuration only, never anything about a user).
import { createGuard, memoryStore } from '@bulwark/guard'
import { redisStore } from '@bulwark/guard/redis'
import { Redis } from 'ioredis'

/**
 * Redis when REDIS_URL is set (what a deployment uses: sessions, limits and lockouts shared by
 * every instance), the embedded memory store otherwise (one process: `npm start`, tests).
 */
function chooseStore() {
  const url = process.env.REDIS_URL
  if (url === undefined || url === '') return memoryStore()
  return redisStore(new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false }), {
    prefix: 'bank:',
  })
}

export const guard = createGuard({
  store: chooseStore(),
  cors: {
    origins: (process.env.BANK_ORIGINS ?? 'http://localhost:5173').split(','),
    credentials: false,
  },
  sessions: { idleTimeout: '15m', absoluteTimeout: '12h' },
  rateLimit: { ip: '300/min', ipBlock: '3000/min', user: '120/min' },
  // Five wrong passwords from one address lock that username there for 30 s, doubling each time.
  login: { pairThreshold: 5, pairBaseDelay: '30s', userThreshold: 50 },
})
