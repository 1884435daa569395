import { json } from '@bulwark/guard'
import { z } from 'zod'
import { checkPassword, findUser, PERMISSIONS } from '../directory.js'
import { guard } from '../guard.js'

const Credentials = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
})

/**
 * POST /login: a password for an opaque session token. Brute force is stopped by
 * `guard.login.attempt` (per username+IP with a growing delay, per username everywhere at a higher
 * threshold); an unknown user and a wrong password answer alike. The attempt writes the
 * `auth.login.succeeded` / `auth.login.failed` audit lines itself, so the handler adds none.
 */
export const handler = guard.http(
  { auth: 'public', body: Credentials, rateLimit: { ip: '30/min' } },
  async (req) => {
    const { username, password } = req.body
    const device = req.userAgent?.slice(0, 120)
    const user = await guard.login.attempt(
      { username, ip: req.ip, ...(device ? { device } : {}) },
      async () => {
        const found = await findUser(username)
        return (await checkPassword(found?.passwordHash, password)) ? found : null
      },
    )
    const session = await guard.sessions.create({
      userId: user.id,
      permissions: PERMISSIONS[user.role],
      ...(device ? { device } : {}),
    })
    return json(200, { token: session.token, expiresAt: new Date(session.expiresAt).toISOString() })
  },
)
