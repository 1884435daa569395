import type { GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager'
import { assertKnownKeys } from '../core/options.js'
import { type AwsClient, checkClient, optionalPeer } from './aws-sdk.js'
import { SecretsErrorCode, secretError, secretLabel } from './errors.js'
import type { SecretProvider } from './provider.js'

/** Options of `secretsManager`. */
export interface SecretsManagerOptions {
  /**
   * A `SecretsManagerClient` from `@aws-sdk/client-secrets-manager`. Default:
   * `new SecretsManagerClient({})` on first use.
   */
  readonly client?: AwsClient
}

const sdk = optionalPeer(
  () => import('@aws-sdk/client-secrets-manager'),
  '@aws-sdk/client-secrets-manager',
  'secretsManager()',
)

/**
 * Reads AWS Secrets Manager with GetSecretValue (the `AWSCURRENT` version, by name or ARN): plain
 * string secrets, and JSON secrets through `get(name, { json: true })` or
 * `get(name, { field: 'password' })`. Needs `secretsmanager:GetSecretValue` (and `kms:Decrypt`
 * for a customer-managed key).
 *
 * @example
 * import { secrets, secretsManager } from '@bulwark/guard/secrets'
 * const vault = secrets({ provider: secretsManager() })
 * const { username, password } = await vault.get('prod/db', { json: true })
 */
export function secretsManager(options: SecretsManagerOptions = {}): SecretProvider {
  assertKnownKeys('secretsManager', options, ['client'])
  checkClient(
    options.client,
    'secretsManager',
    'a SecretsManagerClient from @aws-sdk/client-secrets-manager',
  )
  let client = options.client

  async function loadOne(name: string, signal: AbortSignal): Promise<string | undefined> {
    const { GetSecretValueCommand, SecretsManagerClient } = await sdk()
    client ??= new SecretsManagerClient({})
    let output: GetSecretValueCommandOutput
    try {
      output = (await client.send(new GetSecretValueCommand({ SecretId: name }), {
        abortSignal: signal,
      })) as GetSecretValueCommandOutput
    } catch (error) {
      if ((error as { name?: string }).name === 'ResourceNotFoundException') return undefined
      throw error
    }
    if (output.SecretString === undefined) {
      throw secretError(
        SecretsErrorCode.unsupported,
        `${secretLabel(name)} is binary: secrets() reads string and JSON secrets only`,
      )
    }
    return output.SecretString
  }

  return {
    name: 'secrets-manager',
    async load(names, signal) {
      const values = await Promise.all(names.map((name) => loadOne(name, signal)))
      const found = new Map<string, string>()
      names.forEach((name, i) => {
        const value = values[i]
        if (value !== undefined) found.set(name, value)
      })
      return found
    },
  }
}
