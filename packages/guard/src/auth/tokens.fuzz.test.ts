import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { fuzzRuns } from '../../../../test-support/fuzz.js'
import { MAX_AUTHORIZATION_LENGTH, parseApiKeyHeader, parseAuthorization } from './bearer.js'
import { findMisplacedCredential } from './misplaced.js'
import {
  crc32,
  isApiKeyFormat,
  isSessionTokenFormat,
  newApiKey,
  newSessionToken,
} from './tokens.js'

const KINDS = new Set(['none', 'malformed', 'session', 'apiKey', 'jwt', 'unknown'])

describe('credential formats', () => {
  it('new tokens and keys have their documented shape and are all different', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const token = newSessionToken()
      const key = newApiKey()
      assert.match(token, /^bws_[A-Za-z0-9_-]{43}$/)
      assert.match(key, /^bwk_[0-9A-Za-z]{49}$/)
      assert.ok(isSessionTokenFormat(token) && isApiKeyFormat(key))
      seen.add(token).add(key)
    }
    assert.equal(seen.size, 400)
  })

  it('CRC-32 is the IEEE one', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926)
    assert.equal(crc32(new Uint8Array()), 0)
  })

  it('any single-character change of a key breaks its checksum (fuzz)', () => {
    const key = newApiKey()
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: key.length - 1 }),
        fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
        (index, char) => {
          fc.pre(key[index] !== char)
          const changed = key.slice(0, index) + char + key.slice(index + 1)
          assert.equal(isApiKeyFormat(changed), false)
        },
      ),
      { numRuns: fuzzRuns(2000) },
    )
  })

  it('parseApiKeyHeader and isApiKeyFormat never throw and accept only checksummed keys (fuzz)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constant(newApiKey())),
        (value) => {
          const parsed = parseApiKeyHeader(value)
          assert.ok(parsed.kind === 'apiKey' || parsed.kind === 'malformed')
          if (parsed.kind === 'apiKey') assert.ok(isApiKeyFormat(parsed.key))
          assert.equal(typeof isApiKeyFormat(value), 'boolean')
        },
      ),
      { numRuns: fuzzRuns(2000) },
    )
  })
})

describe('parseAuthorization (fuzz)', () => {
  const token = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,60}=*$/)
  it('never throws, always classifies, never returns a token with characters RFC 6750 forbids', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary', maxLength: 200 }),
          token.map((t) => `Bearer ${t}`),
          token.map((t) => `bearer   ${t}  `),
          fc.tuple(token, token).map(([a, b]) => `Bearer ${a}, Bearer ${b}`),
          fc.constant(`Bearer ${newSessionToken()}`),
          fc.constant(`Bearer ${newApiKey()}`),
          fc.string({
            minLength: MAX_AUTHORIZATION_LENGTH - 10,
            maxLength: MAX_AUTHORIZATION_LENGTH + 10,
          }),
        ),
        (header) => {
          const parsed = parseAuthorization(header)
          assert.ok(KINDS.has(parsed.kind))
          if ('token' in parsed) assert.match(parsed.token, /^[A-Za-z0-9\-._~+/]+=*$/)
          if (parsed.kind === 'session') assert.ok(isSessionTokenFormat(parsed.token))
          if (parsed.kind === 'apiKey') assert.ok(isApiKeyFormat(parsed.key))
          if (header.length > MAX_AUTHORIZATION_LENGTH) assert.equal(parsed.kind, 'malformed')
        },
      ),
      { numRuns: fuzzRuns(3000) },
    )
  })

  it('round-trips every well-formed bearer token', () => {
    fc.assert(
      fc.property(token, (t) => {
        const parsed = parseAuthorization(`Bearer ${t}`)
        assert.notEqual(parsed.kind, 'malformed')
        assert.equal('token' in parsed ? parsed.token : 'key' in parsed ? parsed.key : t, t)
      }),
    )
  })

  it('findMisplacedCredential never throws on any query, cookie or body', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 60 })),
        fc.option(fc.string({ maxLength: 200 }), { nil: undefined }),
        fc.constantFrom(
          undefined,
          'application/json',
          'application/x-www-form-urlencoded',
          'text/plain',
        ),
        fc.option(
          fc.oneof(
            fc.string(),
            fc.json().map((j) => `{"access_token":${j}}`),
          ),
          { nil: undefined },
        ),
        (query, cookie, contentType, rawBody) => {
          const where = findMisplacedCredential({ query, cookie, contentType, rawBody })
          assert.ok(where === undefined || ['query', 'cookie', 'body'].includes(where))
        },
      ),
      { numRuns: fuzzRuns(2000) },
    )
  })
})
