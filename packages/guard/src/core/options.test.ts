import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseDuration, parseRate } from './duration.js'
import { ConfigError } from './errors.js'
import { assertKnownKeys } from './options.js'

describe('assertKnownKeys', () => {
  it('names the unknown key and the nearest valid one', () => {
    assert.throws(
      () => assertKnownKeys('sessions', { idelTimeout: '5m' }, ['idleTimeout', 'absoluteTimeout']),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message === '`idelTimeout` is not an option of sessions; did you mean `idleTimeout`?',
    )
  })
  it('gives no suggestion when nothing is close', () => {
    assert.throws(
      () => assertKnownKeys('cors', { zzzzzzzz: 1 }, ['origins']),
      /^ConfigError|`zzzzzzzz` is not an option of cors$/,
    )
  })
  it('accepts known keys and undefined', () => {
    assertKnownKeys('cors', { origins: [] }, ['origins'])
    assertKnownKeys('cors', undefined, ['origins'])
  })
  it('rejects non-objects', () => {
    assert.throws(() => assertKnownKeys('cors', 'yes', ['origins']), /cors must be an object/)
    assert.throws(() => assertKnownKeys('cors', [], ['origins']), /cors must be an object/)
  })
})

describe('parseDuration and parseRate', () => {
  it('reads the units people write', () => {
    assert.equal(parseDuration('t', '15m'), 900_000)
    assert.equal(parseDuration('t', '12h'), 43_200_000)
    assert.equal(parseDuration('t', '250ms'), 250)
    assert.equal(parseDuration('t', 1500), 1500)
    assert.deepEqual(parseRate('r', '300/min'), { limit: 300, windowMs: 60_000, text: '300/min' })
    assert.deepEqual(parseRate('r', '100/15m'), { limit: 100, windowMs: 900_000, text: '100/15m' })
    assert.deepEqual(parseRate('r', '5000/day'), {
      limit: 5000,
      windowMs: 86_400_000,
      text: '5000/day',
    })
  })
  it('rejects what it cannot read, naming the option', () => {
    for (const bad of ['', '15', 'm', '-5m', '0s', '5 parsecs', null, {}, Number.NaN, -1]) {
      assert.throws(
        () => parseDuration('sessions.idleTimeout', bad),
        /sessions\.idleTimeout must be a duration/,
      )
    }
    for (const bad of ['10', '/min', '0/min', '10/0min', 'ten/min', 10]) {
      assert.throws(() => parseRate('rateLimit.ip', bad), /rateLimit\.ip must be a rate/)
    }
  })
})
