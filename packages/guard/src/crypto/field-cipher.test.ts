import assert from 'node:assert/strict'
import { createDecipheriv, randomBytes } from 'node:crypto'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { ConfigError, GuardError } from '../core/errors.js'
import { CryptoErrorCode } from './errors.js'
import { createFieldCipher, parseCiphertext } from './field-cipher.js'

const key2024 = randomBytes(32)
const key2025 = randomBytes(32)
const ad = { associatedData: 'users/42/ssn' }

function isCode(code: string) {
  return (error: unknown) =>
    error instanceof GuardError && error.code === code && error.status === 500
}

describe('createFieldCipher', () => {
  const cipher = createFieldCipher({ keys: { k2024: key2024 }, current: 'k2024' })

  it('round-trips text, bytes, the empty string and any Unicode', async () => {
    for (const text of ['123-45-6789', '', 'Zoë 👩‍💻 ﷺ', 'x'.repeat(100_000)]) {
      assert.equal(await cipher.decrypt(await cipher.encrypt(text, ad), ad), text)
    }
    const bytes = randomBytes(300)
    assert.deepEqual(Buffer.from(await cipher.decryptBytes(await cipher.encrypt(bytes))), bytes)
  })

  it('writes v1.<keyId>.<96-bit IV>.<ciphertext+tag>, with a fresh IV every time', async () => {
    const a = await cipher.encrypt('same', ad)
    const b = await cipher.encrypt('same', ad)
    assert.match(a, /^v1\.k2024\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/)
    assert.notEqual(a, b)
    assert.notEqual(parseCiphertext(a).iv.join(), parseCiphertext(b).iv.join())
  })

  it('is plain AES-256-GCM: node:crypto decrypts it with the documented associated data', async () => {
    const stored = await cipher.encrypt('interoperable', ad)
    const { iv, sealed } = parseCiphertext(stored)
    const decipher = createDecipheriv('aes-256-gcm', key2024, iv)
    decipher.setAAD(Buffer.concat([Buffer.from('v1.k2024\0'), Buffer.from(ad.associatedData)]))
    decipher.setAuthTag(sealed.subarray(sealed.length - 16))
    const plain = Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - 16)),
      decipher.final(),
    ])
    assert.equal(plain.toString(), 'interoperable')
  })

  it('refuses a changed ciphertext, IV or tag', async () => {
    const stored = await cipher.encrypt('secret value', ad)
    const { iv, sealed } = parseCiphertext(stored)
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url')
    for (const index of [0, 5, sealed.length - 1]) {
      const changed = Uint8Array.from(sealed)
      changed[index] = (changed[index] as number) ^ 0x01
      await assert.rejects(
        cipher.decrypt(`v1.k2024.${b64(iv)}.${b64(changed)}`, ad),
        isCode(CryptoErrorCode.ciphertextTampered),
      )
    }
    const otherIv = Uint8Array.from(iv)
    otherIv[0] = (otherIv[0] as number) ^ 0x80
    await assert.rejects(
      cipher.decrypt(`v1.k2024.${b64(otherIv)}.${b64(sealed)}`, ad),
      isCode(CryptoErrorCode.ciphertextTampered),
    )
    const truncated = sealed.subarray(0, sealed.length - 1)
    await assert.rejects(
      cipher.decrypt(`v1.k2024.${b64(iv)}.${b64(truncated)}`, ad),
      isCode(CryptoErrorCode.ciphertextTampered),
    )
  })

  it('refuses the wrong or missing associated data (a value moved to another row)', async () => {
    const stored = await cipher.encrypt('123-45-6789', ad)
    for (const other of [
      { associatedData: 'users/43/ssn' },
      {},
      { associatedData: new Uint8Array() },
    ]) {
      await assert.rejects(
        cipher.decrypt(stored, other),
        isCode(CryptoErrorCode.ciphertextTampered),
      )
    }
    const withBytes = await cipher.encrypt('x', {
      associatedData: new TextEncoder().encode('users/42/ssn'),
    })
    assert.equal(await cipher.decrypt(withBytes, ad), 'x')
  })

  it('refuses malformed strings with a clear error', async () => {
    const stored = await cipher.encrypt('x')
    const [, , iv, sealed] = stored.split('.')
    for (const bad of [
      '',
      'plaintext',
      stored.replace('v1.', 'v2.'),
      stored.replace('k2024', 'k 2024'),
      `v1.k2024.${iv}`,
      `v1.k2024.${iv}.${sealed}.x`,
      `v1.k2024.${iv}AA.${sealed}`, // a 13-byte IV
      `v1.k2024.${iv}.AAAA`, // shorter than a tag
      `v1.k2024.${iv}.${sealed}=`,
      `v1.k2024.${iv}.${sealed?.slice(0, -1)}+`,
    ]) {
      await assert.rejects(cipher.decrypt(bad), isCode(CryptoErrorCode.ciphertextMalformed), bad)
    }
    await assert.rejects(cipher.decrypt(42 as never), isCode(CryptoErrorCode.ciphertextMalformed))
  })

  it('says when a decrypted value is not text', async () => {
    const stored = await cipher.encrypt(new Uint8Array([0xff, 0xfe]))
    await assert.rejects(cipher.decrypt(stored), isCode(CryptoErrorCode.ciphertextMalformed))
    assert.deepEqual([...(await cipher.decryptBytes(stored))], [0xff, 0xfe])
  })
})

describe('key rotation', () => {
  it('decrypts with old keys, writes with the current one, and says what to re-encrypt', async () => {
    const before = createFieldCipher({ keys: { k2024: key2024 }, current: 'k2024' })
    const old = await before.encrypt('kept', ad)
    const after = createFieldCipher({
      keys: { k2024: key2024, k2025: key2025.toString('base64') },
      current: 'k2025',
    })
    assert.equal(await after.decrypt(old, ad), 'kept')
    assert.equal(after.needsRotation(old), true)
    const renewed = await after.encrypt(await after.decrypt(old, ad), ad)
    assert.match(renewed, /^v1\.k2025\./)
    assert.equal(after.needsRotation(renewed), false)
    assert.equal(await after.decrypt(renewed, ad), 'kept')
    await assert.rejects(before.decrypt(renewed, ad), isCode(CryptoErrorCode.ciphertextKeyUnknown))
  })

  it('cannot be fooled into using another key by relabelling a ciphertext', async () => {
    const both = createFieldCipher({ keys: { a: key2024, b: key2025 }, current: 'a' })
    const stored = await both.encrypt('x', ad)
    await assert.rejects(
      both.decrypt(stored.replace('v1.a.', 'v1.b.'), ad),
      isCode(CryptoErrorCode.ciphertextTampered),
    )
    // Same key bytes under two ids: the id itself is authenticated.
    const aliased = createFieldCipher({ keys: { a: key2024, b: key2024 }, current: 'a' })
    const value = await aliased.encrypt('x', ad)
    await assert.rejects(
      aliased.decrypt(value.replace('v1.a.', 'v1.b.'), ad),
      isCode(CryptoErrorCode.ciphertextTampered),
    )
  })
})

describe('field cipher configuration', () => {
  it('refuses bad keys, ids and options at construction', () => {
    const refused = (options: unknown, message: RegExp) =>
      assert.throws(
        () => createFieldCipher(options as never),
        (e: unknown) => e instanceof ConfigError && message.test(e.message),
      )
    refused(
      { keys: { k: randomBytes(16) }, current: 'k' },
      /fieldCipher\.keys\.k must be 32 bytes .*got 16 bytes/,
    )
    refused({ keys: { k: 'too-short' }, current: 'k' }, /must be 32 bytes/)
    refused({ keys: { k: 'not base64 at all!' }, current: 'k' }, /must be 32 bytes/)
    refused({ keys: { 'k.1': key2024 }, current: 'k.1' }, /"k\.1" is not a key id/)
    refused(
      { keys: { k: key2024 }, current: 'other' },
      /fieldCipher\.current must be one of the key ids/,
    )
    refused({ keys: {}, current: 'k' }, /fieldCipher\.keys must map key ids/)
    refused(
      { keys: { k: key2024 }, curent: 'k' },
      /`curent` is not an option of fieldCipher; did you mean `current`\?/,
    )
    refused(undefined, /fieldCipher must be an object/)
  })

  it('accepts base64 and base64url key strings', async () => {
    const url = createFieldCipher({ keys: { k: key2024.toString('base64url') }, current: 'k' })
    const std = createFieldCipher({ keys: { k: key2024.toString('base64') }, current: 'k' })
    assert.equal(await std.decrypt(await url.encrypt('x')), 'x')
  })
})

describe('fuzzing the ciphertext parser and decryption', () => {
  const cipher = createFieldCipher({ keys: { k1: key2024 }, current: 'k1' })
  const codes = new Set<string>(Object.values(CryptoErrorCode))

  async function attempt(text: string): Promise<string | undefined> {
    try {
      return await cipher.decrypt(text)
    } catch (error) {
      if (error instanceof GuardError && codes.has(error.code)) return undefined
      throw error
    }
  }

  it('random strings never decrypt and only ever raise a cipher error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 120 }),
          fc.tuple(fc.base64String(), fc.base64String()).map(([iv, ct]) => `v1.k1.${iv}.${ct}`),
        ),
        async (text) => {
          assert.equal(await attempt(text), undefined)
        },
      ),
      { numRuns: 500 },
    )
  })

  it('a mutated ciphertext never decrypts to anything but the original', async () => {
    const stored = await cipher.encrypt('the original')
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.string({ unit: 'binary-ascii', maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        async (at, text, deleted) => {
          const i = at % (stored.length + 1)
          const mutated = stored.slice(0, i) + text + stored.slice(i + deleted)
          const result = await attempt(mutated)
          if (result !== undefined) {
            assert.equal(result, 'the original')
            assert.equal(mutated, stored, 'canonical base64url leaves one spelling per ciphertext')
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})
