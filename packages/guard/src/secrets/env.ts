import { ConfigError } from '../core/errors.js'
import { assertKnownKeys } from '../core/options.js'
import type { SecretProvider } from './provider.js'

/** Options of `env`. */
export interface EnvOptions {
  /** Where to read. Default: `process.env`. */
  readonly variables?: Readonly<Record<string, string | undefined>>
  /** Put before every variable name: with `'APP_'`, `/prod/db/password` reads `APP_PROD_DB_PASSWORD`. */
  readonly prefix?: string
  /**
   * Environment variables are visible to anyone who can read the function's configuration, so
   * on Lambda this provider refuses to start unless this is true. Default: false.
   */
  readonly allowOnLambda?: boolean
}

/**
 * Reads secrets from environment variables, for local runs and tests, so the same code that reads
 * `/prod/db/password` from SSM reads `PROD_DB_PASSWORD` on a laptop: a name becomes upper case,
 * with every run of other characters than letters and digits turned into one `_`.
 *
 * @example
 * const provider = process.env.AWS_LAMBDA_FUNCTION_NAME ? ssmParameters() : env()
 * const config = secrets({ provider })
 * await config.get('/prod/db/password') // process.env.PROD_DB_PASSWORD when run locally
 */
export function env(options: EnvOptions = {}): SecretProvider {
  assertKnownKeys('env', options, ['variables', 'prefix', 'allowOnLambda'])
  const variables = options.variables ?? globalThis.process?.env ?? {}
  const prefix = options.prefix ?? ''
  if (typeof prefix !== 'string') throw new ConfigError('env.prefix must be a string')
  if (globalThis.process?.env?.AWS_LAMBDA_FUNCTION_NAME && options.allowOnLambda !== true) {
    throw new ConfigError(
      'env() reads secrets from environment variables, which is for local runs: on Lambda use ssmParameters() or secretsManager() (or pass allowOnLambda: true)',
    )
  }
  return {
    name: 'env',
    async load(names) {
      const values = new Map<string, string>()
      for (const name of names) {
        const value = variables[envVariableName(prefix, name)]
        if (value !== undefined && value !== '') values.set(name, value)
      }
      return values
    },
  }
}

/**
 * @example
 * envVariableName('', '/prod/db/password') // 'PROD_DB_PASSWORD'
 */
export function envVariableName(prefix: string, name: string): string {
  return `${prefix}${name
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase()}`
}
