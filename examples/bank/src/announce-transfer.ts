// How a transfer is announced on the transfer-notifications queue. Deployed, it is the SQS queue
// serverless.yml creates (its URL in TRANSFER_NOTIFICATIONS_QUEUE_URL); locally there is no queue
// to send to, so the tour and the tests take the messages (`deliverLocallyTo`) and deliver them to
// the consumer as Lambda would.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import type { TransferNotification } from './transfer-notification.js'

// Created on first use, so local runs (no queue URL) never build a client or look for credentials.
let sqs: SQSClient | undefined
// Set by local runs only: a deployed function keeps no message in module scope.
let deliverLocally: ((body: string) => void) | undefined

/**
 * Where messages go when no queue URL is set: the tour and the tests collect them here and hand
 * them to the consumer as an SQS event.
 */
export function deliverLocallyTo(receive: (body: string) => void): void {
  deliverLocally = receive
}

/** Puts a notification on the queue; throws if it cannot, so the transfer does not happen. */
export async function announceTransfer(notification: TransferNotification): Promise<void> {
  const body = JSON.stringify(notification)
  const queueUrl = process.env.TRANSFER_NOTIFICATIONS_QUEUE_URL
  if (queueUrl !== undefined && queueUrl !== '') {
    sqs ??= new SQSClient({})
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))
    return
  }
  // A deployment that lost its queue URL refuses transfers instead of losing their messages.
  if (deliverLocally === undefined) throw new Error('TRANSFER_NOTIFICATIONS_QUEUE_URL is not set')
  deliverLocally(body)
}
