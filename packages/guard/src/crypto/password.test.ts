import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError, GuardError } from '../core/errors.js'
import { CryptoErrorCode } from './errors.js'
import { hashPassword, MAX_PASSWORD_BYTES, needsRehash, verifyPassword } from './password.js'
import { parseScryptHash } from './scrypt-hash-format.js'

// The OWASP cost takes about a second per hash on a shared CI core, so most tests use a cheap
// cost; the default is exercised where the default is the point.
const cheap = { params: { ln: 10, r: 8, p: 1 } } as const
const cheaper = { params: { ln: 11, r: 8, p: 1 } } as const

function isCode(code: string, status?: number) {
  return (error: unknown) =>
    error instanceof GuardError &&
    error.code === code &&
    (status === undefined || error.status === status)
}

describe('hashPassword / verifyPassword with the OWASP default cost', () => {
  it('stores N=2^17, r=8, p=1 with a 16-byte salt and 32-byte hash, and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple')
    assert.match(stored, /^\$scrypt\$ln=17,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    assert.equal(await verifyPassword(stored, 'correct horse battery staple'), true)
    assert.equal(needsRehash(stored), false)
  })

  it('answers false for an unknown user after hashing anyway (no user enumeration by timing)', async () => {
    assert.equal(await verifyPassword(undefined, 'anything'), false)
  })
})

describe('hashPassword / verifyPassword', () => {
  it('refuses a wrong password', async () => {
    const stored = await hashPassword('correct horse battery staple', cheap)
    assert.equal(await verifyPassword(stored, 'correct horse battery staple'), true)
    for (const wrong of ['correct horse battery stapl', 'Correct horse battery staple', 'x']) {
      assert.equal(await verifyPassword(stored, wrong), false)
    }
  })

  it('spends a hash at the caller’s cost on an unknown user, and answers false', async () => {
    let ticks = 0
    let done = false
    const verifying = verifyPassword(undefined, 'pw', cheaper).then((ok) => {
      done = true
      return ok
    })
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve))
      ticks++
    }
    assert.equal(await verifying, false)
    assert.ok(ticks > 1, 'the scrypt work ran on the thread pool')
    await assert.rejects(
      verifyPassword(undefined, 'pw', { params: { ln: 30, r: 8, p: 1 } }),
      ConfigError,
    )
  })

  it('salts every hash', async () => {
    const [a, b] = await Promise.all([hashPassword('same', cheap), hashPassword('same', cheap)])
    assert.notEqual(a, b)
    assert.equal(await verifyPassword(a, 'same'), true)
    assert.equal(await verifyPassword(b, 'same'), true)
  })

  it('keeps the event loop free while hashing', async () => {
    let ticks = 0
    let done = false
    const hashing = hashPassword('pw', cheaper).then(() => {
      done = true
    })
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve))
      ticks++
    }
    await hashing
    assert.ok(ticks > 1, `the loop turned ${ticks} times during the hash`)
  })

  it('treats canonically equivalent passwords as the same (NFKC)', async () => {
    const composed = 'caf\u00e9 \uff21' // é as one code point, a full-width A
    const decomposed = 'cafe\u0301 A' // e + combining acute, a plain A
    const stored = await hashPassword(composed, cheap)
    assert.equal(await verifyPassword(stored, decomposed), true)
    assert.equal(await verifyPassword(stored, 'cafe A'), false)
  })

  it(`refuses to hash an empty, non-string or over-${MAX_PASSWORD_BYTES}-byte password`, async () => {
    await assert.rejects(hashPassword('', cheap), isCode(CryptoErrorCode.passwordInvalid, 400))
    await assert.rejects(
      hashPassword(42 as never, cheap),
      isCode(CryptoErrorCode.passwordInvalid, 400),
    )
    await assert.rejects(
      hashPassword('a'.repeat(MAX_PASSWORD_BYTES + 1), cheap),
      isCode(CryptoErrorCode.passwordTooLong, 400),
    )
    // 342 three-byte characters are 1026 bytes though only 342 string units.
    await assert.rejects(
      hashPassword('€'.repeat(342), cheap),
      isCode(CryptoErrorCode.passwordTooLong),
    )
    // One ligature NFKC-expands to 18 characters: the limit applies after normalising.
    await assert.rejects(
      hashPassword('\ufdfa'.repeat(60), cheap),
      isCode(CryptoErrorCode.passwordTooLong),
    )
    const longest = await hashPassword('a'.repeat(MAX_PASSWORD_BYTES), cheap)
    assert.equal(await verifyPassword(longest, 'a'.repeat(MAX_PASSWORD_BYTES)), true)
  })

  it('answers false, without hashing, for passwords that could never have been stored', async () => {
    const stored = await hashPassword('pw', cheap)
    for (const attempt of [
      '',
      'x'.repeat(10_000_000),
      42,
      null,
      undefined,
      ['pw'],
      { toString: () => 'pw' },
    ]) {
      assert.equal(await verifyPassword(stored, attempt), false)
    }
  })

  it('refuses a tampered hash, salt or cost', async () => {
    const stored = await hashPassword('pw', cheap)
    const { salt, hash } = parseScryptHash(stored)
    const flip = (bytes: Buffer) => {
      const copy = Buffer.from(bytes)
      copy[0] = (copy[0] as number) ^ 1
      return copy.toString('base64').replace(/=+$/, '')
    }
    const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '')
    const tampered = [
      `$scrypt$ln=10,r=8,p=1$${b64(salt)}$${flip(hash)}`,
      `$scrypt$ln=10,r=8,p=1$${flip(salt)}$${b64(hash)}`,
      `$scrypt$ln=11,r=8,p=1$${b64(salt)}$${b64(hash)}`,
      `$scrypt$ln=10,r=4,p=1$${b64(salt)}$${b64(hash)}`,
      `$scrypt$ln=10,r=8,p=2$${b64(salt)}$${b64(hash)}`,
    ]
    for (const changed of tampered)
      assert.equal(await verifyPassword(changed, 'pw'), false, changed)
  })

  it('throws a clear error for a stored hash it cannot read, and changes nothing', async () => {
    const stored = await hashPassword('pw', cheap)
    const unreadable = [
      '',
      'pw',
      '$2b$10$abcdefghijklmnopqrstuuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0', // bcrypt
      stored.replace('$scrypt$', '$argon2id$'),
      stored.replace('ln=10', 'ln=30'), // 128 GiB of memory: refused, not attempted
      stored.replace('ln=10,r=8', 'ln=20,r=8'), // 1 GiB
      stored.replace('ln=10', 'ln=010'),
      stored.replace('p=1', 'p=0'),
      `${stored}=`,
      `${stored}$extra`,
      stored.replace(/\$[^$]+$/, '$AAAA'), // a 3-byte hash
      // The first 16 bytes of the real hash: it would match, so the length is not negotiable.
      stored.replace(
        /\$[^$]+$/,
        `$${parseScryptHash(stored).hash.subarray(0, 16).toString('base64').replace(/=+$/, '')}`,
      ),
    ]
    for (const bad of unreadable) {
      await assert.rejects(
        verifyPassword(bad, 'pw'),
        isCode(CryptoErrorCode.passwordHashInvalid, 500),
        bad,
      )
      assert.throws(() => needsRehash(bad), isCode(CryptoErrorCode.passwordHashInvalid), bad)
    }
    await assert.rejects(
      verifyPassword(42 as never, 'pw'),
      isCode(CryptoErrorCode.passwordHashInvalid),
    )
  })
})

describe('needsRehash', () => {
  it('says when the cost changed, and the new hash replaces the old one', async () => {
    const old = await hashPassword('pw', cheap)
    assert.equal(needsRehash(old, cheap), false)
    assert.equal(needsRehash(old, cheaper), true)
    assert.equal(needsRehash(old), true) // below the OWASP default
    assert.equal(needsRehash(old, { params: { ln: 10, r: 8, p: 2 } }), true)
    // The flow after a successful login:
    assert.equal(await verifyPassword(old, 'pw'), true)
    const renewed = await hashPassword('pw', cheaper)
    assert.equal(needsRehash(renewed, cheaper), false)
    assert.equal(await verifyPassword(renewed, 'pw'), true)
    assert.equal(await verifyPassword(old, 'pw'), true)
  })

  it('keeps a longer salt than its own (imported hashes) without asking for a rehash', () => {
    const salt32 = Buffer.alloc(32, 1).toString('base64').replace(/=+$/, '')
    const hash32 = Buffer.alloc(32, 2).toString('base64').replace(/=+$/, '')
    assert.equal(needsRehash(`$scrypt$ln=10,r=8,p=1$${salt32}$${hash32}`, cheap), false)
  })

  it('refuses cost parameters out of bounds at the call', async () => {
    for (const params of [
      { ln: 25, r: 8, p: 1 },
      { ln: 20, r: 8, p: 1 }, // 1 GiB
      { ln: 17, r: 0, p: 1 },
      { ln: 17, r: 8, p: 17 },
      { ln: 16.5, r: 8, p: 1 },
    ]) {
      await assert.rejects(hashPassword('pw', { params }), ConfigError)
      assert.throws(() => needsRehash('x', { params }), ConfigError)
    }
  })
})
