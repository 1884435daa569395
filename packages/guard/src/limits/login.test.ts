import assert from 'node:assert/strict'
import { scryptSync } from 'node:crypto'
import { describe, it } from 'node:test'
import { type Clock, manualClock, systemClock } from '../core/clock.js'
import { GuardError } from '../core/errors.js'
import { json } from '../core/response.js'
import { createGuard } from '../guard.js'
import { memoryStore } from '../stores/memory.js'
import { httpApiEvent, readResult } from '../testing/lambda-events.js'

function setup(clock: Clock = manualClock(), login = {}) {
  const lines: Record<string, unknown>[] = []
  const guard = createGuard({
    store: memoryStore(),
    clock,
    log: { write: (line: string) => void lines.push(JSON.parse(line)) },
    metrics: false,
    login: { minFailureTime: 0, ...login },
  })
  // Audit events of the catalogue (see src/log/audit-events.ts).
  const events = (type: string) => lines.filter((line) => line.audit === true && line.type === type)
  return { guard, clock, events }
}

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
    return 'ok'
  } catch (error) {
    if (error instanceof GuardError) return `${error.status} ${error.code}`
    throw error
  }
}

describe('guard.login.attempt', () => {
  it('locks, delays and resets: the sequence an attacker on one IP sees', async () => {
    // A failure is held back to the slowest recent verify, timed in real time (one GC pause on a
    // busy machine makes one slow). On a manual clock that wait would move the time, and with it
    // the lock durations this test checks to the millisecond; here the wait takes no time.
    const clock = manualClock()
    const { guard, events } = setup({ ...clock, sleep: async () => {} })
    const wrong = () => false
    const right = () => ({ id: 'u1' })
    const attempt = (verify: () => unknown, ip = '203.0.113.5') =>
      outcome(guard.login.attempt({ username: 'Alice', ip, device: 'curl' }, verify))
    for (let i = 0; i < 5; i++) assert.equal(await attempt(wrong), '401 ERR_LOGIN_FAILED')
    assert.equal(
      await attempt(right),
      '429 ERR_LOGIN_LOCKED',
      'locked even with the right password',
    )
    clock.advance(1000)
    assert.equal(await attempt(wrong), '401 ERR_LOGIN_FAILED')
    clock.advance(1999)
    assert.equal(await attempt(wrong), '429 ERR_LOGIN_LOCKED', 'the second lock lasts 2 s')
    clock.advance(1)
    assert.equal(await attempt(wrong), '401 ERR_LOGIN_FAILED')
    assert.equal(await attempt(right, '203.0.113.6'), 'ok', 'another IP is not locked out')
    clock.advance(4000)
    assert.equal(await attempt(right), 'ok')
    for (let i = 0; i < 4; i++) assert.equal(await attempt(wrong), '401 ERR_LOGIN_FAILED')
    assert.equal(await attempt(wrong), '401 ERR_LOGIN_FAILED', 'success reset the counter')
    assert.equal(await attempt(wrong), '429 ERR_LOGIN_LOCKED')
    const failed = (reason: string) =>
      events('auth.login.failed').filter((e) => e.reason === reason)
    assert.equal(failed('invalid').length, 12)
    assert.equal(events('auth.locked').length, 5)
    assert.ok(failed('locked').length >= 3)
    const failure = failed('invalid')[0] as Record<string, unknown>
    assert.equal(failure.ip, '203.0.113.5')
    assert.equal(failure.device, 'curl')
    assert.notEqual(failure.user, 'Alice', 'usernames are hashed in the trail')
    assert.equal(events('auth.login.succeeded').length, 2)
  })

  it('a distributed attack locks the username everywhere at the higher threshold', async () => {
    const { guard } = setup(manualClock(), { userThreshold: 10 })
    for (let i = 0; i < 10; i++) {
      const r = await outcome(
        guard.login.attempt({ username: 'bob', ip: `198.51.${i}.1` }, () => null),
      )
      assert.equal(r, '401 ERR_LOGIN_FAILED')
    }
    const fresh = await outcome(
      guard.login.attempt({ username: 'BOB ', ip: '192.0.2.77' }, () => true),
    )
    assert.equal(fresh, '429 ERR_LOGIN_LOCKED', 'case and spaces do not make a new username')
  })

  it('raises threshold events for failures from one IP and one block', async () => {
    const { guard, events } = setup(manualClock(), { ipAlertThreshold: 3, blockAlertThreshold: 4 })
    for (let i = 0; i < 4; i++) {
      await outcome(
        guard.login.attempt(
          { username: `user${i}`, ip: i < 3 ? '203.0.113.9' : '203.0.113.10' },
          () => false,
        ),
      )
    }
    assert.deepEqual(
      events('auth.login.threshold').map((e) => [e.scope, e.failures]),
      [
        ['ip', 3],
        ['ipBlock', 4],
      ],
    )
  })

  it('parallel guesses cannot outrun the lock', async () => {
    const { guard } = setup(manualClock(), { pairThreshold: 5 })
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        outcome(guard.login.attempt({ username: 'carol', ip: '192.0.2.1' }, async () => false)),
      ),
    )
    assert.equal(results.filter((r) => r === '401 ERR_LOGIN_FAILED').length, 5)
    assert.equal(results.filter((r) => r === '429 ERR_LOGIN_LOCKED').length, 45)
  })

  it('unknown user and wrong password: same status, same body, no faster', async () => {
    const { guard } = setup(systemClock, { minFailureTime: '20ms' })
    const salt = Buffer.from('0123456789abcdef')
    const stored = scryptSync('correct horse', salt, 32)
    const users = new Map([['dave', stored]])
    const login = guard.http({ auth: 'public' }, async (req) => {
      const { username, password } = JSON.parse(String(req.body ? JSON.stringify(req.body) : '{}'))
      await guard.login.attempt({ username, ip: req.ip }, () => {
        const hash = users.get(username)
        // The application's own verify: an unknown user returns at once, no hash computed.
        if (hash === undefined) return null
        return scryptSync(password, salt, 32).equals(hash) ? { username } : null
      })
      return json(200, { ok: true })
    })
    const post = async (username: string, ip: string) => {
      const started = performance.now()
      const result = readResult(
        await login(
          httpApiEvent({
            method: 'POST',
            sourceIp: ip,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ username, password: 'guess' }),
          }),
        ),
      )
      return { result, ms: performance.now() - started }
    }
    // Warm the instance's record of how long a real verify takes.
    await post('dave', '192.0.2.200')
    const wrong = await post('dave', '192.0.2.201')
    const unknown = await post('nobody', '192.0.2.202')
    assert.equal(wrong.result.status, 401)
    assert.equal(unknown.result.status, 401)
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined })
    assert.deepEqual(strip(unknown.result.json()), strip(wrong.result.json()))
    assert.deepEqual(strip(wrong.result.json()), {
      error: 'invalid username or password',
      code: 'ERR_LOGIN_FAILED',
      requestId: undefined,
    })
    // The unknown user waited at least as long as the slowest recent real verify.
    const scryptMs = (() => {
      const t = performance.now()
      scryptSync('x', salt, 32)
      return performance.now() - t
    })()
    assert.ok(
      unknown.ms >= Math.min(scryptMs, 20) * 0.5,
      `unknown ${unknown.ms} ms, scrypt ${scryptMs} ms`,
    )
  })

  it('rejects bad input and changes nothing', async () => {
    const { guard } = setup()
    await assert.rejects(
      guard.login.attempt({ username: 5 as never, ip: '1.2.3.4' }, () => true),
      TypeError,
    )
    await assert.rejects(
      guard.login.attempt({ username: 'x', ip: '1.2.3.4', pwd: 'y' } as never, () => true),
      /not an option/,
    )
    await assert.rejects(
      guard.login.attempt({ username: 'x', ip: '1.2.3.4' }, 'yes' as never),
      TypeError,
    )
    assert.equal(
      await outcome(guard.login.attempt({ username: 'x', ip: '1.2.3.4' }, () => true)),
      'ok',
    )
  })
})
