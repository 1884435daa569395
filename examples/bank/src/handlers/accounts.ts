import { json } from '@bulwark/guard'
import { accountsOf } from '../directory.js'
import { guard } from '../guard.js'

/** GET /accounts: the caller's own accounts; needs `accounts:read`. */
export const handler = guard.http(
  { auth: { permissions: ['accounts:read'] } },
  async (_req, ctx) => {
    const accounts = await accountsOf(ctx.user?.userId as string)
    return json(200, {
      accounts: accounts.map((a) => ({ id: a.id, currency: a.currency, balance: a.balance / 100 })),
    })
  },
)
