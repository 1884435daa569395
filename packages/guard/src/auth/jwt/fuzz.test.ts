// Fuzzing the token path: whatever arrives in a bearer header, verification either returns a
// principal for a genuinely valid token or throws a GuardError 401 with a known code. Never another
// exception, never a 500.
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import fc from 'fast-check'
import { GuardError } from '../../core/errors.js'
import { JwtErrorCode } from './errors.js'
import { type JwksServer, startJwksServer } from './testing/jwks-server.js'
import { AUDIENCE, b64url, ISSUER, makeKey, signRaw, signToken } from './testing/tokens.js'
import { createJwtVerifier, type JwtVerifier } from './verifier.js'

const TOKEN_CODES = new Set<string>(
  Object.values(JwtErrorCode).filter((code) => code !== JwtErrorCode.jwksUnavailable),
)

/** Runs verification and says how it ended; fails the property on anything but a 401 GuardError. */
async function outcome(verifier: JwtVerifier, token: string): Promise<'accepted' | string> {
  try {
    await verifier.verify(token)
    return 'accepted'
  } catch (error) {
    if (!(error instanceof GuardError) || error.status !== 401 || !TOKEN_CODES.has(error.code)) {
      throw new Error(`unexpected failure for ${JSON.stringify(token)}: ${String(error)}`, {
        cause: error,
      })
    }
    return error.code
  }
}

function sameDecodedParts(a: string, b: string): boolean {
  const pa = a.split('.')
  const pb = b.split('.')
  return (
    pa.length === pb.length &&
    pa.every((part, i) =>
      Buffer.from(part, 'base64url').equals(Buffer.from(pb[i] as string, 'base64url')),
    )
  )
}

const key = makeKey('fuzz-key')
const HEADER_NAMES = ['alg', 'kid', 'typ', 'crit', 'b64', 'jwk', 'jku', 'x5u', 'x5c', 'cty', 'zip']

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('replace' as const),
    at: fc.nat(),
    text: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 40 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('header' as const),
    header: fc.dictionary(
      fc.oneof(fc.constantFrom(...HEADER_NAMES), fc.string()),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    alg: fc.constantFrom('RS256', 'HS256', 'none', 'ES256', undefined),
  }),
  fc.record({ kind: fc.constant('payload' as const), payload: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({
    kind: fc.constant('parts' as const),
    order: fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 5 }),
  }),
)

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

function mutate(token: string, m: Mutation): string {
  const parts = token.split('.')
  switch (m.kind) {
    case 'replace': {
      const at = m.at % token.length
      return token.slice(0, at) + m.text + token.slice(at + 1)
    }
    case 'delete': {
      const at = m.at % token.length
      return token.slice(0, at) + token.slice(at + m.length)
    }
    case 'insert': {
      const at = m.at % (token.length + 1)
      return token.slice(0, at) + m.text + token.slice(at)
    }
    case 'header': {
      const header = m.alg === undefined ? m.header : { ...m.header, alg: m.alg }
      return [b64url(header), parts[1], parts[2]].join('.')
    }
    case 'payload':
      return [parts[0], b64url(m.payload), parts[2]].join('.')
    case 'parts':
      return m.order.map((i) => parts[i]).join('.')
  }
}

describe('fuzzing JWT verification', () => {
  let server: JwksServer
  let remote: JwtVerifier
  const local = createJwtVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    algorithms: ['RS256'],
    keys: key.publicJwk,
  })

  before(async () => {
    server = await startJwksServer({ keys: [key.publicJwk] })
    remote = createJwtVerifier({
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['RS256', 'ES256'],
      jwks: { url: server.url, cooldown: '10m' },
    })
    await remote.verify(await signToken(key))
  })
  after(() => server.stop())

  it('refuses random strings with a 401', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.string({ unit: fc.constantFrom(...'eyJ.-_abcAZ09+/= '.split('')), maxLength: 300 }),
          fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((p) => p.join('.')),
        ),
        async (token) => {
          assert.notEqual(await outcome(local, token), 'accepted')
          assert.notEqual(await outcome(remote, token), 'accepted')
        },
      ),
      { numRuns: 400 },
    )
  })

  it('refuses mutated valid tokens with a 401, unless the mutation changed no byte', async () => {
    const valid = await signToken(key, { sub: 'fuzz' })
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        const token = mutations.reduce(mutate, valid)
        for (const verifier of [local, remote]) {
          if ((await outcome(verifier, token)) === 'accepted') {
            // Only a change in the unused low bits of a final base64url character survives.
            assert.ok(sameDecodedParts(token, valid), `accepted a mutated token: ${token}`)
          }
        }
      }),
      { numRuns: 300 },
    )
    assert.equal(server.hits, 1, 'mutated kids never caused a JWKS refetch storm')
  })

  it('refuses correctly signed tokens with arbitrary claims unless the claims are valid', async () => {
    const now = Math.floor(Date.now() / 1000)
    const claimValue = (valid: unknown) =>
      fc.oneof(fc.constant(valid), fc.constant(undefined), fc.jsonValue({ maxDepth: 2 }))
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          iss: claimValue(ISSUER),
          aud: claimValue(AUDIENCE),
          sub: claimValue('user-1'),
          iat: claimValue(now),
          exp: claimValue(now + 60),
          nbf: claimValue(now - 60),
          jti: claimValue('j'),
          auth_time: claimValue(now - 120),
          scope: claimValue('a b'),
        }),
        async (claims) => {
          const token = signRaw(key, { alg: 'RS256', kid: 'fuzz-key' }, JSON.stringify(claims))
          if ((await outcome(local, token)) === 'accepted') {
            const principal = await local.verify(token)
            assert.equal(typeof principal.userId, 'string')
            assert.ok(principal.permissions.every((p) => typeof p === 'string'))
            assert.ok(Number.isFinite(principal.authenticatedAt))
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
