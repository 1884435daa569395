// One guard for every function of the bank: created once per Lambda instance (module scope holds
// configuration only, never anything about a user).
import { createGuard, memoryStore } from '@bulwark/guard'
import { redisStore } from '@bulwark/guard/redis'
import { secrets, ssmParameters } from '@bulwark/guard/secrets'
import { Redis } from 'ioredis'

/**
 * Where Redis is. Deployed, its URL (password included) is a SecureString in Parameter Store,
 * named by REDIS_URL_PARAMETER: read once at cold start, never in an environment variable, and
 * registered for redaction by `secrets`. Locally, REDIS_URL, or nothing.
 */
async function redisUrl(): Promise<string | undefined> {
  const local = process.env.REDIS_URL
  if (local !== undefined && local !== '') return local
  const parameter = process.env.REDIS_URL_PARAMETER
  if (parameter === undefined || parameter === '') return undefined
  return secrets({ provider: ssmParameters() }).get(parameter)
}

/**
 * Redis when there is one (what a deployment uses: sessions, limits and lockouts shared by
 * every instance), the embedded memory store otherwise (one process: `npm start`, tests).
 */
function chooseStore(url: string | undefined) {
  if (url === undefined) return memoryStore()
  return redisStore(new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false }), {
    prefix: 'bank:',
  })
}

export const guard = createGuard({
  store: chooseStore(await redisUrl()),
  cors: {
    origins: (process.env.BANK_ORIGINS ?? 'http://localhost:5173').split(','),
    credentials: false,
  },
  sessions: { idleTimeout: '15m', absoluteTimeout: '12h' },
  rateLimit: { ip: '300/min', ipBlock: '3000/min', user: '120/min' },
  // Five wrong passwords from one address lock that username there for 30 s, doubling each time.
  login: { pairThreshold: 5, pairBaseDelay: '30s', userThreshold: 50 },
})
