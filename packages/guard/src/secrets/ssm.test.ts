import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, afterEach, before, describe, it } from 'node:test'
import { setImmediate as tick } from 'node:timers/promises'
import { SSMClient } from '@aws-sdk/client-ssm'
import { manualClock } from '../core/clock.js'
import { createLogger } from '../log/standalone.js'
import { SecretsErrorCode } from './errors.js'
import type { SecretsOptions } from './options.js'
import { ssmParameters } from './ssm.js'
import { secrets } from './store.js'
import {
  type AwsEndpoint,
  INTERNAL_ERROR,
  startAwsEndpoint,
  THROTTLED,
} from './testing/aws-endpoint.js'

/** A value nobody else in the process has, so a leak cannot be a coincidence. */
const unique = (prefix: string) => `${prefix}${randomBytes(9).toString('base64url')}`

describe('ssmParameters through the real SSM client', () => {
  let endpoint: AwsEndpoint
  let client: SSMClient
  before(async () => {
    endpoint = await startAwsEndpoint()
    client = new SSMClient(endpoint.clientConfig())
  })
  afterEach(() => {
    endpoint.requests.length = 0
    endpoint.parameters.clear()
    endpoint.pageSize = 10
    endpoint.recover()
  })
  after(async () => {
    client.destroy()
    await endpoint.close()
  })

  function setup(options: Partial<SecretsOptions> = {}) {
    const clock = manualClock()
    const lines: string[] = []
    const log = createLogger({ write: (line) => void lines.push(line) })
    const store = secrets({ provider: ssmParameters({ client }), clock, log, ...options })
    return { store, clock, lines, log }
  }

  it('reads a SecureString with decryption, once, and serves it from the cache', async () => {
    const password = unique('pg-')
    endpoint.setParameter('/prod/db/password', password, 'SecureString')
    const { store } = setup()
    assert.equal(await store.get('/prod/db/password'), password)
    assert.equal(await store.get('/prod/db/password'), password)
    assert.equal(endpoint.count(), 1)
    assert.deepEqual(endpoint.requests[0], {
      target: 'AmazonSSM.GetParameter',
      body: { Name: '/prod/db/password', WithDecryption: true },
    })
  })

  it('shares one request among concurrent gets of the same name', async () => {
    endpoint.setParameter('/prod/api-key', unique('key-'))
    const { store } = setup()
    const values = await Promise.all(Array.from({ length: 8 }, () => store.get('/prod/api-key')))
    assert.equal(new Set(values).size, 1)
    assert.equal(endpoint.count(), 1)
  })

  it('loads again once the ttl is over, never before its jittered floor', async () => {
    endpoint.setParameter('/prod/token', 'token-version-1')
    const { store, clock } = setup({ ttl: '60s', jitter: 0.1 })
    await store.get('/prod/token')
    endpoint.setParameter('/prod/token', 'token-version-2')
    clock.advance(53_999) // under 60s minus the largest jitter (6s)
    assert.equal(await store.get('/prod/token'), 'token-version-1')
    assert.equal(endpoint.count(), 1)
    clock.advance(6_001) // the full ttl: expired whatever the jitter drew
    assert.equal(await store.get('/prod/token'), 'token-version-2')
    assert.equal(endpoint.count(), 2)
  })

  it('spreads the reloads of instances that started together over the jitter window', async () => {
    endpoint.setParameter('/prod/token', 'token-value')
    const clock = manualClock()
    const fleet = Array.from({ length: 20 }, () =>
      secrets({ provider: ssmParameters({ client }), clock, ttl: '60s', jitter: 0.1 }),
    )
    await Promise.all(fleet.map((store) => store.get('/prod/token')))
    clock.advance(54_000)
    const reloadsPerSecond: number[] = []
    for (let second = 0; second < 6; second++) {
      const before = endpoint.count()
      await Promise.all(fleet.map((store) => store.get('/prod/token')))
      reloadsPerSecond.push(endpoint.count() - before)
      clock.advance(1000)
    }
    await Promise.all(fleet.map((store) => store.get('/prod/token')))
    assert.equal(endpoint.count(), 40, 'each instance reloaded exactly once')
    assert.ok(
      reloadsPerSecond.every((n) => n < 20),
      `not all in one second: ${reloadsPerSecond}`,
    )
  })

  it('picks up a rotated value on refresh, without waiting for the ttl', async () => {
    endpoint.setParameter('/prod/db/password', 'password-before-rotation', 'SecureString')
    const { store, clock } = setup({ ttl: '1h' })
    await store.get('/prod/db/password')
    endpoint.setParameter('/prod/db/password', 'password-after-rotation', 'SecureString')
    assert.equal(await store.get('/prod/db/password'), 'password-before-rotation')
    // Within a second of the load a refresh returns it: a fleet of rejected requests is one call.
    assert.equal(await store.refresh('/prod/db/password'), 'password-before-rotation')
    assert.equal(endpoint.count(), 1)
    clock.advance(1000)
    const refreshed = await Promise.all(
      Array.from({ length: 5 }, () => store.refresh('/prod/db/password')),
    )
    assert.deepEqual(new Set(refreshed), new Set(['password-after-rotation']))
    assert.equal(await store.get('/prod/db/password'), 'password-after-rotation')
    assert.equal(endpoint.count(), 2)
  })

  it('loads many names with GetParameters, ten per call', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `/prod/app/key-${i}`)
    for (const name of names) endpoint.setParameter(name, `value-of-${name}`, 'SecureString')
    const { store } = setup()
    const values = await store.getMany(names)
    assert.deepEqual(Object.keys(values), names)
    assert.equal(values['/prod/app/key-7'], 'value-of-/prod/app/key-7')
    assert.equal(endpoint.count('GetParameters'), 3)
    for (const { body } of endpoint.requests) {
      assert.ok((body.Names as string[]).length <= 10)
      assert.equal(body.WithDecryption, true)
    }
    assert.equal(await store.get('/prod/app/key-22'), 'value-of-/prod/app/key-22')
    assert.equal(endpoint.count(), 3)
  })

  it('names the missing parameter when a batch comes back without it', async () => {
    endpoint.setParameter('/prod/a', 'value-a')
    const { store } = setup()
    await assert.rejects(store.getMany(['/prod/a', '/prod/b']), {
      code: SecretsErrorCode.notFound,
      message: 'secret "/prod/b" was not found in ssm',
    })
    assert.equal(await store.get('/prod/a'), 'value-a')
    assert.equal(endpoint.count(), 1)
  })

  it('prefetches at construction, in batches, so the first get waits for nothing new', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `/prod/cold/${i}`)
    for (const name of names) endpoint.setParameter(name, `cold-${name}`)
    const { store } = setup({ prefetch: names })
    assert.equal(await store.get('/prod/cold/11'), 'cold-/prod/cold/11')
    await store.getMany(names)
    assert.equal(endpoint.count('GetParameters'), 2)
    assert.equal(endpoint.count(), 2)
  })

  it('awaits an explicit prefetch and rejects when it fails', async () => {
    endpoint.setParameter('/prod/x', 'prefetched-x')
    const { store } = setup()
    await store.prefetch(['/prod/x'])
    assert.equal(endpoint.count(), 1)
    await assert.rejects(store.prefetch(['/prod/missing']), { code: SecretsErrorCode.notFound })
  })

  it('logs a failed prefetch at construction and loads again on first use', async () => {
    endpoint.setParameter('/prod/y', 'value-y')
    endpoint.fail(INTERNAL_ERROR, 1)
    const { store, lines } = setup({ prefetch: ['/prod/y'] })
    await assert.rejects(store.get('/prod/y'), { code: SecretsErrorCode.unavailable })
    await tick()
    assert.match(lines.join('\n'), /secrets prefetch failed/)
    assert.equal(await store.get('/prod/y'), 'value-y')
  })

  it('reads a path with GetParametersByPath, recursively, every page', async () => {
    endpoint.pageSize = 4
    const inside = [
      ...Array.from({ length: 8 }, (_, i) => `/app/prod/flag-${i}`),
      '/app/prod/db/password',
      '/app/prod/db/user',
      '/app/prod/db/replica/password',
    ]
    for (const name of inside) endpoint.setParameter(name, `v:${name}`, 'SecureString')
    endpoint.setParameter('/app/staging/db/password', 'not-this-one')
    endpoint.setParameter('/app/production', 'nor-this-one')
    const { store } = setup()
    const values = await store.getPath('/app/prod')
    assert.deepEqual(Object.keys(values).sort(), [...inside].sort())
    assert.equal(values['/app/prod/db/replica/password'], 'v:/app/prod/db/replica/password')
    assert.equal(endpoint.count('GetParametersByPath'), 3)
    const [first, second] = endpoint.requests
    assert.deepEqual(first?.body, {
      Path: '/app/prod',
      Recursive: true,
      WithDecryption: true,
      MaxResults: 10,
    })
    assert.equal(typeof second?.body.NextToken, 'string')
    // Each parameter of the path is cached by name too.
    assert.equal(await store.get('/app/prod/db/password'), 'v:/app/prod/db/password')
    await store.getPath('/app/prod')
    assert.equal(endpoint.count(), 3)
    await assert.rejects(store.getPath('/app/none'), {
      code: SecretsErrorCode.notFound,
      message: 'nothing was found under path "/app/none" in ssm',
    })
  })

  it('reports a missing parameter by name, and does not cache the absence', async () => {
    const { store } = setup()
    await assert.rejects(store.get('/prod/nope'), {
      code: SecretsErrorCode.notFound,
      status: 500,
      message: 'secret "/prod/nope" was not found in ssm',
    })
    endpoint.setParameter('/prod/nope', 'created-later')
    assert.equal(await store.get('/prod/nope'), 'created-later')
  })

  it('stops serving a parameter that was deleted, stale window or not', async () => {
    endpoint.setParameter('/prod/old', 'value-of-old')
    const { store, clock } = setup({ ttl: '1m', staleIfError: '1h' })
    await store.get('/prod/old')
    endpoint.parameters.delete('/prod/old')
    clock.advance(60_000)
    await assert.rejects(store.get('/prod/old'), { code: SecretsErrorCode.notFound })
  })

  it('fails with a clear error when the service fails and nothing was loaded before', async () => {
    endpoint.fail(INTERNAL_ERROR)
    const { store } = setup()
    await assert.rejects(store.get('/prod/db/password'), {
      code: SecretsErrorCode.unavailable,
      status: 503,
      headers: { 'retry-after': '5' },
      message:
        'secret "/prod/db/password" could not be loaded: ssm failed with InternalServerError',
    })
    assert.equal(endpoint.count(), 1, 'a 500 is not retried by the store')
  })

  it('serves the last value while the service fails, for staleIfError and no longer', async () => {
    const password = unique('stale-')
    endpoint.setParameter('/prod/db/password', password, 'SecureString')
    const { store, clock, lines } = setup({ ttl: '1m', jitter: 0, staleIfError: '5m' })
    await store.get('/prod/db/password')
    endpoint.fail(INTERNAL_ERROR)
    clock.advance(60_000)
    assert.equal(await store.get('/prod/db/password'), password)
    assert.equal(endpoint.count(), 2)
    // The next attempt waits a second: an outage costs one call per second, not one per request.
    assert.equal(await store.get('/prod/db/password'), password)
    assert.equal(endpoint.count(), 2)
    clock.advance(1000)
    assert.equal(await store.get('/prod/db/password'), password)
    assert.equal(endpoint.count(), 3)
    const warnings = lines.map((line) => JSON.parse(line))
    assert.equal(warnings[0].message, 'secret served stale: its provider is failing')
    assert.equal(warnings[0].name, '/prod/db/password')
    assert.equal(warnings[0].code, SecretsErrorCode.unavailable)
    assert.equal(warnings[0].staleUntil, new Date(clock.now() - 61_000 + 360_000).toISOString())

    clock.set(clock.now() - 61_000 + 360_000) // ttl + staleIfError after the load
    const error = await store.get('/prod/db/password').catch((e: Error) => e)
    assert.equal((error as { code?: string }).code, SecretsErrorCode.unavailable)
    assert.equal(
      (error as Error).message,
      'secret "/prod/db/password" could not be loaded: ssm failed with InternalServerError; the last value expired more than staleIfError (5m) ago and is no longer served',
    )
    assert.ok(!lines.join('\n').includes(password))

    endpoint.recover()
    assert.equal(await store.get('/prod/db/password'), password)
  })

  it('serves no expired value at all with staleIfError: 0', async () => {
    endpoint.setParameter('/prod/k', 'value-k')
    const { store, clock } = setup({ ttl: '1m', staleIfError: 0 })
    await store.get('/prod/k')
    endpoint.fail(INTERNAL_ERROR)
    clock.advance(60_000)
    await assert.rejects(store.get('/prod/k'), {
      code: SecretsErrorCode.unavailable,
      message: /an expired value is never served \(staleIfError: 0\)$/,
    })
  })

  it('does not answer a refresh with the stale value', async () => {
    endpoint.setParameter('/prod/k', 'value-k')
    const { store, clock } = setup({ ttl: '1h' })
    await store.get('/prod/k')
    endpoint.fail(INTERNAL_ERROR)
    clock.advance(1000)
    await assert.rejects(store.refresh('/prod/k'), { code: SecretsErrorCode.unavailable })
    assert.equal(await store.get('/prod/k'), 'value-k', 'the cached value is still fresh')
  })

  it('retries throttling with backoff, a bounded number of times', async () => {
    endpoint.setParameter('/prod/k', 'value-k')
    const { store, clock } = setup()
    const start = clock.now()
    endpoint.fail(THROTTLED, 2)
    assert.equal(await store.get('/prod/k'), 'value-k')
    assert.equal(endpoint.count(), 3)
    assert.ok(clock.now() > start, 'the retries waited (on the injected clock)')

    endpoint.requests.length = 0
    endpoint.fail(THROTTLED)
    await assert.rejects(setup().store.get('/prod/k'), {
      code: SecretsErrorCode.unavailable,
      message:
        'secret "/prod/k" could not be loaded: ssm failed with ThrottlingException after 3 attempts',
    })
    assert.equal(endpoint.count(), 3)

    endpoint.requests.length = 0
    await assert.rejects(setup({ retries: 0 }).store.get('/prod/k'), {
      code: SecretsErrorCode.unavailable,
    })
    assert.equal(endpoint.count(), 1)
  })

  it('serves the last value while throttled past the retries, within the stale window', async () => {
    endpoint.setParameter('/prod/k', 'value-k')
    const { store, clock } = setup({ ttl: '1m', staleIfError: '10m' })
    await store.get('/prod/k')
    endpoint.fail(THROTTLED)
    clock.advance(60_000)
    assert.equal(await store.get('/prod/k'), 'value-k')
    assert.equal(endpoint.count(), 4)
  })

  it('gives up on a service that does not answer, after the timeout', async () => {
    endpoint.setParameter('/prod/k', 'value-k')
    endpoint.stall(1)
    await assert.rejects(setup({ timeout: 50 }).store.get('/prod/k'), {
      code: SecretsErrorCode.unavailable,
      message: 'secret "/prod/k" could not be loaded: ssm did not answer within 50 ms',
    })
    assert.equal(await setup().store.get('/prod/k'), 'value-k')
  })

  it('registers every loaded value with the redactor: a logged value comes out redacted', async () => {
    const password = unique('db-')
    const short = unique('')
    endpoint.setParameter('/prod/db/password', password, 'SecureString')
    endpoint.setParameter('/prod/a/one', short)
    const { store } = setup()
    await store.get('/prod/db/password')
    await store.getPath('/prod/a')
    const lines: string[] = []
    const log = createLogger({ write: (line) => void lines.push(line) })
    log.info(`connecting with ${password}`, { config: { dsn: `postgres://app:${password}@db` } })
    log.warn('flag', { value: short })
    assert.ok(!lines.join('\n').includes(password))
    assert.ok(!lines.join('\n').includes(short))
    assert.match(lines[0] ?? '', /connecting with \[REDACTED\]/)
  })

  it('creates its own SSMClient when none is given (the optional peer, imported on use)', async () => {
    const saved = { ...process.env }
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_SSM: endpoint.url,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
      AWS_SECRET_ACCESS_KEY: 'local-test-secret',
    })
    try {
      endpoint.setParameter('/prod/own-client', 'value-own-client')
      const store = secrets({ provider: ssmParameters() })
      assert.equal(await store.get('/prod/own-client'), 'value-own-client')
      assert.equal(endpoint.count(), 1)
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key]
    }
  })

  it('rejects unknown options and a wrong client at construction', () => {
    assert.throws(() => ssmParameters({ clinet: client } as never), {
      code: 'ERR_CONFIG',
      message: '`clinet` is not an option of ssmParameters; did you mean `client`?',
    })
    assert.throws(() => ssmParameters({ client: {} as never }), {
      message: 'ssmParameters.client must be an SSMClient from @aws-sdk/client-ssm',
    })
  })
})
