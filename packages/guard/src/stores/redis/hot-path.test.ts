// The lean hot path against the reference: random sequences of store operations, on one controlled
// clock, give the same answers from the memory store, from Redis with the record cache and from
// Redis without it. Then what the cache must never change: a revocation, a step-up or a record
// recreated by another instance is seen on the very next request.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { after, describe, it } from 'node:test'
import fc from 'fast-check'
import { Redis } from 'ioredis'
import { skipUnless } from '../../../../../test-support/services.js'
import { memoryStore } from '../memory.js'
import type {
  AuthenticateResult,
  CredentialCheck,
  LimitCheck,
  Store,
  SubjectLimitCheck,
} from '../types.js'
import { redisStore } from './index.js'
import { SESSION_TTL_MARGIN_MS, TTL_STEP_MS } from './scripts.js'

const skip = await skipUnless('redis')
const prefix = `test:hot:${randomUUID()}:`
const TIMEOUT = '10s'
const T0 = Date.parse('2025-03-01T12:00:00Z')
const MIN = 60_000
// Redis TTLs run on Redis's clock while the stores answer by the callers' clock (TTLs only clean
// up). So that the two agree in a test that moves time by hand: every TTL the operations below
// cause is minutes long (GCRA intervals of 85 s and more, revocations of 2 min and more), far
// longer than a run takes; and the logical clock stops short of EXPIRED_GRACE_MS (1 h), after which
// the memory store forgets an expired session that Redis, in real time, still holds.
const MAX_SPAN_MS = 50 * MIN

const limitArb: fc.Arbitrary<LimitCheck> = fc.record({
  name: fc.constantFrom('ip', 'ipBlock', 'route'),
  key: fc.constantFrom('a', 'b', 'c'),
  limit: fc.constantFrom(1, 2, 3, 7),
  windowMs: fc.constantFrom(10 * MIN, 30 * MIN, 60 * MIN),
})
const limitsArb = fc.uniqueArray(limitArb, { maxLength: 3, selector: (l) => l.key })
const subjectArb: fc.Arbitrary<SubjectLimitCheck[]> = fc.uniqueArray(
  fc.record({
    name: fc.constantFrom('user', 'key'),
    keyPrefix: fc.constantFrom('user:', 'cred:'),
    subject: fc.constantFrom('user' as const, 'credential' as const),
    limit: fc.constantFrom(1, 2, 5),
    windowMs: fc.constantFrom(10 * MIN, 60 * MIN),
  }),
  { maxLength: 2, selector: (l) => l.keyPrefix },
)
/** Which of the records created so far (modulo their number), or one never created. */
const pick = fc.oneof(fc.nat(20), fc.constant(-1))
const user = fc.constantFrom('u0', 'u1')

type Op =
  | { op: 'tick'; ms: number }
  | { op: 'limits'; limits: LimitCheck[] }
  | {
      op: 'createSession'
      user: string
      permissions: string[]
      data: Record<string, unknown> | undefined
      device: string | undefined
      idleMs: number
      absoluteMs: number
    }
  | { op: 'session'; pick: number; limits: LimitCheck[]; subject: SubjectLimitCheck[] }
  | { op: 'revokeSession' | 'reauthenticate'; pick: number }
  | { op: 'revokeAll' | 'list' | 'listKeys'; user: string }
  | { op: 'createKey'; owner: string; scopes: string[]; name: string | undefined; life: number }
  | { op: 'apiKey'; pick: number; limits: LimitCheck[]; subject: SubjectLimitCheck[] }
  | { op: 'rotateKey'; pick: number; graceMs: number }
  | { op: 'revokeKey'; pick: number }
  | {
      op: 'jwt'
      user: string
      ageMs: number
      jti: string | undefined
      subject: SubjectLimitCheck[]
    }
  | { op: 'revokeJti'; jti: string; forMs: number }
  | { op: 'revokeBefore'; user: string; agoMs: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  // Mostly small steps, so that requests land within the cache's life and the TTL's step.
  { weight: 4, arbitrary: fc.record({ op: fc.constant('tick'), ms: fc.nat(3000) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('tick'), ms: fc.nat(15 * MIN) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('limits'), limits: limitsArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('createSession'),
      user,
      permissions: fc.subarray(['notes:read', 'notes:write', 'admin']),
      data: fc.option(
        fc.record(
          { plan: fc.constantFrom('gold', 'free'), n: fc.nat(9) },
          { noNullPrototype: true },
        ),
        { nil: undefined },
      ),
      device: fc.option(fc.constantFrom('iPhone', 'Firefox on macOS'), { nil: undefined }),
      idleMs: fc.constantFrom(5000, MIN, 10 * MIN),
      absoluteMs: fc.constantFrom(10_000, 3 * MIN, 20 * MIN),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('session'),
      pick,
      limits: limitsArb,
      subject: subjectArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revokeSession'), pick }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reauthenticate'), pick }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constantFrom('revokeAll', 'list', 'listKeys'), user }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('createKey'),
      owner: user,
      scopes: fc.subarray(['reports:read', 'reports:write']),
      name: fc.option(fc.constant('ci'), { nil: undefined }),
      life: fc.constantFrom(0, 20_000, 10 * MIN),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('apiKey'),
      pick,
      limits: limitsArb,
      subject: subjectArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('rotateKey'),
      pick,
      graceMs: fc.constantFrom(0, 5000, MIN),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('revokeKey'), pick }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('jwt'),
      user,
      ageMs: fc.nat(10 * MIN),
      jti: fc.option(fc.constantFrom('j0', 'j1'), { nil: undefined }),
      subject: subjectArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('revokeJti'),
      jti: fc.constantFrom('j0', 'j1'),
      forMs: fc.constantFrom(0, 2 * MIN, 20 * MIN),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('revokeBefore'), user, agoMs: fc.nat(5 * MIN) }),
  },
)

/**
 * Runs `ops` against one store and returns every answer. Ids are fresh per run (and the same for
 * every store of a run), so that nothing is ever recreated under an id still in use.
 */
async function play(store: Store, ops: readonly Op[], run: string): Promise<unknown[]> {
  let now = T0
  const sessions: string[] = []
  const keys: string[] = []
  const chosen = (list: string[], index: number) =>
    index < 0 || list.length === 0 ? `${run}-none` : (list[index % list.length] as string)
  const answers: unknown[] = []
  const authenticate = (
    credential: CredentialCheck | undefined,
    limits: LimitCheck[],
    subject: SubjectLimitCheck[],
  ): Promise<AuthenticateResult> =>
    store.authenticate({
      now,
      limits: limits.map((l) => ({ ...l, key: `${run}:${l.key}` })),
      credential,
      subjectLimits: subject.map((l) => ({ ...l, keyPrefix: `${run}:${l.keyPrefix}` })),
    })
  for (const [index, op] of ops.entries()) {
    const id = `${run}-${index}`
    switch (op.op) {
      case 'tick':
        now = Math.min(now + op.ms, T0 + MAX_SPAN_MS)
        continue
      case 'limits':
        answers.push(await authenticate(undefined, op.limits, []))
        continue
      case 'createSession':
        sessions.push(id)
        await store.createSession(id, {
          userId: `${run}-${op.user}`,
          permissions: op.permissions,
          ...(op.data === undefined ? {} : { data: op.data }),
          ...(op.device === undefined ? {} : { device: op.device }),
          createdAt: now,
          expiresAt: now + op.absoluteMs,
          idleMs: op.idleMs,
        })
        continue
      case 'session':
        answers.push(
          await authenticate(
            { kind: 'session', id: chosen(sessions, op.pick) },
            op.limits,
            op.subject,
          ),
        )
        continue
      case 'revokeSession':
        answers.push(await store.revokeSession(chosen(sessions, op.pick)))
        continue
      case 'reauthenticate':
        answers.push(await store.reauthenticateSession(chosen(sessions, op.pick), now))
        continue
      case 'revokeAll':
        answers.push(await store.revokeUserSessions(`${run}-${op.user}`))
        continue
      case 'list':
        answers.push(await store.listUserSessions(`${run}-${op.user}`, now))
        continue
      case 'listKeys':
        answers.push(await store.listApiKeys(`${run}-${op.user}`, now))
        continue
      case 'createKey':
        keys.push(id)
        await store.createApiKey(id, {
          owner: `${run}-${op.owner}`,
          scopes: op.scopes,
          ...(op.name === undefined ? {} : { name: op.name }),
          createdAt: now,
          expiresAt: op.life === 0 ? 0 : now + op.life,
        })
        continue
      case 'apiKey':
        answers.push(
          await authenticate({ kind: 'apiKey', id: chosen(keys, op.pick) }, op.limits, op.subject),
        )
        continue
      case 'rotateKey': {
        const rotated = await store.rotateApiKey(
          chosen(keys, op.pick),
          id,
          { createdAt: now, expiresAt: now + 10 * MIN },
          now + op.graceMs,
          now,
        )
        if (rotated) keys.push(id)
        answers.push(rotated)
        continue
      }
      case 'revokeKey':
        answers.push(await store.revokeApiKey(chosen(keys, op.pick)))
        continue
      case 'jwt':
        answers.push(
          await authenticate(
            {
              kind: 'jwt',
              userId: `${run}-${op.user}`,
              issuedAt: now - op.ageMs,
              ...(op.jti === undefined ? {} : { jti: `${run}-${op.jti}` }),
            },
            [],
            op.subject,
          ),
        )
        continue
      case 'revokeJti':
        await store.revokeJti(`${run}-${op.jti}`, now + op.forMs, now)
        continue
      case 'revokeBefore':
        await store.revokeUserTokensBefore(`${run}-${op.user}`, now - op.agoMs, now)
        continue
    }
  }
  return answers
}

describe('Redis hot path', { skip }, async () => {
  const io = new Redis({ host: '127.0.0.1', port: 6379, lazyConnect: true })
  if (!skip) await io.connect()
  after(async () => {
    let cursor = '0'
    do {
      const [next, found] = await io.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000)
      if (found.length > 0) await io.del(...found)
      cursor = next
    } while (cursor !== '0')
    io.disconnect()
  })

  it('answers as the memory store does, with and without the record cache', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        // Every run on a fresh key space, each store its own, all on the same clock.
        const run = randomUUID()
        const reference = await play(memoryStore(), ops, run)
        const cached = await play(
          redisStore(io, { prefix: `${prefix}${run}:cached:`, timeout: TIMEOUT }),
          ops,
          run,
        )
        const uncached = await play(
          redisStore(io, {
            prefix: `${prefix}${run}:uncached:`,
            timeout: TIMEOUT,
            recordCacheSize: 0,
          }),
          ops,
          run,
        )
        assert.deepEqual(cached, reference)
        assert.deepEqual(uncached, reference)
      }),
      { numRuns: 60 },
    )
  })

  describe('the record cache never hides a change made elsewhere', () => {
    const pair = () => {
      const space = `${prefix}${randomUUID()}:`
      // Two instances (two Lambdas) on one Redis: `here` caches, `there` changes things.
      return {
        here: redisStore(io, { prefix: space, timeout: TIMEOUT }),
        there: redisStore(io, { prefix: space, timeout: TIMEOUT }),
      }
    }
    const record = (userId: string, permissions: string[], now = T0) => ({
      userId,
      permissions,
      data: { plan: 'gold', limits: { daily: 5 } },
      createdAt: now,
      expiresAt: now + 60 * MIN,
      idleMs: 15 * MIN,
    })
    const session = (store: Store, id: string, now: number) =>
      store.authenticate({ now, limits: [], credential: { kind: 'session', id } })

    it('a revocation is seen on the very next request', async () => {
      const { here, there } = pair()
      await there.createSession('s', record('u', ['a']))
      assert.equal((await session(here, 's', T0 + 1)).status, 'ok')
      assert.equal((await session(here, 's', T0 + 2)).status, 'ok')
      assert.equal(await there.revokeSession('s'), true)
      assert.equal((await session(here, 's', T0 + 3)).status, 'missing')
    })

    it('a step-up, the count and an expiry are read every time', async () => {
      const { here, there } = pair()
      await there.createSession('s', record('u', ['a']))
      await session(here, 's', T0 + 1)
      await session(there, 's', T0 + 2)
      assert.equal(await there.reauthenticateSession('s', T0 + 3), true)
      const r = await session(here, 's', T0 + 4)
      assert.ok(r.status === 'ok' && r.record?.kind === 'session')
      assert.equal(r.record.authenticatedAt, T0 + 3)
      assert.equal(r.record.invocations, 3)
      assert.equal(r.record.lastSeenAt, T0 + 4)
      assert.equal((await session(here, 's', T0 + 4 + 15 * MIN)).status, 'expired')
    })

    it('a record recreated under the same id is answered in full', async () => {
      const { here, there } = pair()
      await there.createSession('s', record('u', ['a']))
      await session(here, 's', T0 + 1)
      await there.revokeSession('s')
      await there.createSession('s', record('v', ['b', 'c'], T0 + 2))
      const r = await session(here, 's', T0 + 3)
      assert.ok(r.status === 'ok' && r.record?.kind === 'session')
      assert.equal(r.record.userId, 'v')
      assert.deepEqual(r.record.permissions, ['b', 'c'])
      assert.equal(r.record.createdAt, T0 + 2)
    })

    it('an API key shortened by a rotation elsewhere expires on time', async () => {
      const { here, there } = pair()
      await there.createApiKey('k', { owner: 'o', scopes: ['r'], createdAt: T0, expiresAt: 0 })
      const key = (now: number) =>
        here.authenticate({ now, limits: [], credential: { kind: 'apiKey', id: 'k' } })
      assert.equal((await key(T0 + 1)).status, 'ok')
      await there.rotateApiKey('k', 'k2', { createdAt: T0 + 2, expiresAt: 0 }, T0 + 1000, T0 + 2)
      const r = await key(T0 + 3)
      assert.ok(r.status === 'ok' && r.record?.kind === 'apiKey')
      assert.equal(r.record.expiresAt, T0 + 1000)
      assert.equal((await key(T0 + 1000)).status, 'expired')
    })

    it('hands out frozen permissions and data, so a handler cannot change the next request', async () => {
      const { here, there } = pair()
      await there.createSession('s', record('u', ['a']))
      await session(here, 's', T0 + 1)
      const r = await session(here, 's', T0 + 2)
      assert.ok(r.status === 'ok' && r.record?.kind === 'session')
      const { permissions, data } = r.record
      assert.throws(() => (permissions as string[]).push('admin'), TypeError)
      assert.throws(() => {
        ;(data as { limits: { daily: number } }).limits.daily = 1e9
      }, TypeError)
    })
  })

  it("refreshes a session key's TTL once per step, always covering the session plus its grace", async () => {
    const store = redisStore(io, { prefix: `${prefix}ttl:`, timeout: TIMEOUT })
    // Real time here: TTLs run on Redis's clock.
    const start = Math.floor(Date.now() / TTL_STEP_MS) * TTL_STEP_MS + 1000
    const idleMs = 10 * MIN
    await store.createSession('s', {
      userId: 'u',
      permissions: [],
      createdAt: start,
      expiresAt: start + 60 * MIN,
      idleMs,
    })
    const ttl = async () => Number(await io.pttl(`${prefix}ttl:s:s`))
    const atCreation = await ttl()
    assert.ok(atCreation > idleMs + SESSION_TTL_MARGIN_MS - 5000, String(atCreation))
    await io.pexpire(`${prefix}ttl:s:s`, atCreation - 7000)
    const auth = (now: number) =>
      store.authenticate({ now, limits: [], credential: { kind: 'session', id: 's' } })
    // Same step: not refreshed (the 7 s taken off stay off).
    assert.equal((await auth(start + 30_000)).status, 'ok')
    assert.ok((await ttl()) < atCreation - 6000)
    // Next step: refreshed from this request.
    assert.equal((await auth(start + TTL_STEP_MS)).status, 'ok')
    const refreshed = await ttl()
    assert.ok(refreshed > idleMs + SESSION_TTL_MARGIN_MS - 5000, String(refreshed))
  })

  it('rejects a bad recordCacheSize', () => {
    assert.throws(
      () => redisStore(io, { recordCacheSize: -1 }),
      /redisStore.recordCacheSize must be a positive integer/,
    )
    assert.throws(() => redisStore(io, { recordCacheSize: 1.5 }), /positive integer/)
    assert.doesNotThrow(() => redisStore(io, { recordCacheSize: 0 }))
  })
})
