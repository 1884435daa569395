import type { CallSite } from '../code/rule.js'
import type { ApiRef, Value } from '../code/values.js'

/** Bulwark's own secrets module: `secrets({ provider })` and the providers it ships. */
export const GUARD_SECRETS = '@bulwark/guard/secrets'

/**
 * Which AWS API a store reads: Parameter Store, Secrets Manager, none (`env()`, or a provider the
 * project writes itself, whose SDK calls the analysis sees in its own code), or not known.
 */
type Backend = 'ssm' | 'secrets-manager' | 'none' | 'unknown'

/** What the secrets hooks report: an SDK call as the provider makes it, or a gap. */
export interface SecretsEmit {
  record(sdkClass: string, operation: string, input: Value, keySuffix?: string): void
  gap(reason: string): void
}

const PROVIDERS: Readonly<Record<string, Backend>> = {
  ssmParameters: 'ssm',
  secretsManager: 'secrets-manager',
  env: 'none',
}

const literal = (lit: boolean): Value => ({ lit })
const request = (fields: Record<string, Value>): Value => ({
  props: new Map(Object.entries(fields)),
})

/**
 * Hooks for `@bulwark/guard/secrets`, the way `ssm.ts` and `secrets-manager.ts` call AWS: a
 * store made by `secrets()` is remembered with its provider (the engine hands the caller the same
 * value), and its methods become the provider's SDK calls, with the same requests (`get(name)` on
 * `ssmParameters()` is `GetParameter { Name: name }`), so resources resolve as for direct calls.
 *
 * @example
 * // `secrets({ provider: ssmParameters() }).get('/app/db')` → SSM.GetParameter { Name: '/app/db' }
 * guardSecretsHooks().call(site, site.callee.api, { record, gap })
 */
export function guardSecretsHooks(): {
  call(site: CallSite, api: ApiRef, emit: SecretsEmit): void
} {
  const stores = new WeakMap<object, Backend>()

  function backendOf(options: Value | undefined): Backend {
    const provider = options?.props?.get('provider')
    if (provider === undefined) return 'unknown'
    const api = provider.api
    if (api !== undefined) {
      if (api.module !== GUARD_SECRETS || api.path.length !== 2 || api.path[1] !== '()')
        return 'unknown'
      return PROVIDERS[api.path[0] as string] ?? 'unknown'
    }
    // An object the project builds: its `load` is project code, analysed where it is written.
    return provider.props !== undefined || provider.cls !== undefined ? 'none' : 'unknown'
  }

  /** Reading `names` (an array value) at once: GetParameters, or one GetSecretValue each. */
  function readMany(backend: Backend, names: Value | undefined, emit: SecretsEmit): void {
    if (backend === 'ssm') {
      emit.record(
        'SSM',
        'GetParameters',
        request({ Names: names ?? {}, WithDecryption: literal(true) }),
      )
    } else if (backend === 'secrets-manager') {
      const each =
        names?.props !== undefined && names.props.size > 0 ? [...names.props.values()] : [{}]
      for (const [i, name] of each.entries())
        emit.record('SecretsManager', 'GetSecretValue', request({ SecretId: name }), `#${i}`)
    }
  }

  function readOne(backend: Backend, name: Value | undefined, emit: SecretsEmit): void {
    if (backend === 'ssm')
      emit.record(
        'SSM',
        'GetParameter',
        request({ Name: name ?? {}, WithDecryption: literal(true) }),
      )
    else if (backend === 'secrets-manager')
      emit.record('SecretsManager', 'GetSecretValue', request({ SecretId: name ?? {} }))
  }

  return {
    call(site, api, emit) {
      const path = api.path
      if (path.length === 1 && path[0] === 'secrets' && !site.isNew) {
        const options = site.args[0]
        const backend = backendOf(options)
        if (!Object.isFrozen(site.result)) stores.set(site.result, backend)
        if (backend === 'unknown') {
          emit.gap(
            'secrets() with a provider the auditor cannot name (ssmParameters(), secretsManager(), env())',
          )
          return
        }
        const prefetch = options?.props?.get('prefetch')
        if (prefetch !== undefined) readMany(backend, prefetch, emit)
        return
      }
      if (path.length !== 3 || path[0] !== 'secrets' || path[1] !== '()') return
      const method = path[2] as string
      const backend = site.receiver === undefined ? undefined : stores.get(site.receiver)
      if (backend === undefined) {
        emit.gap(`secrets().${method} on a store whose provider the auditor did not follow`)
        return
      }
      if (backend === 'unknown') return // reported where the store is made
      const first = site.args[0]
      if (method === 'get' || method === 'refresh') readOne(backend, first, emit)
      else if (method === 'getMany' || method === 'prefetch') readMany(backend, first, emit)
      else if (method === 'getPath') {
        // Only Parameter Store has paths; the other providers throw without calling AWS.
        if (backend === 'ssm')
          emit.record(
            'SSM',
            'GetParametersByPath',
            request({ Path: first ?? {}, Recursive: literal(true), WithDecryption: literal(true) }),
          )
      } else
        emit.gap(
          `secrets().${method}: a method of @bulwark/guard/secrets the auditor does not know`,
        )
    },
  }
}
