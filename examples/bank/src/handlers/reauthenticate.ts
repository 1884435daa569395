import { GuardError, json } from '@bulwark/guard'
import { z } from 'zod'
import { checkPassword, findUserById } from '../directory.js'
import { guard } from '../guard.js'

const Password = z.object({ password: z.string().min(1).max(1024) })

/**
 * POST /reauthenticate: the password again, so that routes with `stepUp` (transfers, password
 * change) accept this session for the next five minutes. Behind login protection like /login.
 */
export const handler = guard.http({ auth: {}, body: Password }, async (req, ctx) => {
  const userId = ctx.user?.userId as string
  const user = await findUserById(userId)
  await guard.login.attempt({ username: user?.username ?? userId, ip: req.ip }, async () =>
    (await checkPassword(user?.passwordHash, req.body.password)) ? userId : null,
  )
  const token = req.headers.authorization?.replace(/^Bearer\s+/i, '') ?? ''
  if (!(await guard.sessions.reauthenticate(token))) {
    throw new GuardError('ERR_AUTH_INVALID', 401, 'the session has ended')
  }
  return json(200, { stepUpUntil: new Date(Date.now() + 5 * 60_000).toISOString() })
})
