// The event Lambda's SQS event source mapping hands a consumer, for running one locally (the tour,
// the tests): the shape "Using Lambda with Amazon SQS" documents, one record per message body.
import { createHash, randomUUID } from 'node:crypto'

const QUEUE_ARN = 'arn:aws:sqs:eu-west-1:123456789012:bulwark-bank-dev-transfer-notifications'

export function sqsEvent(bodies: readonly string[]) {
  const sent = String(Date.now())
  return {
    Records: bodies.map((body) => ({
      messageId: randomUUID(),
      receiptHandle: `local-${randomUUID()}`,
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: sent,
        SenderId: 'AROAEXAMPLE:transfer',
        ApproximateFirstReceiveTimestamp: sent,
      },
      messageAttributes: {},
      // SQS's own checksum of the body, as it sends it (not a security measure).
      md5OfBody: createHash('md5').update(body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN: QUEUE_ARN,
      awsRegion: 'eu-west-1',
    })),
  }
}
