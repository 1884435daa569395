import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { GuardError } from '../core/errors.js'
import { CryptoErrorCode } from './errors.js'
import { encodeScryptHash, parseScryptHash, type ScryptHash } from './scrypt-hash-format.js'

const validHash = fc.record({
  params: fc.record({
    ln: fc.integer({ min: 1, max: 18 }),
    r: fc.integer({ min: 1, max: 8 }),
    p: fc.integer({ min: 1, max: 16 }),
  }),
  salt: fc.uint8Array({ minLength: 16, maxLength: 64 }).map((b) => Buffer.from(b)),
  hash: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b)),
})

/** Parses, and fails the property on any exception but ERR_PASSWORD_HASH_INVALID. */
function tryParse(text: string): ScryptHash | undefined {
  try {
    return parseScryptHash(text)
  } catch (error) {
    if (error instanceof GuardError && error.code === CryptoErrorCode.passwordHashInvalid)
      return undefined
    throw error
  }
}

describe('the $scrypt$ string format', () => {
  it('round-trips every valid hash exactly', () => {
    fc.assert(
      fc.property(validHash, (value) => {
        const parsed = parseScryptHash(encodeScryptHash(value))
        assert.deepEqual({ ...parsed.params }, { ...value.params })
        assert.ok(parsed.salt.equals(value.salt) && parsed.hash.equals(value.hash))
      }),
      { numRuns: 300 },
    )
  })

  it('fuzz: random strings are refused with ERR_PASSWORD_HASH_INVALID, nothing else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc
            .tuple(
              fc.string({ maxLength: 8 }),
              fc.string({ maxLength: 8 }),
              fc.base64String(),
              fc.base64String(),
            )
            .map(([a, b, s, h]) => `$scrypt$${a}$${b}$${s}$${h}`),
        ),
        (text) => {
          const parsed = tryParse(text)
          // Whatever is accepted is canonical: it encodes back to the very same string.
          if (parsed !== undefined) assert.equal(encodeScryptHash(parsed), text)
        },
      ),
      { numRuns: 1000 },
    )
  })

  it('fuzz: a mutated valid string is refused, or is canonical and reads back as itself', () => {
    fc.assert(
      fc.property(
        validHash,
        fc.nat(),
        fc.string({ unit: 'binary-ascii', minLength: 0, maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        (value, at, text, deleted) => {
          const encoded = encodeScryptHash(value)
          const i = at % (encoded.length + 1)
          const mutated = encoded.slice(0, i) + text + encoded.slice(i + deleted)
          const parsed = tryParse(mutated)
          if (parsed !== undefined) assert.equal(encodeScryptHash(parsed), mutated)
        },
      ),
      { numRuns: 1000 },
    )
  })
})
