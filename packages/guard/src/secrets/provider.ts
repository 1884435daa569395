/**
 * Where secret values come from. `secrets()` adds caching, retries, stale-while-error and
 * redaction on top, so a provider only translates names into one service's API calls.
 *
 * @example
 * const vault: SecretProvider = {
 *   name: 'vault',
 *   load: async (names) => new Map(await Promise.all(names.map(async (n) => [n, await read(n)] as const))),
 * }
 * secrets({ provider: vault })
 */
export interface SecretProvider {
  /** Named in error messages and logs: `ssm`, `secrets-manager`, `env`. */
  readonly name: string
  /**
   * The values of those of `names` that exist; a name with no value is left out of the map (the
   * store turns that into `ERR_SECRET_NOT_FOUND`). Anything thrown counts as the provider failing.
   */
  load(names: readonly string[], signal: AbortSignal): Promise<ReadonlyMap<string, string>>
  /** Every value under `path`, by full name; only providers with a hierarchy have it. */
  loadPath?(path: string, signal: AbortSignal): Promise<ReadonlyMap<string, string>>
}
