// The observability of the whole pipeline: what a guarded handler writes, end to end.
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { json } from '../core/response.js'
import { createGuard } from '../guard.js'
import { memoryStore } from '../stores/memory.js'
import { httpApiEvent, lambdaContext, readResult, restApiEvent } from '../testing/lambda-events.js'
import { stderrAlerts } from './alerts/stderr-alerts.js'
import { webhookAlerts } from './alerts/webhook-alerts.js'
import { registerSecret } from './redact/secret-registry.js'
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver.js'

type Line = Record<string, unknown>

function capture() {
  const lines: string[] = []
  return {
    lines,
    write: (line: string) => void lines.push(line),
    parsed: (): Line[] => lines.map((line) => JSON.parse(line) as Line),
  }
}

const unique = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`

describe('a failing handler leaks nothing, in any output', () => {
  let receiver: WebhookReceiver
  before(async () => {
    receiver = await startWebhookReceiver()
  })
  after(() => receiver.close())

  it('logs the redacted record, alerts without request data, answers a generic 500', async () => {
    const password = unique('Pw-')
    const token = unique('sess_')
    const apiKey = unique('bwk_')
    const sessionCookie = unique('sid')
    const dbPassword = unique('db-')
    registerSecret(dbPassword)
    const card = '4111 1111 1111 1111'
    const out = capture()
    const alertLines = capture()
    const guard = createGuard({
      log: { write: out.write },
      metrics: {},
      alerts: {
        sinks: [
          stderrAlerts({ write: alertLines.write }),
          webhookAlerts(`${receiver.url}/hook/T1/B1/x`, { timeoutMs: 60_000 }),
        ],
        maxWait: '60s',
      },
    })
    const handler = guard.http({ auth: 'public', name: 'POST /transfers' }, async (req, ctx) => {
      ctx.log.info('transfer requested', { body: req.body, headers: req.headers })
      ctx.audit('payment.transaction', {
        transactionId: 'tx_1',
        amount: 10,
        currency: 'EUR',
        account: card,
      })
      throw new Error(`ledger refused card ${card} with password=${password} and token ${token}`, {
        cause: new Error(`connect failed for db user app / ${dbPassword}`),
      })
    })
    const event = restApiEvent({
      method: 'POST',
      path: '/transfers',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-api-key': apiKey,
        cookie: `theme=dark; sid=${sessionCookie}`,
      },
      body: JSON.stringify({ to: 'acc_7', amount: 10, password, note: `my key is ${apiKey}` }),
    })
    const result = readResult(await handler(event, lambdaContext()))

    assert.equal(result.status, 500)
    assert.deepEqual(Object.keys(result.json()).sort(), ['code', 'error', 'requestId'])

    const everything = [
      ...out.lines,
      ...alertLines.lines,
      ...receiver.received.map((r) => r.body),
      result.body,
    ]
    for (const secret of [
      password,
      token,
      apiKey,
      sessionCookie,
      dbPassword,
      card,
      card.replaceAll(' ', ''),
    ]) {
      for (const line of everything)
        assert.ok(!line.includes(secret), `${secret} leaked in ${line}`)
    }

    const lines = out.parsed()
    const logged = lines.find((l) => l.message === 'transfer requested') as Line
    assert.equal((logged.body as Line).password, '[REDACTED]')
    assert.equal((logged.headers as Line).authorization, '[REDACTED]')
    assert.equal(logged.route, 'POST /transfers')
    assert.equal(logged.requestId, 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef')
    assert.equal(typeof logged.coldStart, 'boolean')

    const record = lines.find((l) => l.message === 'request failed') as Line
    assert.equal(record.level, 'error')
    assert.equal(record.status, 500)
    const error = record.error as Line
    assert.match(
      String(error.stack),
      /^Error: ledger refused card \[REDACTED\] with password=\[REDACTED\] and token/,
    )
    assert.match(
      String((error.cause as Line).message),
      /connect failed for db user app \/ \[REDACTED\]/,
    )
    const request = record.request as Line
    assert.equal(request.method, 'POST')
    assert.deepEqual((request.body as Line).password, '[REDACTED]')
    assert.equal((request.headers as Line)['x-api-key'], '[REDACTED]')
    const state = record.state as Line
    assert.equal(state.remainingTimeMs, 3000)
    assert.equal(typeof state.memoryUsedMb, 'number')

    const audit = lines.find((l) => l.audit === true) as Line
    assert.equal(audit.type, 'payment.transaction')
    assert.equal(audit.account, '[REDACTED]')
    assert.equal(audit.ip, '192.0.2.10')
    assert.equal(audit.requestId, 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef')
    assert.equal(audit.actor, null)

    const metrics = lines.find((l) => l._aws !== undefined) as Line
    assert.equal(metrics.Errors, 1)
    assert.equal(metrics.Invocations, 1)

    const alert = JSON.parse(alertLines.lines[0] as string) as Line
    assert.deepEqual(Object.keys(alert).sort(), [
      'alert',
      'code',
      'count',
      'errorName',
      'fingerprint',
      'function',
      'requestId',
      'route',
      'suppressed',
      'text',
      'time',
      'windowMs',
    ])
    assert.equal(alert.route, 'POST /transfers')
    const delivered = JSON.parse(receiver.received[0]?.body ?? '{}') as Line
    assert.match(String(delivered.text), /ERR_INTERNAL \(Error\) on POST \/transfers/)
  })
})

describe('an authenticated request that fails', () => {
  it('leaks neither its session token, nor the password in its body, nor the secret in the error', async () => {
    const out = capture()
    const alertLines = capture()
    const guard = createGuard({
      store: memoryStore(),
      log: { write: out.write },
      alerts: { sinks: [stderrAlerts({ write: alertLines.write })], maxWait: '60s' },
    })
    const { token } = await guard.sessions.create({
      userId: 'u-42',
      permissions: ['transfers:create'],
    })
    const password = unique('Pw!')
    const apiSecret = unique('ledger-')
    registerSecret(apiSecret)
    const handler = guard.http(
      { auth: { permissions: ['transfers:create'] }, name: 'POST /transfers' },
      async (req, ctx) => {
        ctx.log.info('checking', { body: req.body })
        throw new Error(`ledger said no to ${token} (password ${password}, key ${apiSecret})`)
      },
    )
    const result = readResult(
      await handler(
        httpApiEvent({
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 5, password, confirm: { password } }),
        }),
        lambdaContext(),
      ),
    )
    assert.equal(result.status, 500)
    const everything = [...out.lines, ...alertLines.lines, result.body]
    for (const secret of [token, token.slice(4), password, apiSecret]) {
      for (const line of everything)
        assert.ok(!line.includes(secret), `${secret} leaked in ${line}`)
    }
    const lines = out.parsed()
    const record = lines.find((l) => l.message === 'request failed') as Line
    assert.equal(record.userId, 'u-42')
    assert.match(
      String((record.error as Line).message),
      /^ledger said no to \[REDACTED\] \(password \[REDACTED\], key \[REDACTED\]\)$/,
    )
    assert.equal(((record.request as Line).headers as Line).authorization, '[REDACTED]')
    const logged = lines.find((l) => l.message === 'checking') as Line
    assert.deepEqual(logged.body, {
      amount: 5,
      password: '[REDACTED]',
      confirm: { password: '[REDACTED]' },
    })
    assert.equal(alertLines.lines.length, 1)
  })

  it('names the refused user in auth.denied and counts failed logins', async () => {
    const out = capture()
    const guard = createGuard({
      store: memoryStore(),
      log: { write: out.write },
      metrics: {},
      login: { minFailureTime: 0 },
    })
    const { token } = await guard.sessions.create({ userId: 'u-7', permissions: [] })
    const admin = guard.http({ auth: { permissions: ['admin'] }, name: 'GET /admin' }, () => ({}))
    assert.equal(
      readResult(await admin(httpApiEvent({ headers: { authorization: `Bearer ${token}` } })))
        .status,
      403,
    )
    const denied = out.parsed().find((l) => l.type === 'auth.denied') as Line
    assert.deepEqual([denied.actor, denied.status, denied.reason], ['u-7', 403, 'ERR_FORBIDDEN'])

    const from = out.lines.length
    await assert.rejects(
      guard.login.attempt({ username: 'mallory', ip: '198.51.100.9' }, () => false),
    )
    const lines = out.parsed().slice(from)
    const failed = lines.find((l) => l.type === 'auth.login.failed') as Line
    assert.deepEqual([failed.reason, failed.ip, failed.failures], ['invalid', '198.51.100.9', 1])
    assert.notEqual(failed.user, 'mallory')
    assert.ok(!out.lines.slice(from).some((line) => line.includes('mallory')))
    const metric = lines.find((l) => l._aws !== undefined) as Line
    assert.equal(metric.LoginFailures, 1)
  })
})

describe('security events and metrics from the pipeline', () => {
  const out = capture()
  const guard = createGuard({
    log: { write: out.write },
    cors: { origins: ['https://app.example.com'] },
    metrics: { namespace: 'Bank', service: 'bank-api' },
  })
  const linesOf = (from: number) => out.parsed().slice(from)

  it('records a refused preflight and a request from a refused origin', async () => {
    const from = out.lines.length
    const handler = guard.http({ auth: 'public', name: 'GET /notes' }, () => ({ ok: true }))
    await handler(
      httpApiEvent({
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
      }),
    )
    await handler(httpApiEvent({ headers: { origin: 'https://evil.example' } }))
    const events = linesOf(from).filter((l) => l.type === 'security.cors.rejected')
    assert.deepEqual(
      events.map((e) => [e.origin, e.preflight, e.route]),
      [
        ['https://evil.example', true, 'GET /notes'],
        ['https://evil.example', false, 'GET /notes'],
      ],
    )
  })

  it('records a refused caller and counts it as an auth failure', async () => {
    const from = out.lines.length
    const handler = guard.http({ auth: {}, name: 'GET /me' }, () => ({ ok: true }))
    const result = readResult(
      await handler(httpApiEvent({ headers: { authorization: 'Bearer nope-nope-nope' } })),
    )
    assert.equal(result.status, 401)
    const lines = linesOf(from)
    const denied = lines.find((l) => l.type === 'auth.denied') as Line
    assert.deepEqual(
      [denied.reason, denied.status, denied.route, denied.ip],
      ['ERR_AUTH_INVALID', 401, 'GET /me', '192.0.2.20'],
    )
    const metrics = lines.find((l) => l._aws !== undefined) as Line
    assert.deepEqual([metrics.AuthFailures, metrics.Errors, metrics.Service], [1, 0, 'bank-api'])
    assert.ok(!JSON.stringify(lines).includes('nope-nope-nope'))
  })

  it('records rejected input with the field, never the value', async () => {
    const from = out.lines.length
    const handler = guard.http(
      { auth: 'public', name: 'POST /notes', limits: { maxStringLength: 8 } },
      () => ({}),
    )
    const result = readResult(
      await handler(
        httpApiEvent({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'a much too long title' }),
        }),
      ),
    )
    assert.equal(result.status, 400)
    const rejected = linesOf(from).find((l) => l.type === 'security.input.rejected') as Line
    assert.equal(rejected.code, 'ERR_STRING_TOO_LONG')
    assert.equal(rejected.field, 'body.title')
    assert.ok(!JSON.stringify(rejected).includes('much too long'))
  })

  it('writes one metrics line per invocation with the latency', async () => {
    const from = out.lines.length
    const handler = guard.http({ auth: 'public', name: 'GET /ok' }, () => json(200, {}))
    await handler(httpApiEvent())
    await handler(httpApiEvent())
    const metrics = linesOf(from).filter((l) => l._aws !== undefined)
    assert.equal(metrics.length, 2)
    for (const line of metrics) {
      assert.equal(line.Invocations, 1)
      assert.equal(typeof line.Latency, 'number')
      assert.equal(((line._aws as Line).CloudWatchMetrics as Line[])[0]?.Namespace, 'Bank')
    }
  })

  it('types ctx.audit from the catalogue', () => {
    guard.http({ auth: 'public' }, (_req, ctx) => {
      ctx.audit('data.deleted', { collection: 'notes', recordId: 'n_1' })
      // @ts-expect-error: not an event of the catalogue
      ctx.audit('data.vanished', { collection: 'notes', recordId: 'n_1' })
      // @ts-expect-error: a required field is missing
      ctx.audit('payment.transaction', { transactionId: 'tx', amount: 1, currency: 'EUR' })
      return {}
    })
  })
})

describe('a logger of your own', () => {
  it('receives redacted lines and the audit events, and no metrics by default', async () => {
    const received: [string, Record<string, unknown> | undefined][] = []
    const record = (message: string, fields?: Readonly<Record<string, unknown>>) =>
      void received.push([message, fields])
    const guard = createGuard({
      logger: { error: record, warn: record, info: record, debug: record },
    })
    const handler = guard.http({ auth: 'public', name: 'GET /x' }, (_req, ctx) => {
      ctx.log.info('hello', { password: 'p4ssw0rd!' })
      ctx.audit('data.created', { collection: 'notes', recordId: 'n_1' })
      return {}
    })
    await handler(httpApiEvent())
    assert.deepEqual(
      received.map(([message]) => message),
      ['hello', 'audit'],
    )
    assert.equal(received[0]?.[1]?.password, '[REDACTED]')
    assert.equal(received[1]?.[1]?.type, 'data.created')
  })
})

describe('metrics by default', () => {
  it('are written on Lambda and not on a local run', async () => {
    const linesWith = async (functionName: string | undefined) => {
      const out = capture()
      const previous = process.env.AWS_LAMBDA_FUNCTION_NAME
      if (functionName === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME
      else process.env.AWS_LAMBDA_FUNCTION_NAME = functionName
      try {
        const guard = createGuard({ log: { write: out.write } })
        await guard.http({ auth: 'public' }, () => ({}))(httpApiEvent())
      } finally {
        if (previous === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME
        else process.env.AWS_LAMBDA_FUNCTION_NAME = previous
      }
      return out.parsed().filter((l) => l._aws !== undefined)
    }
    assert.equal((await linesWith(undefined)).length, 0)
    const [line] = await linesWith('bank-transfers')
    assert.deepEqual([line?.Service, line?.Invocations], ['bank-transfers', 1])
  })
})

describe('observability options', () => {
  it('are checked at construction', () => {
    assert.throws(
      () => createGuard({ log: { levle: 'info' } as never }),
      /`levle` is not an option of log; did you mean `level`\?/,
    )
    assert.throws(
      () => createGuard({ log: { level: 'loud' as never } }),
      /log\.level must be one of/,
    )
    assert.throws(
      () => createGuard({ log: {}, logger: { error() {}, warn() {}, info() {}, debug() {} } }),
      /either `log`/,
    )
    assert.throws(
      () => createGuard({ alerts: { sinks: [], window: 'soon' } }),
      /alerts\.window must be a duration/,
    )
    assert.throws(() => createGuard({ alerts: [{ send: 1 }] as never }), /alert sinks/)
    assert.throws(
      () => createGuard({ redact: { keys: 'password' as never } }),
      /redact\.keys must be an array/,
    )
    assert.throws(() => createGuard({ metrics: { namespace: 1 as never } }), /metrics\.namespace/)
  })
})
