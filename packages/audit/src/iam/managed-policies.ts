/**
 * AWS managed policies that Lambda roles commonly carry, with the actions they grant on `*`.
 * `complete` says the list is the whole policy (so an action outside it is not granted by it);
 * `platform` marks the policies Lambda itself uses (logs, tracing, network interfaces, event
 * source polling), never judged unused. Written from the AWS managed policy reference.
 */
export interface ManagedPolicy {
  readonly actions: readonly string[]
  readonly complete: boolean
  readonly platform?: boolean
}

const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']

export const AWS_MANAGED_POLICIES: Readonly<Record<string, ManagedPolicy>> = {
  AWSLambdaBasicExecutionRole: { actions: LOGS, complete: true, platform: true },
  AWSLambdaVPCAccessExecutionRole: {
    actions: [
      ...LOGS,
      'ec2:CreateNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSubnets',
      'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses',
      'ec2:UnassignPrivateIpAddresses',
    ],
    complete: true,
    platform: true,
  },
  AWSXRayDaemonWriteAccess: {
    actions: [
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'xray:GetSamplingRules',
      'xray:GetSamplingTargets',
      'xray:GetSamplingStatisticSummaries',
    ],
    complete: true,
    platform: true,
  },
  AWSLambdaSQSQueueExecutionRole: {
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', ...LOGS],
    complete: true,
    platform: true,
  },
  AWSLambdaDynamoDBExecutionRole: {
    actions: [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
      ...LOGS,
    ],
    complete: true,
    platform: true,
  },
  AWSLambdaKinesisExecutionRole: {
    actions: [
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
      'kinesis:ListShards',
      'kinesis:ListStreams',
      'kinesis:SubscribeToShard',
      ...LOGS,
    ],
    complete: true,
    platform: true,
  },
  AWSLambdaMSKExecutionRole: { actions: ['kafka:*', 'ec2:*'], complete: false, platform: true },
  AdministratorAccess: { actions: ['*'], complete: true },
  AmazonS3FullAccess: { actions: ['s3:*', 's3-object-lambda:*'], complete: true },
  AmazonS3ReadOnlyAccess: {
    actions: [
      's3:Get*',
      's3:List*',
      's3:Describe*',
      's3-object-lambda:Get*',
      's3-object-lambda:List*',
    ],
    complete: true,
  },
  AmazonSQSFullAccess: { actions: ['sqs:*'], complete: true },
  AmazonSNSFullAccess: { actions: ['sns:*'], complete: true },
  AmazonSESFullAccess: { actions: ['ses:*'], complete: true },
  AmazonKinesisFullAccess: { actions: ['kinesis:*'], complete: true },
  AWSStepFunctionsFullAccess: { actions: ['states:*'], complete: true },
  AmazonSSMReadOnlyAccess: { actions: ['ssm:Describe*', 'ssm:Get*', 'ssm:List*'], complete: true },
  AWSLambdaRole: { actions: ['lambda:InvokeFunction'], complete: true },
  AmazonAPIGatewayInvokeFullAccess: {
    actions: ['execute-api:Invoke', 'execute-api:ManageConnections'],
    complete: true,
  },
  AmazonTextractFullAccess: { actions: ['textract:*'], complete: true },
  AmazonDynamoDBFullAccess: { actions: ['dynamodb:*'], complete: false },
  AmazonDynamoDBReadOnlyAccess: {
    actions: [
      'dynamodb:BatchGetItem',
      'dynamodb:Describe*',
      'dynamodb:List*',
      'dynamodb:GetItem',
      'dynamodb:Query',
      'dynamodb:Scan',
      'dynamodb:PartiQLSelect',
    ],
    complete: false,
  },
  SecretsManagerReadWrite: { actions: ['secretsmanager:*'], complete: false },
  AmazonSSMFullAccess: { actions: ['ssm:*'], complete: false },
  AmazonEventBridgeFullAccess: { actions: ['events:*'], complete: false },
  CloudWatchFullAccess: { actions: ['cloudwatch:*'], complete: false },
  AmazonKinesisFirehoseFullAccess: { actions: ['firehose:*'], complete: false },
  AWSLambda_FullAccess: { actions: ['lambda:*'], complete: false },
  AmazonCognitoPowerUser: { actions: ['cognito-idp:*', 'cognito-identity:*'], complete: false },
}

/**
 * The AWS managed policy a policy ARN or SAM policy name names: `AmazonS3FullAccess` for
 * `arn:aws:iam::aws:policy/AmazonS3FullAccess`, `…/service-role/AWSLambdaBasicExecutionRole` or the
 * bare name. `undefined` for customer policies and unreadable values.
 *
 * @example
 * managedPolicyName('arn:${AWS::Partition}:iam::aws:policy/AmazonSQSFullAccess') // 'AmazonSQSFullAccess'
 */
export function managedPolicyName(value: string): string | undefined {
  const arn = /^arn:[^:]+:iam::aws:policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(value)
  if (arn !== null) return arn[1]
  return /^[A-Za-z][\w+=,.@-]*$/.test(value) ? value : undefined
}
