import type {
  GetParameterCommandOutput,
  GetParametersByPathCommandOutput,
  GetParametersCommandOutput,
  Parameter,
} from '@aws-sdk/client-ssm'
import { assertKnownKeys } from '../core/options.js'
import { type AwsClient, checkClient, optionalPeer } from './aws-sdk.js'
import { SecretsErrorCode, secretError } from './errors.js'
import type { SecretProvider } from './provider.js'

/** Options of `ssmParameters`. */
export interface SsmParametersOptions {
  /** An `SSMClient` from `@aws-sdk/client-ssm`. Default: `new SSMClient({})` on first use. */
  readonly client?: AwsClient
}

/** GetParameters takes at most 10 names per call. */
const BATCH_SIZE = 10
/**
 * GetParametersByPath returns at most 10 per page; 100 pages is 1000 parameters, as many as the
 * redactor registers, so a path that keeps going is an error rather than an endless loop.
 */
const MAX_PAGES = 100
const NOT_FOUND = new Set(['ParameterNotFound', 'ParameterVersionNotFound'])

const sdk = optionalPeer(
  () => import('@aws-sdk/client-ssm'),
  '@aws-sdk/client-ssm',
  'ssmParameters()',
)

/**
 * Reads SSM Parameter Store: `String`, `StringList` and `SecureString` parameters (always with
 * decryption), one name with GetParameter, several with GetParameters (10 per call), a whole path
 * with GetParametersByPath (recursive, every page). Needs `ssm:GetParameter`,
 * `ssm:GetParameters`, `ssm:GetParametersByPath` as used, and `kms:Decrypt` for SecureStrings.
 *
 * @example
 * import { secrets, ssmParameters } from '@bulwark/guard/secrets'
 * const config = secrets({ provider: ssmParameters() })
 * const password = await config.get('/prod/db/password')
 */
export function ssmParameters(options: SsmParametersOptions = {}): SecretProvider {
  assertKnownKeys('ssmParameters', options, ['client'])
  checkClient(options.client, 'ssmParameters', 'an SSMClient from @aws-sdk/client-ssm')
  let client = options.client

  async function send<T>(command: object, signal: AbortSignal): Promise<T> {
    client ??= new (await sdk()).SSMClient({})
    return (await client.send(command, { abortSignal: signal })) as T
  }

  async function loadOne(name: string, signal: AbortSignal): Promise<Map<string, string>> {
    const { GetParameterCommand } = await sdk()
    try {
      const output = await send<GetParameterCommandOutput>(
        new GetParameterCommand({ Name: name, WithDecryption: true }),
        signal,
      )
      const value = output.Parameter?.Value
      return new Map(value === undefined ? [] : [[name, value]])
    } catch (error) {
      if (NOT_FOUND.has((error as { name?: string }).name ?? '')) return new Map()
      throw error
    }
  }

  async function loadBatch(names: readonly string[], signal: AbortSignal) {
    const { GetParametersCommand } = await sdk()
    const output = await send<GetParametersCommandOutput>(
      new GetParametersCommand({ Names: [...names], WithDecryption: true }),
      signal,
    )
    return output.Parameters ?? []
  }

  return {
    name: 'ssm',
    async load(names, signal) {
      if (names.length === 1) return loadOne(names[0] as string, signal)
      const batches: string[][] = []
      for (let i = 0; i < names.length; i += BATCH_SIZE) {
        batches.push(names.slice(i, i + BATCH_SIZE))
      }
      const values = new Map<string, string>()
      for (const parameters of await Promise.all(batches.map((b) => loadBatch(b, signal)))) {
        for (const parameter of parameters) addParameter(values, parameter)
      }
      return values
    },
    async loadPath(path, signal) {
      const { GetParametersByPathCommand } = await sdk()
      const values = new Map<string, string>()
      let nextToken: string | undefined
      for (let page = 0; page < MAX_PAGES; page++) {
        const output: GetParametersByPathCommandOutput = await send(
          new GetParametersByPathCommand({
            Path: path,
            Recursive: true,
            WithDecryption: true,
            MaxResults: 10,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
          signal,
        )
        for (const parameter of output.Parameters ?? []) addParameter(values, parameter)
        nextToken = output.NextToken || undefined
        if (nextToken === undefined) return values
      }
      throw secretError(
        SecretsErrorCode.unsupported,
        `ssm path ${JSON.stringify(path)} has more than ${MAX_PAGES * 10} parameters: load a narrower path`,
      )
    },
  }
}

/** Keyed as asked: `name`, or `name:3` / `name:label` when a version or label was selected. */
function addParameter(values: Map<string, string>, parameter: Parameter): void {
  if (parameter.Name === undefined || parameter.Value === undefined) return
  values.set(`${parameter.Name}${parameter.Selector ?? ''}`, parameter.Value)
}
