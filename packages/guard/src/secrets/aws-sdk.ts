import { ConfigError } from '../core/errors.js'
import { SecretsErrorCode, secretError } from './errors.js'

/**
 * What is used of an AWS SDK v3 client (`SSMClient`, `SecretsManagerClient`), written out so that
 * these types do not need the SDK installed.
 */
export interface AwsClient {
  send(command: object, options?: { abortSignal?: AbortSignal }): Promise<unknown>
}

/**
 * Checks a client the caller passed, at construction.
 *
 * @example
 * checkClient(options.client, 'ssmParameters', 'an SSMClient from @aws-sdk/client-ssm')
 */
export function checkClient(client: unknown, where: string, expected: string): void {
  if (client === undefined) return
  if (
    client === null ||
    typeof client !== 'object' ||
    typeof (client as Partial<AwsClient>).send !== 'function'
  ) {
    throw new ConfigError(`${where}.client must be ${expected}`)
  }
}

/**
 * Loads an optional peer dependency on first use, once. `load` is a literal `import('…')` so that
 * bundlers see the specifier; a missing package becomes an error that says what to install.
 *
 * @example
 * const ssm = optionalPeer(() => import('@aws-sdk/client-ssm'), '@aws-sdk/client-ssm', 'ssmParameters()')
 * const { GetParameterCommand } = await ssm()
 */
export function optionalPeer<T>(
  load: () => Promise<T>,
  pkg: string,
  user: string,
): () => Promise<T> {
  let loaded: Promise<T> | undefined
  return () => {
    loaded ??= load().catch((error: unknown) => {
      const code = (error as { code?: unknown } | null)?.code
      if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error
      throw secretError(
        SecretsErrorCode.sdkMissing,
        `${user} needs ${pkg}, an optional peer dependency of @bulwark/guard: npm install ${pkg}`,
        error,
      )
    })
    return loaded
  }
}

// The error names AWS services use for "slow down" (the SDK's own list, less the exotic ones).
const THROTTLING_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
])

/**
 * Whether an AWS SDK error means the service throttled the call (worth retrying after a pause),
 * as opposed to an outage or a refusal.
 *
 * @example
 * isThrottling(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) // true
 */
export function isThrottling(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false
  const sdkError = error as {
    name?: unknown
    $retryable?: { throttling?: unknown }
    $metadata?: { httpStatusCode?: unknown }
  }
  return (
    sdkError.$retryable?.throttling === true ||
    sdkError.$metadata?.httpStatusCode === 429 ||
    (typeof sdkError.name === 'string' && THROTTLING_NAMES.has(sdkError.name))
  )
}
