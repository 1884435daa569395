// One test per unwrapping: each source's records, in the shapes AWS documents, reach the handler
// as the payload the schema validated, with the record's metadata and a context of its own.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import {
  dynamoDbRecord,
  eventBridgeEvent,
  kinesisRecord,
  recordsEvent,
  s3Record,
  snsNotificationBody,
  snsRecord,
  sqsRecord,
} from '../testing/event-sources.js'
import { lambdaContext } from '../testing/lambda-events.js'
import { guardWithOutput } from './testing/guard-output.js'

const Order = z.object({ orderId: z.string(), amount: z.number() })
const order = { orderId: 'o-1', amount: 12.5 }
const orderJson = JSON.stringify(order)

describe('sqs', () => {
  it('parses each body as JSON, validates it, and hands over the message', async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event({ source: 'sqs', schema: Order }, (message, ctx) => {
      const amount: number = message.body.amount
      seen.push({ amount, id: message.messageId, requestId: ctx.requestId, source: ctx.source })
      seen.push(message.attributes.ApproximateReceiveCount)
    })
    const result = await handler(
      recordsEvent(
        sqsRecord({ messageId: 'm-1', body: orderJson }),
        sqsRecord({ messageId: 'm-2', body: JSON.stringify({ ...order, amount: 3 }) }),
      ),
      lambdaContext(),
    )
    assert.deepEqual(result, { batchItemFailures: [] })
    assert.deepEqual(seen, [
      { amount: 12.5, id: 'm-1', requestId: 'm-1', source: 'sqs' },
      '1',
      { amount: 3, id: 'm-2', requestId: 'm-2', source: 'sqs' },
      '1',
    ])
  })

  it("reads the documented text body with format: 'text'", async () => {
    const { guard } = guardWithOutput()
    const bodies: unknown[] = []
    const handler = guard.event(
      { source: 'sqs', schema: z.string(), format: 'text' },
      (message) => void bodies.push(message.body),
    )
    assert.deepEqual(await handler(recordsEvent(sqsRecord()), lambdaContext()), {
      batchItemFailures: [],
    })
    assert.deepEqual(bodies, ['Test message.'])
  })

  it("unwraps both envelopes of SNS-in-SQS (envelope: 'sns')", async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event({ source: 'sqs', schema: Order, envelope: 'sns' }, (message) => {
      seen.push(message.body, message.messageId, message.sns?.topicArn, message.sns?.messageId)
    })
    const body = snsNotificationBody(orderJson, { messageId: 'sns-1' })
    const result = await handler(recordsEvent(sqsRecord({ messageId: 'm-1', body })))
    assert.deepEqual(result, { batchItemFailures: [] })
    assert.deepEqual(seen, [order, 'm-1', 'arn:aws:sns:us-east-2:123456789012:MyTopic', 'sns-1'])
  })

  it("refuses a body that is not an SNS notification with envelope: 'sns'", async () => {
    const { guard, audit } = guardWithOutput()
    const handler = guard.event({ source: 'sqs', schema: Order, envelope: 'sns' }, () => {})
    const result = await handler(recordsEvent(sqsRecord({ messageId: 'm-1', body: orderJson })))
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: 'm-1' }] })
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.code, line.field]),
      [['ERR_EVENT_MALFORMED', 'body.Type']],
    )
  })

  it('says to set the envelope when SNS notifications reach a plain SQS handler', async () => {
    const { guard, logs } = guardWithOutput()
    const handler = guard.event({ source: 'sqs', schema: Order }, () => {})
    const body = snsNotificationBody(orderJson)
    const result = await handler(recordsEvent(sqsRecord({ messageId: 'm-1', body })))
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: 'm-1' }] })
    const [warning] = logs('warn')
    assert.match(String(warning?.message), /rejected/)
    assert.match(String(warning?.reason), /envelope: 'sns'/)
  })

  it("unwraps an EventBridge event's detail (envelope: 'eventbridge')", async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event(
      { source: 'sqs', schema: Order, envelope: 'eventbridge' },
      (message) => void seen.push(message.body, message.eventBridge?.detailType),
    )
    const body = JSON.stringify(eventBridgeEvent({ detail: order, detailType: 'Order Placed' }))
    assert.deepEqual(await handler(recordsEvent(sqsRecord({ body }))), { batchItemFailures: [] })
    assert.deepEqual(seen, [order, 'Order Placed'])
  })
})

describe('sns', () => {
  it('parses the Message as JSON and hands over the notification', async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event({ source: 'sns', schema: Order }, (message, ctx) => {
      seen.push(message.body, message.messageId, message.topicArn, message.subject, ctx.requestId)
    })
    const result = await handler(recordsEvent(snsRecord({ message: orderJson, messageId: 'n-1' })))
    assert.equal(result, undefined)
    assert.deepEqual(seen, [
      order,
      'n-1',
      'arn:aws:sns:us-east-1:123456789012:sns-lambda',
      'TestInvoke',
      'n-1',
    ])
  })

  it("reads the documented text message with format: 'text', and a null Subject", async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event(
      { source: 'sns', schema: 'unvalidated', format: 'text' },
      (message) => void seen.push(message.body, message.subject),
    )
    await handler(recordsEvent(snsRecord({ subject: null })))
    assert.deepEqual(seen, ['Hello from SNS!', undefined])
  })
})

describe('s3', () => {
  it('URL-decodes object keys: + is a space, then percent-decoding', async () => {
    const { guard } = guardWithOutput()
    const keys: string[] = []
    const handler = guard.event(
      { source: 's3', schema: 'unvalidated' },
      (notification) => void keys.push(notification.body.key),
    )
    await handler(
      recordsEvent(
        s3Record(),
        s3Record({ key: 'my+photo%281%29.jpg' }),
        s3Record({ key: 'a%2Bb+c' }),
        s3Record({ key: 'caf%C3%A9%2F%E2%82%AC+100.txt' }),
      ),
    )
    assert.deepEqual(keys, ['test/key', 'my photo(1).jpg', 'a+b c', 'café/€ 100.txt'])
  })

  it('validates the object description and hands over the notification', async () => {
    const { guard, audit } = guardWithOutput()
    const Upload = z.object({
      bucket: z.literal('uploads'),
      key: z.string().regex(/^incoming\/[\w-]+\.csv$/),
      size: z.number().max(10_000_000),
    })
    const seen: unknown[] = []
    const handler = guard.event({ source: 's3', schema: Upload }, (notification, ctx) => {
      seen.push(notification.body, notification.eventName, notification.sourceIp, ctx.requestId)
    })
    await handler(
      recordsEvent(
        s3Record({ bucket: 'uploads', key: 'incoming%2Fjune.csv', size: 20, requestId: 'r-1' }),
        s3Record({ bucket: 'uploads', key: 'incoming%2F..%2Fetc%2Fpasswd', requestId: 'r-2' }),
      ),
    )
    assert.deepEqual(seen, [
      { bucket: 'uploads', key: 'incoming/june.csv', size: 20 },
      'ObjectCreated:Put',
      '127.0.0.1',
      'r-1',
    ])
    const [rejected] = audit('security.event.rejected')
    assert.equal(rejected?.field, 'body.key')
    assert.equal(rejected?.messageId, 'r-2')
    assert.equal(rejected?.ip, '127.0.0.1')
    assert.ok(!JSON.stringify(rejected).includes('passwd'))
  })

  it('refuses a key that does not decode instead of using it as sent', async () => {
    const { guard, audit } = guardWithOutput()
    let calls = 0
    const handler = guard.event({ source: 's3', schema: 'unvalidated' }, () => void calls++)
    await handler(recordsEvent(s3Record({ key: 'bad%E0%A4%Aname' })))
    assert.equal(calls, 0)
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.code, line.field]),
      [['ERR_EVENT_MALFORMED', 's3.object.key']],
    )
  })
})

describe('eventbridge', () => {
  it('is a single event whose detail is the payload', async () => {
    const { guard } = guardWithOutput()
    const Detail = z.object({ 'instance-id': z.string(), state: z.enum(['running', 'terminated']) })
    const seen: unknown[] = []
    const handler = guard.event({ source: 'eventbridge', schema: Detail }, (event, ctx) => {
      seen.push(event.body.state, event.detailType, event.source, event.resources, ctx.requestId)
    })
    assert.equal(await handler(eventBridgeEvent()), undefined)
    assert.deepEqual(seen, [
      'terminated',
      'EC2 Instance State-change Notification',
      'aws.ec2',
      ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
      '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    ])
  })
})

describe('dynamodb', () => {
  const Item = z.object({ Id: z.number(), Message: z.string() })

  it('unmarshals the documented INSERT record: keys and the new image', async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event({ source: 'dynamodb', schema: Item }, (change, ctx) => {
      seen.push(change.eventName, change.keys, change.newImage, change.oldImage, ctx.requestId)
    })
    const result = await handler(recordsEvent(dynamoDbRecord()))
    assert.deepEqual(result, { batchItemFailures: [] })
    assert.deepEqual(seen, [
      'INSERT',
      { Id: 101 },
      { Message: 'New item!', Id: 101 },
      undefined,
      '1',
    ])
  })

  it('validates the image before and after a MODIFY, and the old image of a REMOVE', async () => {
    const { guard, audit } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event({ source: 'dynamodb', schema: Item }, (change) => {
      seen.push([change.eventName, change.oldImage?.Message, change.newImage?.Message])
    })
    const image = (message: string) => ({ Id: { N: '101' }, Message: { S: message } })
    const result = await handler(
      recordsEvent(
        dynamoDbRecord({
          eventName: 'MODIFY',
          sequenceNumber: '222',
          oldImage: image('before'),
          newImage: image('after'),
        }),
        dynamoDbRecord({ eventName: 'REMOVE', sequenceNumber: '333', oldImage: image('gone') }),
        dynamoDbRecord({
          eventName: 'MODIFY',
          sequenceNumber: '444',
          oldImage: { Id: { N: '101' }, Message: { N: '5' } },
          newImage: image('fine'),
        }),
      ),
    )
    assert.deepEqual(seen, [
      ['MODIFY', 'before', 'after'],
      ['REMOVE', 'gone', undefined],
    ])
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: '444' }] })
    assert.equal(audit('security.event.rejected')[0]?.field, 'oldImage.Message')
  })

  it('keeps a number a double would round as the string stored, for the schema to refuse', async () => {
    const { guard, audit } = guardWithOutput()
    const amounts: unknown[] = []
    const exact = guard.event(
      { source: 'dynamodb', schema: 'unvalidated' },
      (change) => void amounts.push(change.newImage?.amount),
    )
    const huge = dynamoDbRecord({ newImage: { amount: { N: '12345678901234567890.01' } } })
    await exact(recordsEvent(huge, dynamoDbRecord({ newImage: { amount: { N: '19.99' } } })))
    assert.deepEqual(amounts, ['12345678901234567890.01', 19.99])

    const strict = guard.event(
      { source: 'dynamodb', schema: z.object({ amount: z.number() }) },
      () => {},
    )
    assert.deepEqual(await strict(recordsEvent(huge)), {
      batchItemFailures: [{ itemIdentifier: '111' }],
    })
    assert.equal(audit('security.event.rejected')[0]?.field, 'newImage.amount')
  })
})

describe('kinesis', () => {
  it('decodes base64 data and parses it as JSON', async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event({ source: 'kinesis', schema: Order }, (record, ctx) => {
      seen.push(record.body, record.partitionKey, record.sequenceNumber, ctx.requestId)
    })
    const result = await handler(
      recordsEvent(kinesisRecord({ data: orderJson, sequenceNumber: '7' })),
    )
    assert.deepEqual(result, { batchItemFailures: [] })
    assert.deepEqual(seen, [order, '1', '7', 'shardId-000000000006:7'])
  })

  it("reads the documented text data with format: 'text'", async () => {
    const { guard } = guardWithOutput()
    const seen: unknown[] = []
    const handler = guard.event(
      { source: 'kinesis', schema: z.string(), format: 'text' },
      (record) => void seen.push(record.body),
    )
    await handler(recordsEvent(kinesisRecord()))
    assert.deepEqual(seen, ['Hello, this is a test.'])
  })

  it('refuses data that is not base64 or not UTF-8', async () => {
    const { guard, audit } = guardWithOutput()
    const handler = guard.event({ source: 'kinesis', schema: 'unvalidated' }, () => {})
    const result = await handler(
      recordsEvent(
        kinesisRecord({ base64Data: 'not base64!', sequenceNumber: '1' }),
        kinesisRecord({
          base64Data: Buffer.from([0xff, 0xfe]).toString('base64'),
          sequenceNumber: '2',
        }),
      ),
    )
    assert.deepEqual(result, {
      batchItemFailures: [{ itemIdentifier: '1' }, { itemIdentifier: '2' }],
    })
    assert.deepEqual(
      audit('security.event.rejected').map((line) => [line.code, line.field]),
      [
        ['ERR_EVENT_MALFORMED', 'kinesis.data'],
        ['ERR_EVENT_MALFORMED', 'kinesis.data'],
      ],
    )
  })
})
