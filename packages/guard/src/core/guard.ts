import { createCoreObservability } from '../log/core-observability.js'
import type { GuardLogConfig } from '../log/guard-logger.js'
import { denyAll } from './admission.js'
import { assembleGuard, HTTP_CONFIG_KEYS, type HttpConfig, type HttpGuard } from './assemble.js'
import { ConfigError } from './errors.js'
import { assertKnownKeys } from './options.js'
import { NO_RATE_LIMITS } from './route.js'

/** The core guard's options: the HTTP ones and where its lines go. */
export interface CoreGuardConfig extends HttpConfig, GuardLogConfig {}

/** The core guard's options: the HTTP ones and where its lines go. */
export const CORE_CONFIG_KEYS = [...HTTP_CONFIG_KEYS, 'log', 'logger']
/** Options only the full guard has, named so the core guard's error can say where they are. */
export const FULL_GUARD_ONLY_KEYS = [
  'redact',
  'alerts',
  'metrics',
  'store',
  'clock',
  'sessions',
  'jwt',
  'apiKeys',
  'rateLimit',
  'login',
]

/**
 * Creates the core guard: the request pipeline with CORS, input limits and schemas, security
 * headers and safe errors, and nothing that needs a store. Deny by default holds: with no
 * authenticator, every route that does not declare `auth: 'public'` answers 401. Sessions, JWTs,
 * API keys, rate limits, alerts, metrics and event sources are in `@bulwark/guard`, with the same
 * route options: move an import to switch.
 *
 * @example
 * import { createGuard, json } from '@bulwark/guard/core'
 * const guard = createGuard({ cors: { origins: ['https://app.example.com'] } })
 * export const handler = guard.http({ auth: 'public' }, () => json(200, { ok: true }))
 */
export function createGuard(config: CoreGuardConfig = {}): HttpGuard {
  for (const key of Object.keys(config ?? {})) {
    if (FULL_GUARD_ONLY_KEYS.includes(key)) {
      throw new ConfigError(
        `\`${key}\` is an option of the full guard: import { createGuard } from '@bulwark/guard'`,
      )
    }
  }
  assertKnownKeys('createGuard', config, CORE_CONFIG_KEYS)
  const guard = assembleGuard(config, {
    observe: createCoreObservability(config),
    admit: denyAll,
    limit: () =>
      Promise.reject(
        new ConfigError(
          "ctx.limit needs a store to count in: use createGuard from '@bulwark/guard'",
        ),
      ),
    rateLimits: NO_RATE_LIMITS,
    routeRateLimits: undefined,
  })
  return { http: guard.http, fetch: guard.fetch }
}
