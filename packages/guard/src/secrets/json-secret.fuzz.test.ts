import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { GuardError } from '../core/errors.js'
import { SecretsErrorCode } from './errors.js'
import { jsonStringValues, parseJsonSecret, secretField } from './json-secret.js'

// A run of letters and digits this long never occurs in the module's fixed wording.
const plantedSecret = fc.stringMatching(/^[A-Za-z0-9]{16,32}$/)

function expectSecretsError(error: unknown, codes: readonly string[]): GuardError {
  assert.ok(error instanceof GuardError, `threw ${String(error)}`)
  assert.ok(codes.includes(error.code), error.code)
  assert.equal(error.status, 500)
  return error
}

describe('JSON secrets, for any text', () => {
  it('parse to an object or fail with ERR_SECRET_NOT_JSON, nothing else', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.string({ unit: 'binary' })), (text) => {
        try {
          const value = parseJsonSecret('prod/db', text)
          assert.equal(typeof value, 'object')
          assert.ok(value !== null && !Array.isArray(value))
        } catch (error) {
          expectSecretsError(error, [SecretsErrorCode.notJson])
        }
      }),
      { numRuns: 2000 },
    )
  })

  it('never quote the text in an error, even a cut or corrupted one', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        plantedSecret,
        fc.nat(),
        fc.string({ maxLength: 3 }),
        fc.string(),
        (other, secret, cut, junk, field) => {
          const whole = JSON.stringify({ other, password: secret })
          const at = cut % (whole.length + 1)
          for (const text of [
            whole,
            whole.slice(0, at),
            whole.slice(0, at) + junk + whole.slice(at),
          ]) {
            let message = ''
            try {
              secretField('prod/db', parseJsonSecret('prod/db', text), field)
            } catch (error) {
              message = expectSecretsError(error, [
                SecretsErrorCode.notJson,
                SecretsErrorCode.field,
              ]).message
            }
            assert.ok(!message.includes(secret), message)
          }
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('find every string value to redact, and never throw', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        assert.ok(Array.isArray(jsonStringValues(text)))
      }),
    )
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), plantedSecret, (object, secret) => {
        const values = jsonStringValues(JSON.stringify({ ...object, deep: [{ x: [secret] }] }))
        assert.ok(values.includes(secret))
      }),
    )
  })

  it('survive nesting far deeper than any secret has', () => {
    const deepArray = `{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    const deepObject = `${'{"a":'.repeat(20_000)}"leaf-value"${'}'.repeat(20_000)}`
    for (const text of [deepArray, deepObject, '['.repeat(100_000)]) {
      try {
        parseJsonSecret('deep', text)
      } catch (error) {
        expectSecretsError(error, [SecretsErrorCode.notJson])
      }
      jsonStringValues(text)
    }
    assert.deepEqual(jsonStringValues(deepObject), ['leaf-value'])
  })

  it('refuse a __proto__ key anywhere', () => {
    for (const text of ['{"__proto__":{"admin":true}}', '{"a":[{"b":{"__proto__":1}}]}']) {
      assert.throws(() => parseJsonSecret('prod/db', text), {
        code: SecretsErrorCode.notJson,
        message: 'secret "prod/db" contains a "__proto__" key, which is refused',
      })
    }
  })
})
