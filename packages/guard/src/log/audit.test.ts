import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bindAudit } from './audit.js'
import { AUDIT_EVENT_TYPES } from './audit-events.js'
import { createAuditLog } from './standalone.js'

describe('audit log', () => {
  it('writes one line per event with a stable shape', () => {
    const lines: string[] = []
    const seen: string[] = []
    const audit = createAuditLog({
      write: (l) => void lines.push(l),
      onEvent: (type) => void seen.push(type),
    })
    audit.emit(
      'payment.transaction',
      { transactionId: 'tx_1', amount: 120.5, currency: 'EUR', account: 'acc_9', to: 'acc_7' },
      { requestId: 'r-1', actor: 'u1', ip: '203.0.113.7' },
    )
    const line = JSON.parse(lines[0] as string)
    assert.deepEqual(Object.keys(line), [
      'audit',
      'type',
      'time',
      'requestId',
      'actor',
      'ip',
      'function',
      'transactionId',
      'amount',
      'currency',
      'account',
      'to',
    ])
    assert.equal(line.type, 'payment.transaction')
    assert.equal(line.actor, 'u1')
    assert.equal(line.amount, 120.5)
    assert.deepEqual(seen, ['payment.transaction'])
  })
  it('writes null for what the context does not know', () => {
    const lines: string[] = []
    createAuditLog({ write: (l) => void lines.push(l) }).emit('auth.login.failed', {
      user: 'b0b',
      reason: 'invalid',
      failures: 3,
    })
    const line = JSON.parse(lines[0] as string)
    assert.equal(line.requestId, null)
    assert.equal(line.actor, null)
    assert.equal(line.ip, null)
  })
  it('redacts the fields and cannot be made to overwrite its own', () => {
    const lines: string[] = []
    const audit = bindAudit(createAuditLog({ write: (l) => void lines.push(l) }), { actor: 'u1' })
    audit('account.updated', {
      userId: 'u1',
      fields: ['email'],
      password: 'hunter2',
      actor: 'someone-else',
      note: 'card 4111 1111 1111 1111',
    } as never)
    const line = JSON.parse(lines[0] as string)
    assert.equal(line.password, '[REDACTED]')
    assert.equal(line.actor, 'u1')
    assert.equal(line['field.actor'], 'someone-else')
    assert.equal(line.note, 'card [REDACTED]')
  })
  it('rejects a malformed event type', () => {
    const audit = createAuditLog({ write: () => {} })
    assert.throws(
      () => audit.emit('Not A Type' as never, {} as never),
      /audit event type must look like 'area\.event'/,
    )
  })
  it('lists the catalogue', () => {
    assert.equal(new Set(AUDIT_EVENT_TYPES).size, 20)
  })
})
