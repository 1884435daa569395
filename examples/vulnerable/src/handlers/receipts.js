// Reads receipts and queues them for mailing. Its role (serverless.yml) grants deletes and scans
// it never makes, and nothing that lets it send to the queue.
const { DynamoDBClient } = require('@aws-sdk/client-dynamodb')
const { DynamoDBDocumentClient, GetCommand } = require('@aws-sdk/lib-dynamodb')
const { SQSClient, SendMessageCommand } = require('@aws-sdk/client-sqs')

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const sqs = new SQSClient({})

exports.handler = async () => {
  const { Item } = await db.send(new GetCommand({ TableName: process.env.RECEIPTS_TABLE, Key: { id: 'latest' } }))
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.RECEIPTS_QUEUE_URL, MessageBody: JSON.stringify(Item) })) // iam-missing-permission
  return { queued: 1 }
}
