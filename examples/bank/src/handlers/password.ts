import { GuardError, json } from '@bulwark/guard'
import { z } from 'zod'
import { findUserById, hashNewPassword } from '../directory.js'
import { guard } from '../guard.js'

const NewPassword = z.object({ newPassword: z.string().min(12).max(1024) })

/**
 * POST /password: a recent authentication (step-up) is required, and every session of the user
 * ends afterwards, so a stolen token dies with the old password.
 */
export const handler = guard.http(
  { auth: { permissions: ['account:update'], stepUp: '5m' }, body: NewPassword },
  async (req, ctx) => {
    const userId = ctx.user?.userId as string
    const user = await findUserById(userId)
    if (user === undefined) throw new GuardError('ERR_AUTH_INVALID', 401, 'unknown user')
    user.passwordHash = await hashNewPassword(req.body.newPassword)
    const ended = await guard.sessions.revokeAll(userId)
    ctx.audit('account.password.changed', { userId, sessionsEnded: ended })
    return json(200, { sessionsEnded: ended })
  },
)
