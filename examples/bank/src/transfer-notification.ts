// The message on the transfer-notifications queue: what the transfers handler announces for each
// transfer (./announce-transfer.ts) and the consumer refuses unless it matches
// (./handlers/transfer-notifications.ts). Its own file, so the consumer does not bundle the sender.
import { z } from 'zod'

export const TransferNotification = z.object({
  transactionId: z.string().startsWith('tr-').max(64),
  from: z.string().min(1).max(64),
  to: z.string().min(1).max(64),
  /** In cents, like the transfer itself. */
  amount: z.number().int().positive().max(1_000_000_00),
  currency: z.enum(['EUR', 'USD']),
  reference: z.string().max(140).optional(),
  bookedAt: z.iso.datetime(),
})
export type TransferNotification = z.infer<typeof TransferNotification>
