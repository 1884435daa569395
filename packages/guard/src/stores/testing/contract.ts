// The contract every Store passes: the same cases run against memoryStore() and redisStore() over
// ioredis and node-redis (see memory.test.ts and redis/redis.test.ts). Times are explicit, so the
// cases move a logical clock instead of sleeping.
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { describe, it } from 'node:test'
import type {
  AuthenticateResult,
  LimitCheck,
  LoginBeginInput,
  SessionRecord,
  Store,
  SubjectLimitCheck,
} from '../types.js'

const T0 = Date.parse('2025-03-01T12:00:00Z')
const MIN = 60_000

const loginPolicy = {
  pairThreshold: 3,
  pairBaseDelayMs: 1000,
  pairMaxDelayMs: 8000,
  pairMemoryMs: 3_600_000,
  userThreshold: 5,
  userWindowMs: 3_600_000,
  userLockMs: 900_000,
}

function unique(label: string): string {
  return `${label}-${randomUUID()}`
}

function limit(key: string, max: number, windowMs: number, name = 'test'): LimitCheck {
  return { name, key, limit: max, windowMs }
}

function session(
  userId: string,
  now: number,
  overrides: Partial<SessionRecord> = {},
): SessionRecord {
  return {
    userId,
    permissions: ['notes:read', 'notes:write'],
    createdAt: now,
    expiresAt: now + 12 * 60 * MIN,
    idleMs: 15 * MIN,
    ...overrides,
  }
}

function assertStatus(result: AuthenticateResult, status: AuthenticateResult['status']): void {
  assert.equal(result.status, status, JSON.stringify(result))
}

/**
 * Registers the contract suite for one store.
 *
 * @example
 * storeContract('memory', () => memoryStore())
 */
export function storeContract(name: string, store: () => Store): void {
  describe(`store contract: ${name}`, () => {
    describe('rate limits (GCRA)', () => {
      it('admits a burst of exactly the limit, then one per interval', async () => {
        const s = store()
        const key = unique('burst')
        const remaining: number[] = []
        for (let i = 0; i < 3; i++) {
          const r = await s.authenticate({ now: T0, limits: [limit(key, 3, MIN)] })
          assertStatus(r, 'ok')
          remaining.push(r.limits[0]?.remaining ?? -1)
        }
        assert.deepEqual(remaining, [2, 1, 0])
        const denied = await s.authenticate({ now: T0, limits: [limit(key, 3, MIN)] })
        assert.equal(denied.status, 'limited')
        assert.equal(denied.status === 'limited' && denied.retryAfterMs, 20_000)
        assert.equal(denied.limits[0]?.remaining, 0)
        assert.equal(denied.limits[0]?.resetMs, MIN)
        const early = await s.authenticate({ now: T0 + 19_999, limits: [limit(key, 3, MIN)] })
        assert.equal(early.status === 'limited' && early.retryAfterMs, 1)
        const onTime = await s.authenticate({ now: T0 + 20_000, limits: [limit(key, 3, MIN)] })
        assertStatus(onTime, 'ok')
        assert.equal(onTime.limits[0]?.remaining, 0)
      })

      it('has no double burst at a window edge', async () => {
        const s = store()
        const key = unique('edge')
        // A fixed window would admit 3 before 12:01:00 and 3 more right after it.
        for (let i = 0; i < 3; i++) {
          assertStatus(
            await s.authenticate({ now: T0 + MIN - 100, limits: [limit(key, 3, MIN)] }),
            'ok',
          )
        }
        const after = await s.authenticate({ now: T0 + MIN + 100, limits: [limit(key, 3, MIN)] })
        assert.equal(after.status, 'limited')
        assert.equal(after.status === 'limited' && after.retryAfterMs, 19_800)
        // A full window later the whole burst is back, and not more.
        let admitted = 0
        for (let i = 0; i < 5; i++) {
          const r = await s.authenticate({ now: T0 + 2 * MIN - 100, limits: [limit(key, 3, MIN)] })
          if (r.status === 'ok') admitted++
        }
        assert.equal(admitted, 3)
      })

      it('keeps fractional intervals exact (7 per minute)', async () => {
        const s = store()
        const key = unique('frac')
        let admitted = 0
        // Over 5 minutes at one request per second: 7 (burst), then one per 60/7 s: 34 more by 299 s.
        for (let second = 0; second < 300; second++) {
          const r = await s.authenticate({ now: T0 + second * 1000, limits: [limit(key, 7, MIN)] })
          if (r.status === 'ok') admitted++
        }
        assert.equal(admitted, 7 + 34)
      })

      it('is all-or-nothing across the limits of one call', async () => {
        const s = store()
        const wide = unique('wide')
        const narrow = unique('narrow')
        await s.authenticate({ now: T0, limits: [limit(narrow, 1, MIN)] })
        const r = await s.authenticate({
          now: T0,
          limits: [limit(wide, 10, MIN, 'ip'), limit(narrow, 1, MIN, 'block')],
        })
        assert.equal(r.status, 'limited')
        assert.equal(r.status === 'limited' && r.denied.name, 'block')
        assert.equal(r.limits[0]?.remaining, 10, 'the wide limit was not consumed')
        const wideOnly = await s.authenticate({ now: T0, limits: [limit(wide, 10, MIN)] })
        assert.equal(wideOnly.limits[0]?.remaining, 9)
      })

      it('reports the longest wait when several limits deny', async () => {
        const s = store()
        const a = unique('a')
        const b = unique('b')
        await s.authenticate({ now: T0, limits: [limit(a, 1, 1000, 'a'), limit(b, 1, MIN, 'b')] })
        const r = await s.authenticate({
          now: T0,
          limits: [limit(a, 1, 1000, 'a'), limit(b, 1, MIN, 'b')],
        })
        assert.equal(r.status === 'limited' && r.denied.name, 'b')
        assert.equal(r.status === 'limited' && r.retryAfterMs, MIN)
      })

      it('resetLimits forgets a key', async () => {
        const s = store()
        const key = unique('reset')
        await s.authenticate({ now: T0, limits: [limit(key, 1, MIN)] })
        assert.equal(
          (await s.authenticate({ now: T0, limits: [limit(key, 1, MIN)] })).status,
          'limited',
        )
        await s.resetLimits([key])
        assertStatus(await s.authenticate({ now: T0, limits: [limit(key, 1, MIN)] }), 'ok')
      })
    })

    describe('sessions', () => {
      it('authenticates, counts invocations and refreshes last seen', async () => {
        const s = store()
        const id = unique('sid')
        const user = unique('user')
        await s.createSession(id, session(user, T0, { data: { plan: 'gold' }, device: 'iPhone' }))
        const first = await s.authenticate({
          now: T0 + 1000,
          limits: [],
          credential: { kind: 'session', id },
        })
        assertStatus(first, 'ok')
        const second = await s.authenticate({
          now: T0 + 2000,
          limits: [],
          credential: { kind: 'session', id },
        })
        assert.equal(second.status, 'ok')
        const record = second.status === 'ok' ? second.record : undefined
        assert.equal(record?.kind, 'session')
        if (record?.kind !== 'session') return
        assert.equal(record.userId, user)
        assert.deepEqual(record.permissions, ['notes:read', 'notes:write'])
        assert.deepEqual(record.data, { plan: 'gold' })
        assert.equal(record.device, 'iPhone')
        assert.equal(record.invocations, 2)
        assert.equal(record.lastSeenAt, T0 + 2000)
        assert.equal(record.authenticatedAt, T0)
        assert.equal(record.createdAt, T0)
        const [listed] = await s.listUserSessions(user, T0 + 3000)
        assert.equal(listed?.invocations, 2)
        assert.equal(listed?.lastSeenAt, T0 + 2000)
      })

      it('unknown ids are missing', async () => {
        const s = store()
        assertStatus(
          await s.authenticate({
            now: T0,
            limits: [],
            credential: { kind: 'session', id: unique('none') },
          }),
          'missing',
        )
      })

      it('expires after the idle timeout, counted from the last request', async () => {
        const s = store()
        const id = unique('idle')
        await s.createSession(id, session(unique('u'), T0))
        const at = (now: number) =>
          s.authenticate({ now, limits: [], credential: { kind: 'session', id } })
        assertStatus(await at(T0 + 14 * MIN), 'ok')
        assertStatus(await at(T0 + 28 * MIN), 'ok')
        assertStatus(await at(T0 + 43 * MIN), 'expired')
        assertStatus(await at(T0 + 43 * MIN + 1), 'missing')
      })

      it('expires at the absolute timeout however active it is', async () => {
        const s = store()
        const id = unique('abs')
        await s.createSession(id, session(unique('u'), T0, { expiresAt: T0 + 30 * MIN }))
        for (let minute = 10; minute < 30; minute += 10) {
          assertStatus(
            await s.authenticate({
              now: T0 + minute * MIN,
              limits: [],
              credential: { kind: 'session', id },
            }),
            'ok',
          )
        }
        assertStatus(
          await s.authenticate({
            now: T0 + 30 * MIN,
            limits: [],
            credential: { kind: 'session', id },
          }),
          'expired',
        )
      })

      it('revoke is visible on the very next call; revokeAll ends every session of a user', async () => {
        const s = store()
        const user = unique('u')
        const other = unique('other')
        const ids = [unique('a'), unique('b'), unique('c')]
        for (const id of ids) await s.createSession(id, session(user, T0))
        await s.createSession(`${ids[0]}-x`, session(other, T0))
        assert.equal(await s.revokeSession(ids[0] as string), true)
        assert.equal(await s.revokeSession(ids[0] as string), false)
        assertStatus(
          await s.authenticate({
            now: T0,
            limits: [],
            credential: { kind: 'session', id: ids[0] as string },
          }),
          'missing',
        )
        assert.deepEqual(
          (await s.listUserSessions(user, T0)).map((x) => x.id).sort(),
          [ids[1], ids[2]].sort(),
        )
        assert.equal(await s.revokeUserSessions(user), 2)
        assert.deepEqual(await s.listUserSessions(user, T0), [])
        for (const id of ids) {
          assertStatus(
            await s.authenticate({ now: T0, limits: [], credential: { kind: 'session', id } }),
            'missing',
          )
        }
        assertStatus(
          await s.authenticate({
            now: T0,
            limits: [],
            credential: { kind: 'session', id: `${ids[0]}-x` },
          }),
          'ok',
        )
      })

      it('list prunes expired sessions and sorts by creation', async () => {
        const s = store()
        const user = unique('u')
        await s.createSession('late', session(user, T0 + 1000))
        await s.createSession('early', session(user, T0, { idleMs: 5 * MIN }))
        await s.createSession('short', session(user, T0, { idleMs: MIN }))
        const listed = await s.listUserSessions(user, T0 + 2 * MIN)
        assert.deepEqual(
          listed.map((x) => x.id),
          ['early', 'late'],
        )
        assert.equal(listed[0]?.idleMs, 5 * MIN)
        await s.revokeUserSessions(user)
      })

      it('reauthenticate moves authenticatedAt, and not on a dead session', async () => {
        const s = store()
        const id = unique('step')
        await s.createSession(id, session(unique('u'), T0))
        assert.equal(await s.reauthenticateSession(id, T0 + 5 * MIN), true)
        const r = await s.authenticate({
          now: T0 + 6 * MIN,
          limits: [],
          credential: { kind: 'session', id },
        })
        assert.equal(
          r.status === 'ok' && r.record?.kind === 'session' && r.record.authenticatedAt,
          T0 + 5 * MIN,
        )
        assert.equal(await s.reauthenticateSession(id, T0 + 60 * MIN), false)
        assert.equal(await s.reauthenticateSession(unique('none'), T0), false)
      })

      it('checks pre-auth limits first, then the user limit in the same call', async () => {
        const s = store()
        const id = unique('lim')
        const user = unique('u')
        await s.createSession(id, session(user, T0))
        const ip = unique('ip')
        const userLimit: SubjectLimitCheck = {
          name: 'user',
          keyPrefix: `${unique('user')}:`,
          subject: 'user',
          limit: 2,
          windowMs: MIN,
        }
        const call = () =>
          s.authenticate({
            now: T0,
            limits: [limit(ip, 3, MIN, 'ip')],
            credential: { kind: 'session', id },
            subjectLimits: [userLimit],
          })
        const ok1 = await call()
        assertStatus(ok1, 'ok')
        assert.deepEqual(
          ok1.limits.map((l) => [l.name, l.remaining]),
          [
            ['ip', 2],
            ['user', 1],
          ],
        )
        assertStatus(await call(), 'ok')
        const third = await call()
        assert.equal(third.status, 'limited')
        assert.equal(third.status === 'limited' && third.denied.name, 'user')
        const fourth = await call()
        assert.equal(fourth.status === 'limited' && fourth.denied.name, 'ip')
        const [listed] = await s.listUserSessions(user, T0)
        assert.equal(listed?.invocations, 2, 'limited requests are not counted')
      })

      it('a pre-auth denial does not touch the credential', async () => {
        const s = store()
        const id = unique('pre')
        const user = unique('u')
        await s.createSession(id, session(user, T0))
        const ip = unique('ip')
        await s.authenticate({ now: T0, limits: [limit(ip, 1, MIN)] })
        const r = await s.authenticate({
          now: T0,
          limits: [limit(ip, 1, MIN)],
          credential: { kind: 'session', id },
        })
        assert.equal(r.status, 'limited')
        assert.equal((await s.listUserSessions(user, T0))[0]?.invocations, 0)
      })
    })

    describe('API keys', () => {
      it('authenticates with per-key and per-owner limits, counts use', async () => {
        const s = store()
        const id = unique('key')
        const owner = unique('owner')
        await s.createApiKey(id, {
          owner,
          scopes: ['reports:read'],
          name: 'ci',
          createdAt: T0,
          expiresAt: 0,
        })
        const perKey: SubjectLimitCheck = {
          name: 'apiKey',
          keyPrefix: `${unique('k')}:`,
          subject: 'credential',
          limit: 1,
          windowMs: MIN,
        }
        const r = await s.authenticate({
          now: T0 + 10,
          limits: [],
          credential: { kind: 'apiKey', id },
          subjectLimits: [perKey],
        })
        assert.equal(r.status, 'ok')
        const record = r.status === 'ok' ? r.record : undefined
        assert.equal(record?.kind, 'apiKey')
        if (record?.kind !== 'apiKey') return
        assert.deepEqual(
          {
            owner: record.owner,
            scopes: record.scopes,
            name: record.name,
            n: record.invocations,
            last: record.lastUsedAt,
          },
          { owner, scopes: ['reports:read'], name: 'ci', n: 1, last: T0 + 10 },
        )
        const again = await s.authenticate({
          now: T0 + 20,
          limits: [],
          credential: { kind: 'apiKey', id },
          subjectLimits: [perKey],
        })
        assert.equal(again.status === 'limited' && again.denied.name, 'apiKey')
        const listed = await s.listApiKeys(owner, T0 + 30)
        assert.deepEqual(
          listed.map((k) => [k.id, k.invocations]),
          [[id, 1]],
        )
      })

      it('expires, revokes, and rotates with a grace period', async () => {
        const s = store()
        const owner = unique('owner')
        const expiring = unique('exp')
        await s.createApiKey(expiring, { owner, scopes: [], createdAt: T0, expiresAt: T0 + MIN })
        assertStatus(
          await s.authenticate({
            now: T0 + MIN,
            limits: [],
            credential: { kind: 'apiKey', id: expiring },
          }),
          'expired',
        )

        const old = unique('old')
        const next = unique('new')
        await s.createApiKey(old, {
          owner,
          scopes: ['a'],
          name: 'deploy',
          createdAt: T0,
          expiresAt: 0,
        })
        const rotated = await s.rotateApiKey(
          old,
          next,
          { createdAt: T0 + 1, expiresAt: 0 },
          T0 + 10 * MIN,
          T0 + 1,
        )
        assert.deepEqual(rotated, {
          id: next,
          owner,
          scopes: ['a'],
          name: 'deploy',
          createdAt: T0 + 1,
          expiresAt: 0,
          lastUsedAt: 0,
          invocations: 0,
        })
        assertStatus(
          await s.authenticate({
            now: T0 + 9 * MIN,
            limits: [],
            credential: { kind: 'apiKey', id: old },
          }),
          'ok',
        )
        assertStatus(
          await s.authenticate({
            now: T0 + 9 * MIN,
            limits: [],
            credential: { kind: 'apiKey', id: next },
          }),
          'ok',
        )
        assert.deepEqual(
          (await s.listApiKeys(owner, T0 + 9 * MIN)).map((k) => k.id),
          [old, next],
        )
        assertStatus(
          await s.authenticate({
            now: T0 + 10 * MIN,
            limits: [],
            credential: { kind: 'apiKey', id: old },
          }),
          'expired',
        )
        assert.equal(
          await s.rotateApiKey(
            old,
            unique('x'),
            { createdAt: T0, expiresAt: 0 },
            T0 + 20 * MIN,
            T0 + 11 * MIN,
          ),
          undefined,
          'an expired key cannot be rotated',
        )
        assert.equal(await s.revokeApiKey(next), true)
        assert.equal(await s.revokeApiKey(next), false)
        assertStatus(
          await s.authenticate({
            now: T0 + 11 * MIN,
            limits: [],
            credential: { kind: 'apiKey', id: next },
          }),
          'missing',
        )
        assert.deepEqual(await s.listApiKeys(owner, T0 + 11 * MIN), [])
      })
    })

    describe('JWT revocation', () => {
      it('revokes one jti until its expiry', async () => {
        const s = store()
        const jti = unique('jti')
        const user = unique('u')
        const jwt = { kind: 'jwt' as const, userId: user, issuedAt: T0, jti }
        assertStatus(await s.authenticate({ now: T0, limits: [], credential: jwt }), 'ok')
        assert.equal(await s.isJtiRevoked(jti, T0), false)
        await s.revokeJti(jti, T0 + 10 * MIN, T0)
        assert.equal(await s.isJtiRevoked(jti, T0 + MIN), true)
        assertStatus(
          await s.authenticate({ now: T0 + MIN, limits: [], credential: jwt }),
          'revoked',
        )
        assert.equal(await s.isJtiRevoked(jti, T0 + 10 * MIN), false)
      })

      it('revokes every token of a user issued before a moment, never moving it back', async () => {
        const s = store()
        const user = unique('u')
        await s.revokeUserTokensBefore(user, T0 + MIN, T0 + MIN)
        await s.revokeUserTokensBefore(user, T0, T0 + MIN)
        const at = (issuedAt: number) =>
          s.authenticate({
            now: T0 + 2 * MIN,
            limits: [],
            credential: { kind: 'jwt', userId: user, issuedAt },
          })
        assertStatus(await at(T0 + MIN - 1), 'revoked')
        assertStatus(await at(T0 + MIN), 'ok')
        const limited = await s.authenticate({
          now: T0 + 2 * MIN,
          limits: [],
          credential: { kind: 'jwt', userId: user, issuedAt: T0 + MIN },
          subjectLimits: [
            {
              name: 'user',
              keyPrefix: `${unique('jwtuser')}:`,
              subject: 'user',
              limit: 1,
              windowMs: MIN,
            },
          ],
        })
        assert.equal(limited.status === 'ok' && limited.record?.kind, 'jwt')
      })
    })

    describe('login protection', () => {
      function keys(user = unique('user'), ip = '203.0.113.7') {
        return { user, ip, ipBlock: '203.0.113.0/24' }
      }
      const begin = (
        s: Store,
        k: ReturnType<typeof keys>,
        now: number,
        policy: Partial<LoginBeginInput> = {},
      ) => s.loginBegin({ ...loginPolicy, ...k, now, ...policy })

      it('locks a username+IP pair at the threshold with a doubling delay, and success resets it', async () => {
        const s = store()
        const k = keys()
        const begin = (s: Store, k: ReturnType<typeof keys>, now: number) =>
          s.loginBegin({ ...loginPolicy, ...k, now, userThreshold: 100 })
        const r1 = await begin(s, k, T0)
        assert.deepEqual(r1, { allowed: true, pairFailures: 1, userFailures: 1 })
        await begin(s, k, T0)
        const r3 = await begin(s, k, T0)
        assert.deepEqual(r3, {
          allowed: true,
          pairFailures: 3,
          userFailures: 3,
          lockedUntil: T0 + 1000,
          lockScope: 'pair',
        })
        assert.deepEqual(await begin(s, k, T0 + 999), {
          allowed: false,
          scope: 'pair',
          lockedUntil: T0 + 1000,
        })
        const r4 = await begin(s, k, T0 + 1000)
        assert.equal(r4.allowed && r4.lockedUntil, T0 + 3000, 'the second lock lasts 2 s')
        assert.equal((await begin(s, k, T0 + 2999)).allowed, false)
        const r5 = await begin(s, k, T0 + 3000)
        assert.equal(r5.allowed && r5.lockedUntil, T0 + 7000, '4 s')
        const r6 = await begin(s, k, T0 + 7000)
        assert.equal(r6.allowed && r6.lockedUntil, T0 + 15_000, 'capped at 8 s')
        // The right password arrives after the lock: the pair is cleared.
        await s.loginSucceeded({ ...k, now: T0 + 15_000, userWindowMs: loginPolicy.userWindowMs })
        assert.deepEqual(await begin(s, k, T0 + 15_000), {
          allowed: true,
          pairFailures: 1,
          userFailures: 6,
        })
      })

      it('a lock of one pair leaves the same user on another IP alone', async () => {
        const s = store()
        const user = unique('user')
        for (let i = 0; i < 4; i++) await begin(s, keys(user, '198.51.100.1'), T0)
        assert.equal((await begin(s, keys(user, '198.51.100.1'), T0)).allowed, false)
        assert.equal((await begin(s, keys(user, '198.51.100.2'), T0)).allowed, true)
      })

      it('locks the username everywhere at the higher threshold, within its window', async () => {
        const s = store()
        const user = unique('user')
        for (let i = 1; i <= 4; i++) {
          assert.equal((await begin(s, keys(user, `192.0.2.${i}`), T0)).allowed, true)
        }
        const fifth = await begin(s, keys(user, '192.0.2.5'), T0)
        assert.deepEqual(fifth, {
          allowed: true,
          pairFailures: 1,
          userFailures: 5,
          lockedUntil: T0 + 900_000,
          lockScope: 'user',
        })
        assert.deepEqual(await begin(s, keys(user, '192.0.2.99'), T0 + 1), {
          allowed: false,
          scope: 'user',
          lockedUntil: T0 + 900_000,
        })
        assert.equal((await begin(s, keys(user, '192.0.2.99'), T0 + 900_000)).allowed, true)
      })

      it('forgets username failures after the window and pair failures after their memory', async () => {
        const s = store()
        const user = unique('user')
        for (let i = 1; i <= 4; i++) await begin(s, keys(user, `192.0.2.${i}`), T0)
        const later = await begin(s, keys(user, '192.0.2.1'), T0 + 3_600_000)
        assert.deepEqual(later, { allowed: true, pairFailures: 1, userFailures: 1 })
      })

      it('success takes back the attempt from the username count', async () => {
        const s = store()
        const k = keys()
        await begin(s, k, T0)
        await s.loginSucceeded({ ...k, now: T0, userWindowMs: loginPolicy.userWindowMs })
        const next = await begin(s, keys(k.user, '192.0.2.50'), T0)
        assert.equal(next.allowed && next.userFailures, 1)
      })

      it('counts failures per IP and per block within a window', async () => {
        const s = store()
        const ip = unique('ip')
        const block = unique('block')
        const failed = (now: number, which = ip) =>
          s.loginFailed({ user: 'x', ip: which, ipBlock: block, now, windowMs: MIN })
        assert.deepEqual(await failed(T0), { ipFailures: 1, blockFailures: 1 })
        assert.deepEqual(await failed(T0 + 1), { ipFailures: 2, blockFailures: 2 })
        assert.deepEqual(await failed(T0 + 2, `${ip}-2`), { ipFailures: 1, blockFailures: 3 })
        assert.deepEqual(await failed(T0 + MIN), { ipFailures: 1, blockFailures: 1 })
      })
    })

    describe('alert de-duplication', () => {
      it('sends the first of a window and reports the suppressed ones with the next', async () => {
        const s = store()
        const fp = unique('fp')
        assert.deepEqual(await s.countAlert(fp, MIN, T0), { first: true, suppressed: 0 })
        assert.deepEqual(await s.countAlert(fp, MIN, T0 + 1), { first: false, suppressed: 0 })
        assert.deepEqual(await s.countAlert(fp, MIN, T0 + MIN - 1), { first: false, suppressed: 0 })
        assert.deepEqual(await s.countAlert(unique('fp'), MIN, T0 + 2), {
          first: true,
          suppressed: 0,
        })
        assert.deepEqual(await s.countAlert(fp, MIN, T0 + MIN), { first: true, suppressed: 2 })
        assert.deepEqual(await s.countAlert(fp, MIN, T0 + MIN + 5), { first: false, suppressed: 0 })
        assert.deepEqual(await s.countAlert(fp, MIN, T0 + 10 * MIN), { first: true, suppressed: 1 })
      })

      it('lets exactly one of many simultaneous occurrences through', async () => {
        const s = store()
        const fp = unique('fp')
        const decisions = await Promise.all(
          Array.from({ length: 25 }, () => s.countAlert(fp, MIN, T0)),
        )
        assert.equal(decisions.filter((d) => d.first).length, 1)
        assert.deepEqual(await s.countAlert(fp, MIN, T0 + MIN), { first: true, suppressed: 24 })
      })
    })
  })
}
