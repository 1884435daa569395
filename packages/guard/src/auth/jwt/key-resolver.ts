import type { KeyObject } from 'node:crypto'
import { type CryptoKey, createRemoteJWKSet, errors } from 'jose'
import type { KeySource } from './config.js'
import { JwksFetchFailed } from './errors.js'
import { matchLocalKeys } from './local-keys.js'
import type { TokenHeader } from './token-header.js'

/** A key a signature can be checked against. */
export type VerificationKey = KeyObject | CryptoKey | Uint8Array

/** Finds the keys to try for a token header; throws jose's JWKSNoMatchingKey when there are none. */
export type KeyResolver = (header: TokenHeader) => Promise<readonly VerificationKey[]>

// A token without a kid is tried against every fitting key; this caps the signature checks one
// request can cause.
const MAX_CANDIDATES = 4

/**
 * Builds the key lookup for a configured key source. A remote JWKS is jose's `createRemoteJWKSet`:
 * cached for `cacheMaxAge`, fetched again for an unknown `kid` at most once per `cooldown`, each fetch
 * bounded by `timeout`. A fetch that fails in any way becomes JwksFetchFailed (503), never a hang.
 *
 * @example
 * const resolve = createKeyResolver(config.keySource)
 * const keys = await resolve({ alg: 'RS256', kid: 'k1' })
 */
export function createKeyResolver(source: KeySource): KeyResolver {
  if (source.kind === 'secret') {
    const secret = [source.secret]
    return async () => secret
  }
  if (source.kind === 'local') {
    const { keys } = source
    return async ({ alg, kid }) => {
      const found = matchLocalKeys(keys, alg, kid)
      if (found.length === 0) throw new errors.JWKSNoMatchingKey()
      return found.slice(0, MAX_CANDIDATES)
    }
  }
  // Built for the first token, not at construction (import time, a cold start): jose's remote set
  // makes a Headers object, and the first touch of Headers or fetch loads Node's HTTP client,
  // tens of milliseconds. Its options were checked with the rest of the configuration.
  let remote: ReturnType<typeof createRemoteJWKSet> | undefined
  return async ({ alg, kid }) => {
    remote ??= createRemoteJWKSet(source.url, {
      timeoutDuration: Math.ceil(source.timeoutMs),
      cooldownDuration: source.cooldownMs,
      cacheMaxAge: source.cacheMaxAgeMs,
    })
    try {
      return [await remote(kid === undefined ? { alg } : { alg, kid })]
    } catch (error) {
      if (error instanceof errors.JWKSNoMatchingKey) throw error
      if (error instanceof errors.JWKSMultipleMatchingKeys) return collect(error)
      throw new JwksFetchFailed('the JWKS endpoint could not be read', { cause: error })
    }
  }
}

async function collect(
  matches: errors.JWKSMultipleMatchingKeys,
): Promise<readonly VerificationKey[]> {
  const keys: VerificationKey[] = []
  for await (const key of matches as unknown as AsyncIterable<CryptoKey>) {
    keys.push(key)
    if (keys.length === MAX_CANDIDATES) break
  }
  if (keys.length === 0) throw new errors.JWKSNoMatchingKey()
  return keys
}
