// The core guard, not the bank's shared one: a health check needs no sessions or limits, so this
// function ships a third of the bundle, opens no Redis connection at cold start, and answers
// whether the function runs even when Redis does not.
import { createGuard, json } from '@bulwark/guard/core'

const guard = createGuard()

/** Load balancer and uptime checks: open to anyone, and says so. */
export const handler = guard.http({ auth: 'public' }, () => json(200, { status: 'ok' }))
