import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { manualClock } from '../core/clock.js'
import { env } from './env.js'
import { SecretsErrorCode } from './errors.js'
import type { SecretProvider } from './provider.js'
import { secrets } from './store.js'

/** A provider whose loads finish when the test says so, to order concurrent loads exactly. */
function controlledProvider() {
  const loads: { names: readonly string[]; finish: (value: string) => void }[] = []
  const provider: SecretProvider = {
    name: 'controlled',
    load: (names) =>
      new Promise((resolve) => {
        loads.push({ names, finish: (value) => resolve(new Map(names.map((n) => [n, value]))) })
      }),
  }
  return { provider, loads }
}

const quiet = { warn: () => {} }

describe('secrets()', () => {
  it('starts a new load for a refresh rather than joining one that began before it', async () => {
    const { provider, loads } = controlledProvider()
    const store = secrets({ provider, clock: manualClock(), log: quiet })
    const before = store.get('db')
    const refreshed = store.refresh('db')
    assert.equal(loads.length, 2)
    const again = store.refresh('db') // joins the refresh in flight
    assert.equal(loads.length, 2)
    loads[1]?.finish('rotated-value')
    loads[0]?.finish('value-read-before-rotation')
    assert.equal(await refreshed, 'rotated-value')
    assert.equal(await again, 'rotated-value')
    assert.equal(await before, 'value-read-before-rotation')
    // The older load finished last but does not overwrite the newer value.
    assert.equal(await store.get('db'), 'rotated-value')
    assert.equal(loads.length, 2)
  })

  it('checks every option at construction, naming the nearest valid key', () => {
    const provider = env({ variables: {} })
    const cases: [unknown, RegExp][] = [
      [{ provider, ttll: '1m' }, /^`ttll` is not an option of secrets; did you mean `ttl`\?$/],
      [{ provider, stale: '1m' }, /^`stale` is not an option of secrets$/],
      [{ provider, staleIfErorr: '1m' }, /did you mean `staleIfError`\?/],
      [{ provider: {} }, /secrets.provider must be a provider such as ssmParameters\(\)/],
      [{}, /secrets.provider must be a provider/],
      [{ provider, ttl: 'forever' }, /secrets.ttl must be a duration/],
      [{ provider, staleIfError: Number.POSITIVE_INFINITY }, /secrets.staleIfError must be/],
      [{ provider, jitter: 1 }, /secrets.jitter must be a fraction from 0 to 0.99, got 1/],
      [{ provider, retries: -1 }, /secrets.retries must be an integer from 0 to 10/],
      [{ provider, retries: 1.5 }, /secrets.retries must be an integer/],
      [{ provider, timeout: 0 }, /secrets.timeout must be a duration/],
      [{ provider, prefetch: 'db' }, /secrets.prefetch must be an array of names/],
      [{ provider, prefetch: [''] }, /secrets.prefetch needs a secret name/],
      [{ provider, log: console.log }, /secrets.log must be a logger/],
    ]
    for (const [options, message] of cases) {
      assert.throws(() => secrets(options as never), { code: 'ERR_CONFIG', message })
    }
    assert.throws(() => secrets(undefined as never), { code: 'ERR_CONFIG' })
  })

  it('refuses a misspelt get option and a bad name without calling the provider', async () => {
    const { provider, loads } = controlledProvider()
    const store = secrets({ provider, log: quiet })
    await assert.rejects(store.get('db', { jsn: true } as never), {
      message: '`jsn` is not an option of secrets.get options; did you mean `json`?',
    })
    await assert.rejects(store.get(''), { message: /secrets.get needs a secret name/ })
    await assert.rejects(store.get('x'.repeat(2049)), { message: /1 to 2048 characters/ })
    await assert.rejects(store.getMany('db' as never), { message: /must be an array of names/ })
    assert.throws(() => store.refresh(42 as never), { message: /got 42/ })
    assert.equal(loads.length, 0)
  })
})

describe('env()', () => {
  it('reads a name as its upper-case variable, so the same code runs locally', async () => {
    const variables = {
      PROD_DB_PASSWORD: 'local-db-password',
      APP_PROD_API_KEY: 'local-api-key',
      EMPTY: '',
    }
    const store = secrets({ provider: env({ variables }), log: quiet })
    assert.equal(await store.get('/prod/db/password'), 'local-db-password')
    assert.equal(await store.get('PROD_DB_PASSWORD'), 'local-db-password')
    const prefixed = secrets({ provider: env({ variables, prefix: 'APP_' }), log: quiet })
    assert.equal(await prefixed.get('prod/api-key'), 'local-api-key')
    await assert.rejects(store.get('empty'), {
      code: SecretsErrorCode.notFound,
      message: 'secret "empty" was not found in env',
    })
  })

  it('refuses to run on Lambda unless told to', () => {
    const saved = process.env.AWS_LAMBDA_FUNCTION_NAME
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'bank-transfers'
    try {
      assert.throws(() => env(), { code: 'ERR_CONFIG', message: /on Lambda use ssmParameters\(\)/ })
      assert.equal(env({ allowOnLambda: true }).name, 'env')
    } finally {
      if (saved === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME
      else process.env.AWS_LAMBDA_FUNCTION_NAME = saved
    }
    assert.throws(() => env({ prefx: 'APP_' } as never), { message: /did you mean `prefix`\?/ })
  })
})
