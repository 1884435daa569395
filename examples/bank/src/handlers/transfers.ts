import { GuardError, json } from '@bulwark/guard'
import { z } from 'zod'
import { announceTransfer } from '../announce-transfer.js'
import { findAccount } from '../directory.js'
import { guard } from '../guard.js'

const Transfer = z.object({
  from: z.string().min(1).max(64),
  to: z.string().min(1).max(64),
  /** In cents, so no float rounding ever moves money. */
  amount: z.number().int().positive().max(1_000_000_00),
  currency: z.enum(['EUR', 'USD']),
  reference: z.string().max(140).optional(),
})

/**
 * POST /transfers: moves money, so it needs `transfers:create`, a password entered in the last five
 * minutes (step-up), stays under 10 transfers a minute per user, and leaves an audit record. The
 * payee is told through the transfer-notifications queue (../announce-transfer.ts).
 */
export const handler = guard.http(
  {
    auth: { permissions: ['transfers:create'], stepUp: '5m' },
    body: Transfer,
    rateLimit: { user: '10/min' },
  },
  async (req, ctx) => {
    const userId = ctx.user?.userId as string
    // The ledger is the expensive, shared part: each user gets a bounded share of it.
    await ctx.limit('ledger-writes', '30/min')
    const from = await findAccount(req.body.from)
    const to = await findAccount(req.body.to)
    // Someone else's account and a missing one look the same from outside.
    if (from === undefined || from.owner !== userId || to === undefined) {
      throw new GuardError('ERR_ACCOUNT_NOT_FOUND', 404, 'no such account')
    }
    if (from.currency !== req.body.currency || to.currency !== req.body.currency) {
      throw new GuardError('ERR_CURRENCY_MISMATCH', 422, 'both accounts must hold the currency')
    }
    if (from.balance < req.body.amount) {
      throw new GuardError('ERR_INSUFFICIENT_FUNDS', 422, 'insufficient funds')
    }
    const id = `tr-${crypto.randomUUID()}`
    // Debited with no await since the balance check, so two concurrent transfers cannot both spend
    // the same money. Announcing is the one step that can fail: the debit is then given back, and
    // no money moves that its payee is not told about. (With a database, one transaction writes
    // the balances and the message to an outbox table.)
    from.balance -= req.body.amount
    try {
      await announceTransfer({
        transactionId: id,
        from: from.id,
        to: to.id,
        amount: req.body.amount,
        currency: req.body.currency,
        reference: req.body.reference,
        bookedAt: new Date().toISOString(),
      })
    } catch (error) {
      from.balance += req.body.amount
      throw error
    }
    to.balance += req.body.amount
    ctx.audit('payment.transaction', {
      transactionId: id,
      amount: req.body.amount,
      currency: req.body.currency,
      account: from.id,
      to: to.id,
    })
    return json(201, { id, balance: from.balance / 100 })
  },
)
