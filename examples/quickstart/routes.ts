// The routes of the quickstart: the same handlers you would deploy to Lambda, served locally.
import { createGuard, json } from '@bulwark/guard'
import { z } from 'zod'

export const guard = createGuard({
  cors: { origins: ['http://localhost:5173'] },
})

const Greeting = z.object({ name: z.string().min(1).max(40) })

/** Open to anyone, and says so: `auth: 'public'`. */
export const health = guard.http({ auth: 'public' }, () => json(200, { status: 'ok' }))

/** Public, with a validated body: bad input is a 400 that names the field. */
export const greet = guard.http({ auth: 'public', body: Greeting }, (req) =>
  json(200, { message: `Hello, ${req.body.name}` }),
)

/** Closed unless the caller proves who they are and holds `notes:read`. */
export const listNotes = guard.http({ auth: { permissions: ['notes:read'] } }, (_req, ctx) =>
  json(200, { owner: ctx.user?.userId, notes: [] }),
)

export const routes = {
  'GET /health': health,
  'POST /greet': greet,
  'GET /notes': listNotes,
}
