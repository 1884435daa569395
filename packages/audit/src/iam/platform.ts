/**
 * Actions Lambda performs with a function's role on its own behalf, whatever the code does:
 * writing logs, sending traces, attaching to a VPC, polling event sources, decrypting environment
 * variables and KMS-encrypted objects. A role that grants them is never told they are unused.
 */
const PLATFORM_SERVICES = new Set(['logs', 'xray'])

/** Always Lambda's: attaching to a VPC, decrypting environment variables and encrypted data. */
const PLATFORM_ACTIONS = new Set(
  [
    'ec2:CreateNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
    'ec2:DetachNetworkInterface',
    'ec2:DescribeSubnets',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeVpcs',
    'kms:Decrypt',
    'kms:GenerateDataKey',
    'kms:DescribeKey',
  ].map((a) => a.toLowerCase()),
)

/** Lambda's when it polls an event source of that service for the function. */
const POLLER_ACTIONS = new Set(
  [
    'sqs:ReceiveMessage',
    'sqs:DeleteMessage',
    'sqs:DeleteMessageBatch',
    'sqs:GetQueueAttributes',
    'sqs:ChangeMessageVisibility',
    'sqs:ChangeMessageVisibilityBatch',
    'dynamodb:DescribeStream',
    'dynamodb:GetRecords',
    'dynamodb:GetShardIterator',
    'dynamodb:ListStreams',
    'dynamodb:ListShards',
    'kinesis:DescribeStream',
    'kinesis:DescribeStreamSummary',
    'kinesis:GetRecords',
    'kinesis:GetShardIterator',
    'kinesis:ListShards',
    'kinesis:ListStreams',
    'kinesis:SubscribeToShard',
    'kafka:DescribeCluster',
    'kafka:DescribeClusterV2',
    'kafka:GetBootstrapBrokers',
    'mq:DescribeBroker',
    'secretsmanager:GetSecretValue',
    'ec2:DescribeVpcs',
    'ec2:DescribeSubnets',
    'ec2:DescribeSecurityGroups',
  ].map((a) => a.toLowerCase()),
)

/** How Lambda uses a function's role besides its code. */
export interface PlatformUse {
  /** It delivers invocation results (dead-letter queue, destinations). */
  readonly deliversResults: boolean
  /** Services it polls for the function's event sources (`sqs`, `dynamodb`, `kinesis`, …). */
  readonly polls: ReadonlySet<string>
}

/** Actions Lambda uses to deliver invocation results (dead-letter queues, destinations). */
const DELIVERY_ACTIONS = new Set(
  ['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'].map((a) =>
    a.toLowerCase(),
  ),
)

/**
 * Whether Lambda itself may use `action` for the function, so it is never reported unused.
 *
 * @example
 * usedByPlatform('logs:PutLogEvents', { deliversResults: false, polls: new Set() }) // true
 */
export function usedByPlatform(action: string, use: PlatformUse): boolean {
  const lower = action.toLowerCase()
  const service = lower.slice(0, lower.indexOf(':'))
  if (PLATFORM_SERVICES.has(service)) return true
  if (PLATFORM_ACTIONS.has(lower) || lower.startsWith('kms:generatedatakey')) return true
  if (use.polls.has(service) && POLLER_ACTIONS.has(lower)) return true
  return use.deliversResults && DELIVERY_ACTIONS.has(lower)
}

/**
 * Actions a call needs besides its own, that a role grants for it on purpose: `s3:ListBucket`
 * lets a read of a missing object answer 404 instead of 403.
 *
 * @example
 * companionActions('s3:GetObject') // ['s3:ListBucket']
 */
export function companionActions(action: string): readonly string[] {
  const lower = action.toLowerCase()
  if (lower === 's3:getobject' || lower === 's3:getobjectversion') return ['s3:ListBucket']
  return []
}
