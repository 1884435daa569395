// The reference application end to end, over HTTP, the way a client uses it.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import type { Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { serveRoutes, serverUrl } from '@bulwark/guard'
import { skipUnless } from '../../test-support/services.js'
import { bankClient } from './src/client.js'

// A cheaper password hash (set before the bank's modules load, and inherited by the tours it
// spawns): the tests are about the flows, and a dozen OWASP-cost hashes take minutes on busy CI.
process.env.BANK_PASSWORD_COST = 'test'
const { DEMO_USERS, notificationsOf, seedDirectory } = await import('./src/directory.js')
const { routes } = await import('./src/routes.js')
const { handler: notifyTransfers } = await import('./src/handlers/transfer-notifications.js')
const { deliverLocallyTo } = await import('./src/announce-transfer.js')
const { sqsEvent } = await import('./src/local-sqs-event.js')

// No SQS queue here: the messages the transfers handler announces are collected for the consumer.
const announced: string[] = []
deliverLocallyTo((body) => announced.push(body))

const [alice, bob, manager] = DEMO_USERS as unknown as [
  (typeof DEMO_USERS)[number],
  (typeof DEMO_USERS)[number],
  (typeof DEMO_USERS)[number],
]

describe('the bank over HTTP (memory store)', () => {
  let server: Server
  let base: string
  before(async () => {
    await seedDirectory()
    server = await serveRoutes(routes, { port: 0 })
    base = serverUrl(server)
  })
  after(() => {
    server.closeAllConnections()
    server.close()
  })

  // An API key travels the same way a session token does: as the bearer credential.
  const call = (
    method: string,
    path: string,
    options: { token?: string; apiKey?: string; body?: unknown } = {},
  ) => {
    const token = options.token ?? options.apiKey
    return bankClient(base, 'bank-test')(method, path, {
      ...(token === undefined ? {} : { token }),
      ...(options.body === undefined ? {} : { body: options.body }),
    })
  }

  async function login(user: { username: string; password: string }) {
    const res = await call('POST', '/login', {
      body: { username: user.username, password: user.password },
    })
    assert.equal(res.status, 200, JSON.stringify(res.body))
    return res.body.token as string
  }

  it('keeps every route but /health and /login closed without a token', async () => {
    assert.equal((await call('GET', '/health')).status, 200)
    for (const [method, path] of [
      ['GET', '/accounts'],
      ['POST', '/transfers'],
      ['GET', '/sessions'],
      ['POST', '/password'],
      ['POST', '/api-keys'],
      ['GET', '/reports/daily'],
    ] as const) {
      const res = await call(method, path, { body: method === 'POST' ? {} : undefined })
      assert.equal(res.status, 401, `${method} ${path}`)
    }
  })

  it('moves money for the account owner only, with an audit trail and validation', async () => {
    const token = await login(alice)
    const before = (await call('GET', '/accounts', { token })).body.accounts[0].balance
    const ok = await call('POST', '/transfers', {
      token,
      body: { from: 'acc-u1', to: 'acc-u2', amount: 1234, currency: 'EUR' },
    })
    assert.equal(ok.status, 201)
    assert.equal(ok.body.balance, before - 12.34)
    // Bob's account is not Alice's to spend, and looks the same as no account at all.
    const theft = await call('POST', '/transfers', {
      token,
      body: { from: 'acc-u2', to: 'acc-u1', amount: 1, currency: 'EUR' },
    })
    assert.equal(theft.status, 404)
    const bad = await call('POST', '/transfers', {
      token,
      body: { from: 'acc-u1', to: 'acc-u2', amount: 1.5, currency: 'EUR' },
    })
    assert.equal(bad.status, 400)
    assert.equal(bad.body.issues[0].field, 'body.amount')
  })

  it('tells the payee of a transfer through the queue, and refuses a malformed message by id', async () => {
    const token = await login(alice)
    const sent = await call('POST', '/transfers', {
      token,
      body: { from: 'acc-u1', to: 'acc-u2', amount: 700, currency: 'EUR', reference: 'lunch' },
    })
    assert.equal(sent.status, 201)
    const message = announced.find((body) => JSON.parse(body).transactionId === sent.body.id)
    assert.ok(message, 'the transfer is announced on the queue')
    // Same message from a producer that sent the amount as a decimal string instead of cents.
    const malformed = JSON.stringify({
      ...JSON.parse(message),
      transactionId: 'tr-malformed',
      amount: '7.00',
    })
    const batch = sqsEvent([message, malformed])

    const answer = await notifyTransfers(batch)

    assert.deepEqual(answer, {
      batchItemFailures: [{ itemIdentifier: batch.Records[1]?.messageId }],
    })
    const bobs = await notificationsOf('u2')
    assert.deepEqual(
      bobs.filter((n) => n.transactionId === sent.body.id).map((n) => [n.amount, n.reference]),
      [[700, 'lunch']],
    )
    assert.ok(!bobs.some((n) => n.transactionId === 'tr-malformed'))
    // SQS delivers at least once: the same message again tells Bob nothing new.
    assert.deepEqual(await notifyTransfers(sqsEvent([message])), { batchItemFailures: [] })
    assert.equal((await notificationsOf('u2')).length, bobs.length)
  })

  it('refuses a manager the customer routes (permissions) and a customer the manager ones', async () => {
    const managerToken = await login(manager)
    const transfer = await call('POST', '/transfers', {
      token: managerToken,
      body: { from: 'acc-u3', to: 'acc-u1', amount: 1, currency: 'EUR' },
    })
    assert.equal(transfer.status, 403)
    assert.equal(transfer.body.code, 'ERR_FORBIDDEN')
    const aliceToken = await login(alice)
    assert.equal(
      (await call('POST', '/api-keys', { token: aliceToken, body: { name: 'x' } })).status,
      403,
    )
  })

  it('issues read-only API keys: they read reports and never move money', async () => {
    const token = await login(manager)
    const issued = await call('POST', '/api-keys', { token, body: { name: 'nightly report' } })
    assert.equal(issued.status, 201)
    assert.match(issued.body.key, /^bwk_/)
    const report = await call('GET', '/reports/daily', { apiKey: issued.body.key })
    assert.equal(report.status, 200)
    const transfer = await call('POST', '/transfers', {
      apiKey: issued.body.key,
      body: { from: 'acc-u3', to: 'acc-u1', amount: 1, currency: 'EUR' },
    })
    assert.equal(transfer.status, 401)
  })

  it('lists sessions, signs one device out, and ends them all on a password change', async () => {
    const phone = await login(bob)
    const laptop = await login(bob)
    const sessions = (await call('GET', '/sessions', { token: laptop })).body.sessions
    assert.ok(sessions.length >= 2)
    const phoneSession = sessions.find((s: { current: boolean }) => !s.current)
    assert.equal(
      (await call('DELETE', `/sessions/${phoneSession.id}`, { token: laptop })).status,
      200,
    )
    assert.equal((await call('GET', '/accounts', { token: phone })).status, 401)

    const changed = await call('POST', '/password', {
      token: laptop,
      body: { newPassword: 'a brand new passphrase' },
    })
    assert.equal(changed.status, 200)
    assert.equal((await call('GET', '/accounts', { token: laptop })).status, 401)
    const relogin = await call('POST', '/login', {
      body: { username: bob.username, password: 'a brand new passphrase' },
    })
    assert.equal(relogin.status, 200)
  })

  it('locks a username on one IP after five wrong passwords, and answers an unknown user alike', async () => {
    const wrong = { username: alice.username, password: 'not it' }
    const unknown = await call('POST', '/login', {
      body: { username: 'nobody-here', password: 'not it' },
    })
    const first = await call('POST', '/login', { body: wrong })
    assert.equal(unknown.status, first.status)
    assert.equal(unknown.body.error, first.body.error)
    assert.equal(unknown.body.code, first.body.code)
    for (let i = 0; i < 4; i++) await call('POST', '/login', { body: wrong })
    const locked = await call('POST', '/login', {
      body: { username: alice.username, password: alice.password },
    })
    assert.equal(locked.status, 429)
    assert.equal(locked.body.code, 'ERR_LOGIN_LOCKED')
    assert.ok(Number(locked.headers.get('retry-after')) >= 1)
  })
})

describe('npm start (the tour)', () => {
  const tour = (env: Record<string, string>) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'examples/bank/src/main.ts', '--once'], {
      env: { ...process.env, PORT: '0', ...env },
      encoding: 'utf8',
    })

  it('runs on embedded defaults', () => {
    const output = tour({ REDIS_URL: '' })
    assert.match(output, /store: memory/)
    assert.match(output, /POST \/transfers → 201/)
    assert.match(
      output,
      /SQS transfer-notifications \(2 messages\) → \{"batchItemFailures":\[\{"itemIdentifier":"[\w-]+"\}\]\}/,
    )
    assert.match(output, /bob's notifications: \[\{"owner":"u2","transactionId":"tr-/)
    assert.match(output, /POST \/logout → 204/)
    assert.match(output, /GET \/accounts → 401 .*ERR_AUTH_INVALID/)
    // The tour signs in once after one wrong password: one audit line each, written by the guard.
    const audits = (type: string) =>
      output.split('\n').filter((line) => line.includes(`"audit":true,"type":"${type}"`))
    assert.equal(audits('auth.login.failed').length, 1)
    assert.equal(audits('auth.login.succeeded').length, 1)
  })

  it('runs on Redis with REDIS_URL', async (t) => {
    const skip = await skipUnless('redis')
    if (skip) return t.skip(skip)
    const output = tour({ REDIS_URL: 'redis://127.0.0.1:6379' })
    assert.match(output, /store: redis/)
    assert.match(output, /POST \/transfers → 201/)
    assert.match(output, /GET \/accounts → 401/)
  })
})

describe('the auditor on the bank', () => {
  it('finds nothing to report: guarded handlers, per-function roles, throttling, alarms', () => {
    // Exit code 0 means no finding at or above the default --fail-on low.
    const output = execFileSync(
      process.execPath,
      ['packages/audit/dist/cli/main.js', 'audit', 'examples/bank', '--format', 'json'],
      { encoding: 'utf8' },
    )
    const report = JSON.parse(output) as {
      findings: unknown[]
      suppressed: Array<{ rule: string }>
    }
    assert.deepEqual(report.findings, [])
    // Suppressed, each with a reason: the demo passwords, and the notifications the consumer
    // writes to the in-memory directory that stands in for a database.
    assert.deepEqual(report.suppressed.map((s) => s.rule).sort(), [
      'hardcoded-secret',
      'module-scope-user-data',
    ])
  })
})
