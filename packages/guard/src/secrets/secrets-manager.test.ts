import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, afterEach, before, describe, it } from 'node:test'
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
import { manualClock } from '../core/clock.js'
import { createGuard } from '../guard.js'
import { memoryStore } from '../stores/memory.js'
import { httpApiEvent, lambdaContext, readResult } from '../testing/lambda-events.js'
import { SecretsErrorCode } from './errors.js'
import { secretsManager } from './secrets-manager.js'
import { secrets } from './store.js'
import { type AwsEndpoint, INTERNAL_ERROR, startAwsEndpoint } from './testing/aws-endpoint.js'

const unique = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`

describe('secretsManager through the real Secrets Manager client', () => {
  let endpoint: AwsEndpoint
  let client: SecretsManagerClient
  before(async () => {
    endpoint = await startAwsEndpoint()
    client = new SecretsManagerClient(endpoint.clientConfig())
  })
  afterEach(() => {
    endpoint.requests.length = 0
    endpoint.secrets.clear()
    endpoint.recover()
  })
  after(async () => {
    client.destroy()
    await endpoint.close()
  })

  const setup = (ttl = '5m') => {
    const clock = manualClock()
    const log = { warn: () => {} }
    return { clock, store: secrets({ provider: secretsManager({ client }), clock, ttl, log }) }
  }

  it('reads a string secret with GetSecretValue, once', async () => {
    const key = unique('sk_live_')
    endpoint.secrets.set('prod/stripe-key', key)
    const { store } = setup()
    assert.equal(await store.get('prod/stripe-key'), key)
    assert.equal(await store.get('prod/stripe-key'), key)
    assert.deepEqual(endpoint.requests, [
      { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'prod/stripe-key' } },
    ])
  })

  it('reads a JSON secret whole or by field, from one request', async () => {
    const password = unique('pw-')
    endpoint.secrets.set(
      'prod/db',
      JSON.stringify({ username: 'app', password, host: 'db.internal', port: 5432, ssl: true }),
    )
    const { store } = setup()
    const db = await store.get('prod/db', { json: true })
    assert.deepEqual(db, { username: 'app', password, host: 'db.internal', port: 5432, ssl: true })
    assert.equal(await store.get('prod/db', { field: 'password' }), password)
    assert.equal(await store.get('prod/db', { field: 'port' }), '5432')
    assert.equal(await store.get('prod/db', { field: 'ssl' }), 'true')
    assert.equal(endpoint.count(), 1)
    // Each call parses afresh: a caller that changes its copy changes nobody else's.
    ;(db as Record<string, unknown>).password = 'changed'
    assert.equal((await store.get('prod/db', { json: true })).password, password)
  })

  it('names the secret and the field in JSON errors, never the value', async () => {
    const text = unique('not-json-')
    endpoint.secrets.set('prod/plain', text)
    endpoint.secrets.set('prod/db', JSON.stringify({ password: unique('pw-'), nested: { a: 1 } }))
    const { store } = setup()
    const errors = await Promise.all([
      store.get('prod/plain', { json: true }).catch((e: Error) => e),
      store.get('prod/plain', { field: 'password' }).catch((e: Error) => e),
      store.get('prod/db', { field: 'user' }).catch((e: Error) => e),
      store.get('prod/db', { field: 'nested' }).catch((e: Error) => e),
    ])
    assert.deepEqual(
      errors.map((e) => [(e as { code?: string }).code, (e as Error).message]),
      [
        [SecretsErrorCode.notJson, 'secret "prod/plain" is not valid JSON'],
        [SecretsErrorCode.notJson, 'secret "prod/plain" is not valid JSON'],
        [SecretsErrorCode.field, 'secret "prod/db" has no field "user"'],
        [
          SecretsErrorCode.field,
          'field "nested" of secret "prod/db" is not a string, number or boolean',
        ],
      ],
    )
    for (const error of errors) assert.equal((error as { cause?: unknown }).cause, undefined)
  })

  it('reports a missing secret by name', async () => {
    const { store } = setup()
    await assert.rejects(store.get('prod/nope'), {
      code: SecretsErrorCode.notFound,
      message: 'secret "prod/nope" was not found in secrets-manager',
    })
  })

  it('refuses a binary secret with a clear error', async () => {
    endpoint.secrets.set('prod/cert', new Uint8Array([1, 2, 3]))
    const { store } = setup()
    await assert.rejects(store.get('prod/cert'), {
      code: SecretsErrorCode.unsupported,
      message: 'secret "prod/cert" is binary: secrets() reads string and JSON secrets only',
    })
  })

  it('has no paths: getPath says which provider has them', async () => {
    const { store } = setup()
    await assert.rejects(store.getPath('/prod'), {
      code: SecretsErrorCode.unsupported,
      message: 'secrets-manager has no paths: getPath("/prod") needs ssmParameters()',
    })
  })

  it('loads several secrets with one request each', async () => {
    for (const name of ['a', 'b', 'c']) endpoint.secrets.set(`prod/${name}`, `value-${name}`)
    const { store } = setup()
    assert.deepEqual(await store.getMany(['prod/a', 'prod/b', 'prod/c', 'prod/a']), {
      'prod/a': 'value-a',
      'prod/b': 'value-b',
      'prod/c': 'value-c',
    })
    assert.equal(endpoint.count('GetSecretValue'), 3)
  })

  it('picks up a rotated JSON secret on refresh, and redacts both generations', async () => {
    const before = unique('pw-before-')
    const afterRotation = unique('pw-after-')
    endpoint.secrets.set('prod/db', JSON.stringify({ username: 'app', password: before }))
    const { store, clock } = setup('1h')
    assert.equal(await store.get('prod/db', { field: 'password' }), before)
    endpoint.secrets.set('prod/db', JSON.stringify({ username: 'app', password: afterRotation }))
    clock.advance(5000)
    assert.equal(await store.get('prod/db', { field: 'password' }), before)
    await store.refresh('prod/db')
    assert.equal(await store.get('prod/db', { field: 'password' }), afterRotation)
    assert.equal(endpoint.count(), 2)

    const lines: string[] = []
    const guard = createGuard({ store: memoryStore(), log: { write: (l) => void lines.push(l) } })
    const handler = guard.http({ auth: 'public' }, async (_req, ctx) => {
      const password = await store.get('prod/db', { field: 'password' })
      ctx.log.info('connecting', { attempt: `app:${password}@db.internal`, old: before })
      throw new Error(`database refused ${password}`)
    })
    const result = readResult(await handler(httpApiEvent(), lambdaContext()))
    assert.equal(result.status, 500)
    const everything = [...lines, result.body].join('\n')
    assert.ok(!everything.includes(before), 'the pre-rotation password leaked')
    assert.ok(!everything.includes(afterRotation), 'the current password leaked')
    assert.match(everything, /database refused \[REDACTED\]/)
  })

  it('serves the last value when Secrets Manager fails, within the stale window', async () => {
    endpoint.secrets.set('prod/k', 'value-k')
    const { store, clock } = setup('1m')
    await store.get('prod/k')
    endpoint.fail(INTERNAL_ERROR)
    clock.advance(60_000)
    assert.equal(await store.get('prod/k'), 'value-k')
    clock.advance(15 * 60_000)
    await assert.rejects(store.get('prod/k'), {
      code: SecretsErrorCode.unavailable,
      message:
        /^secret "prod\/k" could not be loaded: secrets-manager failed with InternalServerError; the last value expired more than staleIfError \(15m\) ago/,
    })
  })

  it('answers 503 with Retry-After, and only the code, when a handler cannot get its secret', async () => {
    endpoint.fail(INTERNAL_ERROR)
    const { store } = setup()
    const lines: string[] = []
    const guard = createGuard({ store: memoryStore(), log: { write: (l) => void lines.push(l) } })
    const handler = guard.http({ auth: 'public' }, async () => ({ key: await store.get('prod/k') }))
    const result = readResult(await handler(httpApiEvent(), lambdaContext()))
    assert.equal(result.status, 503)
    assert.deepEqual(result.headers['retry-after'], ['5'])
    assert.equal(result.json().code, SecretsErrorCode.unavailable)
    assert.ok(!result.body.includes('prod/k'), 'the message stays in the log')
    const failed = lines.map((l) => JSON.parse(l)).find((l) => l.message === 'request failed')
    assert.match(failed?.error?.message ?? '', /^secret "prod\/k" could not be loaded/)
  })

  it('rejects unknown options at construction, naming the nearest key', () => {
    assert.throws(() => secretsManager({ clients: client } as never), {
      message: '`clients` is not an option of secretsManager; did you mean `client`?',
    })
    assert.throws(() => secretsManager({ client: { send: 1 } as never }), {
      message:
        'secretsManager.client must be a SecretsManagerClient from @aws-sdk/client-secrets-manager',
    })
  })
})
