import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GuardError } from '../core/errors.js'
import { reportUnhandledError } from './error-report.js'
import { createRedactor } from './redact/redactor.js'

const redactor = createRedactor()

describe('unhandled error report', () => {
  const error = new Error('could not reach ledger with token=tok_live_8a7b6c5d4e', {
    cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
  })
  const request = {
    requestId: 'req-42',
    route: 'POST /transfers',
    method: 'POST',
    path: '/transfers',
    headers: { authorization: 'Bearer s3cr3t-session-token', 'content-type': 'application/json' },
    query: { page: '2' },
    body: '{"to":"acc_7","amount":10,"pin":"1234","note":"password: hunter2"}',
    userId: 'u1',
    coldStart: true,
    remainingTimeMs: 2900,
  }

  it('logs the stack, the redacted request, the route, the user and the state', () => {
    const { record } = reportUnhandledError(error, request, redactor)
    const r = record as {
      requestId: string
      route: string
      userId: string
      error: { stack: string; cause: { code: string } }
      request: { headers: unknown; body: unknown; query: unknown }
      state: { memoryUsedMb: unknown; remainingTimeMs: number; coldStart: boolean }
    }
    assert.equal(r.requestId, 'req-42')
    assert.equal(r.route, 'POST /transfers')
    assert.equal(r.userId, 'u1')
    assert.match(r.error.stack, /^Error: could not reach ledger with token=\[REDACTED\]\n\s+at /)
    assert.equal(r.error.cause.code, 'ECONNREFUSED')
    assert.deepEqual(r.request.headers, {
      authorization: '[REDACTED]',
      'content-type': 'application/json',
    })
    assert.deepEqual(r.request.body, {
      to: 'acc_7',
      amount: 10,
      pin: '[REDACTED]',
      note: 'password: [REDACTED]',
    })
    assert.deepEqual(r.request.query, { page: '2' })
    assert.equal(typeof r.state.memoryUsedMb, 'number')
    assert.equal(r.state.remainingTimeMs, 2900)
    assert.equal(r.state.coldStart, true)
    const text = JSON.stringify(record)
    for (const secret of ['tok_live_8a7b6c5d4e', 's3cr3t-session-token', '1234', 'hunter2']) {
      assert.ok(!text.includes(secret), secret)
    }
  })
  it('gives the alert codes and ids only, nothing from the request', () => {
    const { alert } = reportUnhandledError(error, request, redactor)
    assert.deepEqual(Object.keys(alert).sort(), [
      'code',
      'errorName',
      'fingerprint',
      'function',
      'requestId',
      'route',
      'time',
    ])
    assert.equal(alert.code, 'ERR_INTERNAL')
    assert.equal(alert.errorName, 'Error')
    assert.equal(alert.route, 'POST /transfers')
    assert.equal(alert.requestId, 'req-42')
    const text = JSON.stringify(alert)
    for (const value of ['ledger', 'acc_7', 'Bearer', 'hunter2', '/transfers?', 'u1'])
      assert.ok(!text.includes(value), value)
  })
  it('keeps the code of errors that carry one', () => {
    const { alert } = reportUnhandledError(
      new GuardError('ERR_STORE_UNAVAILABLE', 503, 'redis down'),
      request,
      redactor,
    )
    assert.equal(alert.code, 'ERR_STORE_UNAVAILABLE')
    assert.equal(alert.errorName, 'GuardError')
  })
  it('handles thrown values that are not errors', () => {
    const { record, alert } = reportUnhandledError(
      'password=hunter2',
      { requestId: 'r', route: 'GET /' },
      redactor,
    )
    assert.equal((record as Record<string, unknown>).error, 'password=[REDACTED]')
    assert.equal(alert.errorName, 'string')
  })
})
