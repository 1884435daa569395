import { actionInfo, isKnownService } from './actions.js'
import { PERMISSIONLESS_CALLS, SDK_CLASSES } from './data/sdk-map.generated.js'

/** One IAM action an SDK operation needs, with the ARN templates of what it touches. */
export interface OperationAction {
  readonly action: string
  /** ARN templates over the request's fields, most specific first (see the generated header). */
  readonly templates: readonly string[]
  /** `Field Op Value`: the action is needed only when the request meets it. */
  readonly condition?: string
}

interface SdkClass {
  readonly prefix: string
  readonly operations: Readonly<Record<string, [string, string[], string?][]>>
}

const parsed = new Map<string, SdkClass>()
function classData(name: string): SdkClass | undefined {
  const cached = parsed.get(name)
  if (cached !== undefined) return cached
  const encoded = SDK_CLASSES[name]
  if (encoded === undefined) return undefined
  const data = JSON.parse(encoded) as SdkClass
  parsed.set(name, data)
  return data
}

const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '')

/** v3 package names (`client-sfn`) and v2 client files whose squashed name is not the class's. */
const ALIASES: Readonly<Record<string, string>> = {
  sfn: 'StepFunctions',
  cognitoidentityprovider: 'CognitoIdentityServiceProvider',
  iotdataplane: 'IotData',
  rdsdata: 'RDSDataService',
  cloudwatchlogs: 'CloudWatchLogs',
  eventbridge: 'EventBridge',
}

/** Services newer than the snapshot: their IAM prefix, so `prefix:Operation` can still be checked. */
const NEWER_PREFIXES: Readonly<Record<string, string>> = {
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  bedrock: 'bedrock',
  scheduler: 'scheduler',
  pipes: 'pipes',
  sesv2: 'ses',
}

let bySquashed: Map<string, string> | undefined

/**
 * The SDK class (JS SDK v2 names, as the map keys them) of a client: from a v3 package
 * (`@aws-sdk/client-sfn`), a v2 client file (`aws-sdk/clients/dynamodb`) or a v2 class name.
 * A service the snapshot does not know keeps its squashed name, with its IAM prefix when known.
 *
 * @example
 * sdkClassOf('sfn') // 'StepFunctions'
 */
export function sdkClassOf(name: string): string {
  if (bySquashed === undefined) {
    bySquashed = new Map(Object.keys(SDK_CLASSES).map((c) => [squash(c), c]))
  }
  const key = squash(name)
  return ALIASES[key] ?? bySquashed.get(key) ?? key
}

/** What an SDK operation needs: its IAM actions (empty for calls that need none). */
export interface OperationNeeds {
  readonly actions: readonly OperationAction[]
  /** The table knows this operation (or its default action exists in the IAM data). */
  readonly known: boolean
}

/**
 * The IAM actions an SDK operation needs, from the iam-dataset map; an operation the snapshot does
 * not list needs `prefix:Operation` when the IAM data has that action.
 *
 * @example
 * operationNeeds('Lambda', 'Invoke').actions[0]?.action // 'lambda:InvokeFunction'
 */
export function operationNeeds(sdkClass: string, operation: string): OperationNeeds {
  if (PERMISSIONLESS_CALLS.includes(`${sdkClass}.${operation}`)) return { actions: [], known: true }
  const data = classData(sdkClass)
  const listed = data?.operations[operation]
  if (listed !== undefined) {
    return {
      known: true,
      actions: listed.map(([action, templates, condition]) => ({
        action,
        templates,
        ...(condition === undefined ? {} : { condition }),
      })),
    }
  }
  const prefix = data?.prefix ?? NEWER_PREFIXES[squash(sdkClass)] ?? squash(sdkClass)
  if (!isKnownService(prefix)) return { actions: [], known: false }
  const info = actionInfo(`${prefix}:${operation}`)
  if (info === undefined) return { actions: [], known: false }
  return { known: true, actions: [{ action: `${prefix}:${info.name}`, templates: [] }] }
}
