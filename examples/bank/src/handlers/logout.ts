import { empty } from '@bulwark/guard'
import { guard } from '../guard.js'

/** POST /logout: ends this session; the token is refused from the next request on. */
export const handler = guard.http({ auth: {} }, async (_req, ctx) => {
  const user = ctx.user
  if (user?.sessionId !== undefined) await guard.sessions.revokeById(user.userId, user.sessionId)
  ctx.audit('auth.logout', user?.sessionId === undefined ? {} : { sessionId: user.sessionId })
  return empty()
})
