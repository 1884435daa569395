// Non-HTTP Lambda events in the shapes AWS documents: "Using Lambda with Amazon SQS" (example
// standard and FIFO queue message events), "Amazon SNS message delivery to Amazon SQS" (the
// notification JSON in the body), "Invoking Lambda functions with Amazon SNS notifications",
// "Process Amazon S3 event notifications with Lambda" (the S3 test event), "Amazon EventBridge
// events" (the EC2 state-change example), "Process DynamoDB records with Lambda" (the stream
// record example) and "Process Amazon Kinesis Data Streams records with Lambda". Each builder
// starts from the documented example and takes overrides.

type Json = Record<string, unknown>

/** One SQS message as Lambda's event source mapping delivers it. */
export function sqsRecord(
  overrides: {
    messageId?: string
    body?: string
    eventSourceARN?: string
    attributes?: Record<string, string>
    messageAttributes?: Json
  } = {},
): Json {
  const fifo = overrides.eventSourceARN?.endsWith('.fifo') === true
  return {
    messageId: overrides.messageId ?? '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body: overrides.body ?? 'Test message.',
    attributes: overrides.attributes ?? {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
      ...(fifo
        ? {
            SequenceNumber: '18849496460467696128',
            MessageGroupId: '1',
            MessageDeduplicationId: '1',
          }
        : {}),
    },
    messageAttributes: overrides.messageAttributes ?? {},
    md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    eventSource: 'aws:sqs',
    eventSourceARN: overrides.eventSourceARN ?? 'arn:aws:sqs:us-east-2:123456789012:my-queue',
    awsRegion: 'us-east-2',
  }
}

/** The body SNS writes to a subscribed queue without raw message delivery. */
export function snsNotificationBody(
  message: string,
  overrides: { messageId?: string; topicArn?: string; subject?: string } = {},
): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: overrides.messageId ?? 'c7c81d6a-7b6e-5d4b-9c6a-1a2b3c4d5e6f',
    TopicArn: overrides.topicArn ?? 'arn:aws:sns:us-east-2:123456789012:MyTopic',
    Subject: overrides.subject ?? 'My First Message',
    Message: message,
    Timestamp: '2012-05-02T00:54:06.655Z',
    SignatureVersion: '1',
    Signature: 'EXAMPLEw6JRN...',
    SigningCertURL:
      'https://sns.us-east-2.amazonaws.com/SimpleNotificationService-f3ecfb7224c7233fe7bb5f59f96de52f.pem',
    UnsubscribeURL:
      'https://sns.us-east-2.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=arn:aws:sns:us-east-2:123456789012:MyTopic:c9135db0-26c4-47ec-8998-413945fb5a96',
  })
}

/** One SNS notification record (Lambda is subscribed to the topic). */
export function snsRecord(
  overrides: { message?: string; messageId?: string; subject?: string | null } = {},
): Json {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn:
      'arn:aws:sns:us-east-1:123456789012:sns-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
    EventSource: 'aws:sns',
    Sns: {
      SignatureVersion: '1',
      Timestamp: '2019-01-02T12:45:07.000Z',
      Signature: 'tcc6faL2yUC6dgZdmrwh1Y4cGa/ebXEkAi6RibDsvpi+tE/1+82j...65r==',
      SigningCertUrl:
        'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-ac565b8b1a6c5d002d285f9598aa1d9b.pem',
      MessageId: overrides.messageId ?? '95df01b4-ee98-5cb9-9903-4c221d41eb5e',
      Message: overrides.message ?? 'Hello from SNS!',
      MessageAttributes: {
        Test: { Type: 'String', Value: 'TestString' },
        TestBinary: { Type: 'Binary', Value: 'TestBinary' },
      },
      Type: 'Notification',
      UnsubscribeUrl:
        'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&amp;SubscriptionArn=arn:aws:sns:us-east-1:123456789012:test-lambda:21be56ed-a058-49f5-8c98-aedd2564c486',
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:sns-lambda',
      Subject: overrides.subject === undefined ? 'TestInvoke' : overrides.subject,
    },
  }
}

/** One S3 event notification record (the key as S3 sends it: form-encoded). */
export function s3Record(
  overrides: {
    key?: string
    bucket?: string
    eventName?: string
    size?: number
    sourceIp?: string
    requestId?: string
  } = {},
): Json {
  const bucket = overrides.bucket ?? 'example-bucket'
  return {
    eventVersion: '2.0',
    eventSource: 'aws:s3',
    awsRegion: 'us-east-1',
    eventTime: '1970-01-01T00:00:00.000Z',
    eventName: overrides.eventName ?? 'ObjectCreated:Put',
    userIdentity: { principalId: 'EXAMPLE' },
    requestParameters: { sourceIPAddress: overrides.sourceIp ?? '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': overrides.requestId ?? 'EXAMPLE123456789',
      'x-amz-id-2': 'EXAMPLE123/5678abcdefghijklambdaisawesome/mnopqrstuvwxyzABCDEFGH',
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: 'testConfigRule',
      bucket: {
        name: bucket,
        ownerIdentity: { principalId: 'EXAMPLE' },
        arn: `arn:aws:s3:::${bucket}`,
      },
      object: {
        key: overrides.key ?? 'test%2Fkey',
        size: overrides.size ?? 1024,
        eTag: '0123456789abcdef0123456789abcdef',
        sequencer: '0A1B2C3D4E5F678901',
      },
    },
  }
}

/** An EventBridge event (a single event per invocation; `detail` is the payload). */
export function eventBridgeEvent(
  overrides: { detail?: unknown; id?: string; detailType?: string; source?: string } = {},
): Json {
  return {
    version: '0',
    id: overrides.id ?? '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': overrides.detailType ?? 'EC2 Instance State-change Notification',
    source: overrides.source ?? 'aws.ec2',
    account: '111122223333',
    time: '2017-12-22T18:43:48Z',
    region: 'us-west-1',
    resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
    detail:
      'detail' in overrides
        ? overrides.detail
        : { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
  }
}

/** One DynamoDB stream record, images in AttributeValue JSON. */
export function dynamoDbRecord(
  overrides: {
    eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | string
    eventID?: string
    sequenceNumber?: string
    keys?: Json
    newImage?: Json
    oldImage?: Json
  } = {},
): Json {
  const eventName = overrides.eventName ?? 'INSERT'
  const newImage =
    'newImage' in overrides
      ? overrides.newImage
      : eventName === 'REMOVE'
        ? undefined
        : { Message: { S: 'New item!' }, Id: { N: '101' } }
  return {
    eventID: overrides.eventID ?? '1',
    eventVersion: '1.0',
    dynamodb: {
      Keys: overrides.keys ?? { Id: { N: '101' } },
      ...(newImage === undefined ? {} : { NewImage: newImage }),
      ...(overrides.oldImage === undefined ? {} : { OldImage: overrides.oldImage }),
      StreamViewType: 'NEW_AND_OLD_IMAGES',
      SequenceNumber: overrides.sequenceNumber ?? '111',
      SizeBytes: 26,
    },
    awsRegion: 'us-west-2',
    eventName,
    eventSourceARN:
      'arn:aws:dynamodb:us-east-2:123456789012:table/my-table/stream/2023-06-10T19:26:16.525',
    eventSource: 'aws:dynamodb',
  }
}

/** One Kinesis record; `data` is given as text and base64-encoded as Kinesis delivers it. */
export function kinesisRecord(
  overrides: {
    data?: string
    base64Data?: string
    sequenceNumber?: string
    partitionKey?: string
  } = {},
): Json {
  const sequenceNumber =
    overrides.sequenceNumber ?? '49590338271490256608559692538361571095921575989136588898'
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: overrides.partitionKey ?? '1',
      sequenceNumber,
      data:
        overrides.base64Data ??
        Buffer.from(overrides.data ?? 'Hello, this is a test.').toString('base64'),
      approximateArrivalTimestamp: 1545084650.987,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000006:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::123456789012:role/lambda-role',
    awsRegion: 'us-east-2',
    eventSourceARN: 'arn:aws:kinesis:us-east-2:123456789012:stream/lambda-stream',
  }
}

/** The batch around records: `{ Records: [...] }` (SQS, SNS, S3, DynamoDB, Kinesis). */
export function recordsEvent(...records: Json[]): Json {
  return { Records: records }
}
