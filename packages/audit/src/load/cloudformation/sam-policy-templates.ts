/**
 * SAM policy templates (`DynamoDBCrudPolicy: { TableName: !Ref Table }`) expanded to the
 * actions and resources they grant, so a SAM function's role can be audited like any other.
 * Written from the AWS SAM policy template list; a template not listed here is kept with
 * unknown actions rather than guessed.
 */

export interface PolicyTemplate {
  readonly actions: readonly string[]
  /** Resource ARN templates; `{Param}` is replaced by the template's argument. */
  readonly resources: readonly string[]
}

const ARN = 'arn:${AWS::Partition}'
const REGION_ACCOUNT = '${AWS::Region}:${AWS::AccountId}'

const table = (suffix = '') => [
  `${ARN}:dynamodb:${REGION_ACCOUNT}:table/{TableName}${suffix}`,
  `${ARN}:dynamodb:${REGION_ACCOUNT}:table/{TableName}/index/*`,
]
const bucket = [`${ARN}:s3:::{BucketName}`, `${ARN}:s3:::{BucketName}/*`]
const queue = [`${ARN}:sqs:${REGION_ACCOUNT}:{QueueName}`]
const topic = [`${ARN}:sns:${REGION_ACCOUNT}:{TopicName}`]

export const SAM_POLICY_TEMPLATES: Readonly<Record<string, PolicyTemplate>> = {
  DynamoDBCrudPolicy: {
    actions: [
      'dynamodb:GetItem',
      'dynamodb:DeleteItem',
      'dynamodb:PutItem',
      'dynamodb:Scan',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:BatchGetItem',
      'dynamodb:DescribeTable',
      'dynamodb:ConditionCheckItem',
    ],
    resources: table(),
  },
  DynamoDBReadPolicy: {
    actions: [
      'dynamodb:GetItem',
      'dynamodb:Scan',
      'dynamodb:Query',
      'dynamodb:BatchGetItem',
      'dynamodb:DescribeTable',
    ],
    resources: table(),
  },
  DynamoDBWritePolicy: {
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
    resources: table(),
  },
  DynamoDBStreamReadPolicy: {
    actions: [
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ],
    resources: [`${ARN}:dynamodb:${REGION_ACCOUNT}:table/{TableName}/stream/{StreamName}`],
  },
  DynamoDBReconfigurePolicy: { actions: ['dynamodb:UpdateTable'], resources: table() },
  S3ReadPolicy: {
    actions: [
      's3:GetObject',
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:GetObjectVersion',
      's3:GetLifecycleConfiguration',
    ],
    resources: bucket,
  },
  S3WritePolicy: {
    actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'],
    resources: bucket,
  },
  S3CrudPolicy: {
    actions: [
      's3:GetObject',
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:GetObjectVersion',
      's3:PutObject',
      's3:PutObjectAcl',
      's3:GetLifecycleConfiguration',
      's3:PutLifecycleConfiguration',
      's3:DeleteObject',
    ],
    resources: bucket,
  },
  S3FullAccessPolicy: {
    actions: [
      's3:GetObject',
      's3:GetObjectAcl',
      's3:GetObjectVersion',
      's3:PutObject',
      's3:PutObjectAcl',
      's3:DeleteObject',
      's3:DeleteObjectTagging',
      's3:DeleteObjectVersionTagging',
      's3:GetObjectTagging',
      's3:GetObjectVersionTagging',
      's3:PutObjectTagging',
      's3:PutObjectVersionTagging',
      's3:ListBucket',
      's3:GetBucketLocation',
      's3:GetLifecycleConfiguration',
      's3:PutLifecycleConfiguration',
    ],
    resources: bucket,
  },
  SQSPollerPolicy: {
    actions: [
      'sqs:ChangeMessageVisibility',
      'sqs:ChangeMessageVisibilityBatch',
      'sqs:DeleteMessage',
      'sqs:DeleteMessageBatch',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
    ],
    resources: queue,
  },
  SQSSendMessagePolicy: { actions: ['sqs:SendMessage*'], resources: queue },
  SNSPublishMessagePolicy: { actions: ['sns:Publish'], resources: topic },
  SNSCrudPolicy: {
    actions: [
      'sns:ListSubscriptionsByTopic',
      'sns:CreateTopic',
      'sns:SetTopicAttributes',
      'sns:Subscribe',
      'sns:Publish',
    ],
    resources: [`${ARN}:sns:${REGION_ACCOUNT}:{TopicName}*`],
  },
  LambdaInvokePolicy: {
    actions: ['lambda:InvokeFunction'],
    resources: [`${ARN}:lambda:${REGION_ACCOUNT}:function:{FunctionName}*`],
  },
  KMSDecryptPolicy: {
    actions: ['kms:Decrypt'],
    resources: [`${ARN}:kms:${REGION_ACCOUNT}:key/{KeyId}`],
  },
  KMSEncryptPolicy: {
    actions: ['kms:Encrypt'],
    resources: [`${ARN}:kms:${REGION_ACCOUNT}:key/{KeyId}`],
  },
  SSMParameterReadPolicy: {
    actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
    resources: [`${ARN}:ssm:${REGION_ACCOUNT}:parameter/{ParameterName}`],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'],
    resources: [`${ARN}:ssm:${REGION_ACCOUNT}:parameter{ParameterName}`],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    actions: ['secretsmanager:GetSecretValue'],
    resources: ['{SecretArn}'],
  },
  StepFunctionsExecutionPolicy: {
    actions: ['states:StartExecution'],
    resources: [`${ARN}:states:${REGION_ACCOUNT}:stateMachine:{StateMachineName}`],
  },
  EventBridgePutEventsPolicy: {
    actions: ['events:PutEvents'],
    resources: [`${ARN}:events:${REGION_ACCOUNT}:event-bus/{EventBusName}`],
  },
  KinesisStreamReadPolicy: {
    actions: [
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetRecords',
      'kinesis:GetShardIterator',
    ],
    resources: [`${ARN}:kinesis:${REGION_ACCOUNT}:stream/{StreamName}`],
  },
  KinesisCrudPolicy: {
    actions: [
      'kinesis:AddTagsToStream',
      'kinesis:CreateStream',
      'kinesis:DecreaseStreamRetentionPeriod',
      'kinesis:DeleteStream',
      'kinesis:DescribeStream',
      'kinesis:DescribeStreamSummary',
      'kinesis:GetShardIterator',
      'kinesis:IncreaseStreamRetentionPeriod',
      'kinesis:ListTagsForStream',
      'kinesis:MergeShards',
      'kinesis:PutRecord',
      'kinesis:PutRecords',
      'kinesis:SplitShard',
      'kinesis:RemoveTagsFromStream',
    ],
    resources: [`${ARN}:kinesis:${REGION_ACCOUNT}:stream/{StreamName}`],
  },
  SESCrudPolicy: {
    actions: [
      'ses:GetIdentityVerificationAttributes',
      'ses:SendEmail',
      'ses:SendRawEmail',
      'ses:VerifyEmailIdentity',
    ],
    resources: [`${ARN}:ses:${REGION_ACCOUNT}:identity/{IdentityName}`],
  },
  SESSendBouncePolicy: {
    actions: ['ses:SendBounce'],
    resources: [`${ARN}:ses:${REGION_ACCOUNT}:identity/{IdentityName}`],
  },
  CloudWatchPutMetricPolicy: { actions: ['cloudwatch:PutMetricData'], resources: ['*'] },
  VPCAccessPolicy: {
    actions: [
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DetachNetworkInterface',
    ],
    resources: ['*'],
  },
  EC2DescribePolicy: {
    actions: ['ec2:DescribeRegions', 'ec2:DescribeInstances'],
    resources: ['*'],
  },
  AMIDescribePolicy: { actions: ['ec2:DescribeImages'], resources: ['*'] },
  RekognitionDetectOnlyPolicy: {
    actions: [
      'rekognition:DetectFaces',
      'rekognition:DetectLabels',
      'rekognition:DetectModerationLabels',
      'rekognition:DetectText',
    ],
    resources: ['*'],
  },
  ComprehendBasicAccessPolicy: {
    actions: [
      'comprehend:BatchDetectKeyPhrases',
      'comprehend:DetectDominantLanguage',
      'comprehend:DetectEntities',
      'comprehend:BatchDetectEntities',
      'comprehend:DetectKeyPhrases',
      'comprehend:DetectSentiment',
      'comprehend:BatchDetectDominantLanguage',
      'comprehend:BatchDetectSentiment',
    ],
    resources: ['*'],
  },
  TextractPolicy: { actions: ['textract:*'], resources: ['*'] },
  TextractDetectAnalyzePolicy: {
    actions: [
      'textract:DetectDocumentText',
      'textract:StartDocumentTextDetection',
      'textract:StartDocumentAnalysis',
      'textract:AnalyzeDocument',
    ],
    resources: ['*'],
  },
  FilterLogEventsPolicy: {
    actions: ['logs:FilterLogEvents'],
    resources: [`${ARN}:logs:${REGION_ACCOUNT}:log-group:{LogGroupName}:log-stream:*`],
  },
  ElasticsearchHttpPostPolicy: {
    actions: ['es:ESHttpPost', 'es:ESHttpPut'],
    resources: [`${ARN}:es:${REGION_ACCOUNT}:domain/{DomainName}/*`],
  },
  EFSWriteAccessPolicy: {
    actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
    resources: [`${ARN}:elasticfilesystem:${REGION_ACCOUNT}:file-system/{FileSystem}`],
  },
  PollyFullAccessPolicy: {
    actions: [
      'polly:GetLexicon',
      'polly:DeleteLexicon',
      'polly:PutLexicon',
      'polly:DescribeVoices',
      'polly:ListLexicons',
      'polly:SynthesizeSpeech',
    ],
    resources: [`${ARN}:polly:${REGION_ACCOUNT}:lexicon/{LexiconName}`, '*'],
  },
  CostExplorerReadOnlyPolicy: {
    actions: [
      'ce:GetCostAndUsage',
      'ce:GetDimensionValues',
      'ce:GetReservationCoverage',
      'ce:GetReservationPurchaseRecommendation',
      'ce:GetReservationUtilization',
      'ce:GetTags',
    ],
    resources: ['*'],
  },
  AthenaQueryPolicy: {
    actions: [
      'athena:ListWorkGroups',
      'athena:GetExecutionEngine',
      'athena:GetExecutionEngines',
      'athena:GetNamespace',
      'athena:GetCatalogs',
      'athena:GetNamespaces',
      'athena:GetTables',
      'athena:GetTable',
      'athena:StartQueryExecution',
      'athena:GetQueryResults',
      'athena:DeleteNamedQuery',
      'athena:GetNamedQuery',
      'athena:ListQueryExecutions',
      'athena:StopQueryExecution',
      'athena:GetQueryResultsStream',
      'athena:ListNamedQueries',
      'athena:CreateNamedQuery',
      'athena:GetQueryExecution',
      'athena:BatchGetNamedQuery',
      'athena:BatchGetQueryExecution',
      'athena:GetWorkGroup',
    ],
    resources: [`${ARN}:athena:${REGION_ACCOUNT}:workgroup/{WorkGroupName}`],
  },
}
