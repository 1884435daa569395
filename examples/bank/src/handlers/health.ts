import { json } from '@bulwark/guard'
import { guard } from '../guard.js'

/** Load balancer and uptime checks: open to anyone, and says so. */
export const handler = guard.http({ auth: 'public' }, () => json(200, { status: 'ok' }))
