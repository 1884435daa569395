import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { SNSClient } from '@aws-sdk/client-sns'
import { ConfigError } from '../../core/errors.js'
import type { AlertSummary } from '../error-report.js'
import { createRedactor } from '../redact/redactor.js'
import { createLogger } from '../standalone.js'
import { type SnsEndpoint, startSnsEndpoint } from '../testing/sns-endpoint.js'
import { startWebhookReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js'
import type { Alert, AlertSink } from './alert.js'
import { memoryAlertCounter } from './alert-counter.js'
import { createAlerts } from './alerts.js'
import { snsAlerts } from './sns-alerts.js'
import { stderrAlerts } from './stderr-alerts.js'
import { webhookAlerts } from './webhook-alerts.js'

function summary(fingerprint = 'f00dfeedf00dfeed'): AlertSummary {
  return {
    code: 'ERR_INTERNAL',
    errorName: 'TypeError',
    fingerprint,
    route: 'POST /transfers',
    requestId: 'req-1',
    function: 'bank',
    time: '2025-01-01T00:00:00.000Z',
  }
}

function alert(): Alert {
  return { ...summary(), count: 1, suppressed: 0, windowMs: 1 }
}

function recordingSink(): AlertSink & { alerts: Alert[] } {
  const alerts: Alert[] = []
  return { name: 'recording', alerts, send: async (alert) => void alerts.push(alert) }
}

describe('memory alert counter', () => {
  it('lets the first of a window through and reports the suppressed ones with the next', async () => {
    const counter = memoryAlertCounter()
    assert.deepEqual(await counter.countAlert('a', 100, 1000), { first: true, suppressed: 0 })
    assert.deepEqual(await counter.countAlert('a', 100, 1000), { first: false, suppressed: 0 })
    assert.deepEqual(await counter.countAlert('a', 100, 1099), { first: false, suppressed: 0 })
    assert.deepEqual(await counter.countAlert('b', 100, 1050), { first: true, suppressed: 0 })
    assert.deepEqual(await counter.countAlert('a', 100, 1100), { first: true, suppressed: 2 })
    assert.deepEqual(await counter.countAlert('a', 100, 1100), { first: false, suppressed: 0 })
  })
})

describe('alert dispatch', () => {
  it('sends one alert per fingerprint per window', async () => {
    const sink = recordingSink()
    const alerts = createAlerts({ sinks: [sink], windowMs: 60_000 })
    await alerts.notify(summary('a'))
    await alerts.notify(summary('a'))
    await alerts.notify(summary('b'))
    assert.deepEqual(
      sink.alerts.map((a) => [a.fingerprint, a.count, a.suppressed, a.windowMs]),
      [
        ['a', 1, 0, 60_000],
        ['b', 1, 0, 60_000],
      ],
    )
  })
  it('does not wait for a slow sink beyond its bound, and the send still completes', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let delivered = false
    const slow: AlertSink = {
      name: 'slow',
      async send() {
        await gate
        delivered = true
      },
    }
    const alerts = createAlerts({ sinks: [slow], maxWaitMs: 20 })
    await alerts.notify(summary())
    assert.equal(delivered, false, 'notify resolved while the sink was still sending')
    release()
    await gate
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(delivered, true)
  })
  it('logs a failing sink once until it recovers, and never rejects', async () => {
    const lines: string[] = []
    const log = createLogger({ write: (l) => void lines.push(l) })
    let fail = true
    const flaky: AlertSink = {
      name: 'flaky',
      async send() {
        if (fail) throw new Error('down, see https://hooks.example.com/T1/B2?token=abc123')
      },
    }
    const alerts = createAlerts({ sinks: [flaky], log, windowMs: 1 })
    for (let i = 0; i < 3; i++) {
      await alerts.notify(summary(`f${i}`))
    }
    assert.equal(lines.length, 1)
    assert.match(lines[0] as string, /alerts: sink flaky failed/)
    assert.ok(!(lines[0] as string).includes('abc123'))
    fail = false
    await alerts.notify(summary('g'))
    assert.equal(lines.length, 2)
    assert.match(lines[1] as string, /sink flaky recovered/)
  })
  it('falls back to counting in process when the shared counter fails', async () => {
    const sink = recordingSink()
    const alerts = createAlerts({
      sinks: [sink],
      counter: {
        async countAlert() {
          throw new Error('store unreachable')
        },
      },
      log: createLogger({ level: 'silent' }),
    })
    await alerts.notify(summary('a'))
    await alerts.notify(summary('a'))
    assert.equal(sink.alerts.length, 1)
  })
  it('rejects what is not a sink', () => {
    assert.throws(() => createAlerts({ sinks: [{}] as never }), ConfigError)
    assert.throws(() => createAlerts({ sinks: 'x' as never }), ConfigError)
  })
})

describe('stderr alerts', () => {
  it('writes one JSON line with the summary text', async () => {
    const lines: string[] = []
    const alerts = createAlerts({ sinks: [stderrAlerts({ write: (l) => void lines.push(l) })] })
    await alerts.notify(summary())
    const line = JSON.parse(lines[0] as string)
    assert.equal(line.alert, true)
    assert.equal(line.fingerprint, 'f00dfeedf00dfeed')
    assert.match(
      line.text,
      /^Bulwark alert: ERR_INTERNAL \(TypeError\) on POST \/transfers in bank/,
    )
  })
})

describe('webhook alerts', () => {
  let receiver: WebhookReceiver
  before(async () => {
    receiver = await startWebhookReceiver()
  })
  after(() => receiver.close())

  it('posts Slack-compatible JSON to a real HTTP server', async () => {
    receiver.answer = 200
    const sink = webhookAlerts(`${receiver.url}/services/T0001/B0001/abcdEFGHijkl`, {
      timeoutMs: 60_000,
    })
    await createAlerts({ sinks: [sink], maxWaitMs: 60_000 }).notify(summary())
    const delivery = receiver.received.find((d) => d.path === '/services/T0001/B0001/abcdEFGHijkl')
    assert.equal(delivery?.contentType, 'application/json')
    const body = JSON.parse(delivery?.body ?? '')
    assert.deepEqual(Object.keys(body), ['text'])
    assert.match(body.text, /ERR_INTERNAL \(TypeError\) on POST \/transfers .* request id req-1$/)
  })
  it('registers the URL as a secret so it never appears in a log line', () => {
    webhookAlerts(`${receiver.url}/services/T9/B9/zzzSecretPath`)
    assert.equal(
      createRedactor().string('posting to /services/T9/B9/zzzSecretPath'),
      'posting to [REDACTED]',
    )
  })
  it('reports an error status', async () => {
    receiver.answer = 500
    await assert.rejects(
      webhookAlerts(`${receiver.url}/failing`).send(alert(), new AbortController().signal),
      /webhook answered HTTP 500/,
    )
  })
  it('gives up on a server that never answers', async () => {
    receiver.answer = 'stall'
    await assert.rejects(
      webhookAlerts(`${receiver.url}/stalling`, { timeoutMs: 50 }).send(
        alert(),
        new AbortController().signal,
      ),
      { name: 'TimeoutError' },
    )
  })
  it('takes a custom body', async () => {
    receiver.answer = 200
    const sink = webhookAlerts(`${receiver.url}/custom`, {
      body: (alert) => ({ content: alert.code }),
    })
    await sink.send(
      { ...summary(), count: 1, suppressed: 0, windowMs: 1 },
      new AbortController().signal,
    )
    assert.equal(receiver.received.at(-1)?.body, '{"content":"ERR_INTERNAL"}')
  })
  it('rejects URLs that are not https, and unknown options', () => {
    assert.throws(() => webhookAlerts('http://hooks.example.com/x'), /https URL/)
    assert.throws(() => webhookAlerts('not a url'), /absolute https URL/)
    assert.throws(
      () => webhookAlerts('https://hooks.example.com/x', { timeout: 5 } as never),
      /`timeout` is not an option/,
    )
  })
})

describe('SNS alerts', () => {
  let endpoint: SnsEndpoint
  let client: SNSClient
  const topic = 'arn:aws:sns:eu-west-1:123456789012:bank-alerts'
  before(async () => {
    endpoint = await startSnsEndpoint()
    client = new SNSClient({
      endpoint: endpoint.url,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
      maxAttempts: 1,
    })
  })
  after(async () => {
    client.destroy()
    await endpoint.close()
  })

  it('publishes through the real AWS SDK client speaking the SNS Query protocol', async () => {
    await createAlerts({ sinks: [snsAlerts(topic, client)], maxWaitMs: 60_000 }).notify(summary())
    const [published] = endpoint.published
    assert.equal(published?.topicArn, topic)
    assert.equal(published?.params.get('Version'), '2010-03-31')
    assert.match(
      published?.subject ?? '',
      /^Bulwark alert: ERR_INTERNAL \(TypeError\) on POST \/transfers/,
    )
    assert.ok((published?.subject ?? '').length <= 100)
    const message = JSON.parse(published?.message ?? '')
    assert.equal(message.fingerprint, 'f00dfeedf00dfeed')
    assert.equal(message.count, 1)
  })
  it('surfaces an SNS error response as a failure', async () => {
    endpoint.failWith = { status: 404, code: 'NotFound', message: 'Topic does not exist' }
    try {
      await assert.rejects(
        snsAlerts(topic, client).send(
          { ...summary(), count: 1, suppressed: 0, windowMs: 1 },
          new AbortController().signal,
        ),
        { name: 'NotFoundException', message: 'Topic does not exist' },
      )
    } finally {
      endpoint.failWith = undefined
    }
  })
  it('rejects a malformed topic ARN or a missing client', () => {
    assert.throws(() => snsAlerts('bank-alerts', client), /topic ARN/)
    assert.throws(() => snsAlerts(topic, {} as never), /SNSClient/)
  })
})
