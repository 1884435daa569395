import { json } from '@bulwark/guard'
import { z } from 'zod'
import { guard } from '../guard.js'

/** GET /sessions: the caller's active sessions, for a "where you are signed in" page. */
export const list = guard.http({ auth: {} }, async (_req, ctx) => {
  const sessions = await guard.sessions.list(ctx.user?.userId as string)
  return json(200, {
    sessions: sessions.map((s) => ({
      id: s.id,
      device: s.device,
      current: s.id === ctx.user?.sessionId,
      createdAt: new Date(s.createdAt).toISOString(),
      lastSeenAt: new Date(s.lastSeenAt).toISOString(),
      requests: s.invocations,
    })),
  })
})

/** DELETE /sessions/{id}: signs out one device. */
export const revoke = guard.http(
  { auth: {}, params: z.object({ id: z.string().min(1).max(128) }) },
  async (req, ctx) => {
    const userId = ctx.user?.userId as string
    const revoked = await guard.sessions.revokeById(userId, req.params.id)
    if (revoked) ctx.audit('auth.token.revoked', { userId, sessionId: req.params.id })
    return json(revoked ? 200 : 404, { revoked })
  },
)
