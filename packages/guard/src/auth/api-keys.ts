import type { Clock } from '../core/clock.js'
import { parseDuration } from '../core/duration.js'
import { assertKnownKeys } from '../core/options.js'
import type { Principal } from '../core/principal.js'
import type { Store, StoredApiKey } from '../stores/types.js'
import { credentialRefused } from './sessions.js'
import { credentialId, isApiKeyFormat, newApiKey } from './tokens.js'
import { checkId, checkIdList } from './validate.js'

/** `createGuard({ apiKeys })`. */
export interface ApiKeysOptions {
  /** Lifetime of a new key unless `create` says otherwise; `'never'` for none. Default `'90d'`. */
  defaultExpiresIn?: string | number
  /** How long a rotated key keeps working beside its successor. Default `'24h'`. */
  rotationGrace?: string | number
}

export const API_KEYS_OPTION_KEYS = ['defaultExpiresIn', 'rotationGrace'] as const

export interface CreateApiKeyInput {
  owner: string
  scopes: readonly string[]
  /** `'90d'`, ms, or `'never'`. */
  expiresIn?: string | number
  name?: string
}

/** What `list(owner)` shows: never the key. */
export interface ApiKeyInfo {
  readonly id: string
  readonly name: string | undefined
  readonly scopes: readonly string[]
  readonly createdAt: number
  /** 0: never. */
  readonly expiresAt: number
  readonly lastUsedAt: number
  readonly invocations: number
}

export interface IssuedApiKey {
  /** Shown once; only its hash is stored. */
  readonly key: string
  readonly id: string
  /** 0: never. */
  readonly expiresAt: number
}

/** `guard.apiKeys`. */
export interface ApiKeys {
  create(input: CreateApiKeyInput): Promise<IssuedApiKey>
  /** Revokes by key (`bwk_…`) or by id; `false` when there was no such key. */
  revoke(keyOrId: string): Promise<boolean>
  /**
   * A new key with the same owner, scopes and name; the old one keeps working for the grace period
   * (default `apiKeys.rotationGrace`) so deployments can switch without downtime.
   */
  rotate(
    keyOrId: string,
    options?: { gracePeriod?: string | number; expiresIn?: string | number },
  ): Promise<IssuedApiKey>
  list(owner: string): Promise<ApiKeyInfo[]>
  /** Checks a key outside HTTP; counts a use. Throws 401 for anything but a live key. */
  verify(key: string): Promise<Principal>
}

/** The principal of an API key: the owner, no permissions of its own, the key's scopes. */
export function apiKeyPrincipal(key: StoredApiKey): Principal {
  return {
    kind: 'apiKey',
    userId: key.owner,
    permissions: [],
    scopes: key.scopes,
    authenticatedAt: key.createdAt,
    sessionId: key.id,
  }
}

function lifetime(where: string, value: string | number): number {
  return value === 'never' ? 0 : parseDuration(where, value)
}

/**
 * API keys in the token store: `bwk_` keys with a CRC-32 checksum (see `tokens.ts`), hash-only
 * storage, expiry by default, revocation and rotation with a grace period.
 *
 * @example
 * const apiKeys = createApiKeys(store, systemClock)
 * const { key } = await apiKeys.create({ owner: 'u1', scopes: ['reports:read'], expiresIn: '30d' })
 */
export function createApiKeys(store: Store, clock: Clock, options?: ApiKeysOptions): ApiKeys {
  assertKnownKeys('apiKeys', options, API_KEYS_OPTION_KEYS)
  const defaultLifetime = lifetime('apiKeys.defaultExpiresIn', options?.defaultExpiresIn ?? '90d')
  const defaultGrace = parseDuration('apiKeys.rotationGrace', options?.rotationGrace ?? '24h')

  async function idOf(keyOrId: unknown): Promise<string> {
    if (typeof keyOrId === 'string' && isApiKeyFormat(keyOrId)) return credentialId(keyOrId)
    return checkId('API key id', keyOrId)
  }

  function expiry(now: number, expiresIn: string | number | undefined): number {
    const ms = expiresIn === undefined ? defaultLifetime : lifetime('expiresIn', expiresIn)
    return ms === 0 ? 0 : now + ms
  }

  return {
    async create(input) {
      assertKnownKeys('apiKeys.create input', input, ['owner', 'scopes', 'expiresIn', 'name'])
      const owner = checkId('owner', input.owner)
      if (!Array.isArray(input.scopes)) throw new TypeError('scopes must be an array of strings')
      const scopes = checkIdList('scopes', input.scopes)
      const name = input.name === undefined ? undefined : checkId('name', input.name)
      const now = clock.now()
      const expiresAt = expiry(now, input.expiresIn)
      const key = newApiKey()
      const id = await credentialId(key)
      await store.createApiKey(id, {
        owner,
        scopes,
        ...(name === undefined ? {} : { name }),
        createdAt: now,
        expiresAt,
      })
      return { key, id, expiresAt }
    },

    async revoke(keyOrId) {
      return store.revokeApiKey(await idOf(keyOrId))
    },

    async rotate(keyOrId, rotateOptions = {}) {
      assertKnownKeys('apiKeys.rotate options', rotateOptions, ['gracePeriod', 'expiresIn'])
      const oldId = await idOf(keyOrId)
      const grace =
        rotateOptions.gracePeriod === undefined
          ? defaultGrace
          : parseDuration('gracePeriod', rotateOptions.gracePeriod)
      const now = clock.now()
      const key = newApiKey()
      const id = await credentialId(key)
      const expiresAt = expiry(now, rotateOptions.expiresIn)
      // Owner, scopes and name are copied from the stored key inside the store: rotate never widens.
      const rotated = await store.rotateApiKey(
        oldId,
        id,
        { createdAt: now, expiresAt },
        now + grace,
        now,
      )
      if (rotated === undefined) throw credentialRefused('missing')
      return { key, id, expiresAt }
    },

    async list(owner) {
      const keys = await store.listApiKeys(checkId('owner', owner), clock.now())
      return keys.map((key) => ({
        id: key.id,
        name: key.name,
        scopes: key.scopes,
        createdAt: key.createdAt,
        expiresAt: key.expiresAt,
        lastUsedAt: key.lastUsedAt,
        invocations: key.invocations,
      }))
    },

    async verify(key) {
      if (typeof key !== 'string' || !isApiKeyFormat(key)) throw credentialRefused('missing')
      const result = await store.authenticate({
        now: clock.now(),
        limits: [],
        credential: { kind: 'apiKey', id: await credentialId(key) },
      })
      if (result.status === 'ok' && result.record?.kind === 'apiKey') {
        return apiKeyPrincipal(result.record)
      }
      throw credentialRefused(result.status === 'expired' ? 'expired' : 'missing')
    },
  }
}
