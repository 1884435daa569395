import { findAccount, recordNotification } from '../directory.js'
import { guard } from '../guard.js'
import { TransferNotification } from '../transfer-notification.js'

/**
 * Consumer of the transfer-notifications queue: tells the owner of the credited account that the
 * money arrived. The guard validates each message against the schema first; a message that does
 * not match never gets here and is named in `batchItemFailures` with every other one that fails,
 * so SQS retries only those and then moves them to the dead-letter queue.
 */
export const handler = guard.event(
  { source: 'sqs', schema: TransferNotification },
  async (message, ctx) => {
    const { transactionId, to, ...transfer } = message.body
    const account = await findAccount(to)
    // Throwing fails this message alone: retried, then dead-lettered for someone to look at.
    if (account === undefined) throw new Error(`transfer ${transactionId} credits no known account`)
    const recorded = await recordNotification({
      owner: account.owner,
      transactionId,
      account: account.id,
      ...transfer,
    })
    if (recorded)
      ctx.audit('data.created', { collection: 'notifications', recordId: transactionId })
  },
)
