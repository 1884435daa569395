import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from '../core/errors.js'
import { parseLogLevel } from './logger.js'
import { createLogger } from './standalone.js'

function capture() {
  const lines: string[] = []
  return {
    lines,
    write: (line: string) => void lines.push(line),
    parsed: () => lines.map((l) => JSON.parse(l)),
  }
}

describe('logger', () => {
  it('writes one JSON line per call with level, time, message and fields', () => {
    const out = capture()
    const log = createLogger({ level: 'info', write: out.write, bindings: { service: 'bank' } })
    log.info('transfer created', { transferId: 't_1', amount: 120 })
    assert.equal(out.lines.length, 1)
    const [line] = out.parsed()
    assert.equal(line.level, 'info')
    assert.match(line.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    assert.deepEqual(
      { ...line, time: 't' },
      {
        level: 'info',
        time: 't',
        message: 'transfer created',
        service: 'bank',
        transferId: 't_1',
        amount: 120,
      },
    )
  })
  it('redacts the message, the bindings and the fields', () => {
    const out = capture()
    const log = createLogger({ write: out.write, level: 'debug' }).child({
      authorization: 'Bearer abc',
    })
    log.debug('login with password=hunter2', { user: { password: 'hunter2' } })
    assert.ok(!out.lines[0]?.includes('hunter2'))
    assert.ok(!out.lines[0]?.includes('Bearer abc'))
    assert.deepEqual(out.parsed()[0].user, { password: '[REDACTED]' })
  })
  it('returns at once below its level, without building or reading the fields', () => {
    const out = capture()
    const log = createLogger({ level: 'warn', write: out.write })
    let built = false
    const watched = new Proxy(
      {},
      {
        get() {
          throw new Error('fields were read')
        },
        ownKeys() {
          throw new Error('fields were read')
        },
      },
    )
    log.debug('x', () => {
      built = true
      return {}
    })
    log.info('x', watched)
    assert.equal(built, false)
    assert.equal(out.lines.length, 0)
    assert.equal(log.isLevelEnabled('info'), false)
    assert.equal(log.isLevelEnabled('error'), true)
    log.warn('kept', () => ({ lazy: true }))
    assert.equal(out.parsed()[0].lazy, true)
  })
  it('writes nothing at all when silent', () => {
    const out = capture()
    const log = createLogger({ level: 'silent', write: out.write })
    log.error('x')
    assert.equal(out.lines.length, 0)
  })
  it('adds child bindings to every line of the child only', () => {
    const out = capture()
    const root = createLogger({ write: out.write })
    const child = root.child({ requestId: 'r-1' }).child({ route: 'GET /x' })
    child.info('a')
    root.info('b')
    const [a, b] = out.parsed()
    assert.equal(a.requestId, 'r-1')
    assert.equal(a.route, 'GET /x')
    assert.equal(b.requestId, undefined)
  })
  it('keeps its own fields when a field has the same name', () => {
    const out = capture()
    createLogger({ write: out.write }).info('real', { message: 'from body', level: 'x' })
    const [line] = out.parsed()
    assert.equal(line.message, 'real')
    assert.equal(line.level, 'info')
    assert.equal(line['field.message'], 'from body')
    assert.equal(line['field.level'], 'x')
  })
  it('accepts an error as the fields', () => {
    const out = capture()
    createLogger({ write: out.write }).error('failed', new Error('token=abc123 rejected'))
    const [line] = out.parsed()
    assert.equal(line.error.message, 'token=[REDACTED] rejected')
    assert.match(line.error.stack, /^Error: token=\[REDACTED\] rejected/)
  })
  it('adds the Lambda function name when running on Lambda', () => {
    const out = capture()
    const previous = process.env.AWS_LAMBDA_FUNCTION_NAME
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'bank-transfers'
    try {
      createLogger({ write: out.write }).info('x')
    } finally {
      if (previous === undefined) delete process.env.AWS_LAMBDA_FUNCTION_NAME
      else process.env.AWS_LAMBDA_FUNCTION_NAME = previous
    }
    assert.equal(out.parsed()[0].function, 'bank-transfers')
  })
  it('never throws into the caller when writing fails', () => {
    const log = createLogger({
      write: () => {
        throw new Error('EPIPE')
      },
    })
    log.info('x')
    log.info('y', () => {
      throw new Error('builder failed')
    })
  })
  it('reads its level from the environment and rejects unknown levels', () => {
    const previous = process.env.LOG_LEVEL
    process.env.LOG_LEVEL = 'ERROR'
    try {
      assert.equal(createLogger().level, 'error')
    } finally {
      if (previous === undefined) delete process.env.LOG_LEVEL
      else process.env.LOG_LEVEL = previous
    }
    assert.equal(parseLogLevel('log.level', 'WARN'), 'warn')
    assert.throws(() => createLogger({ level: 'verbose' as never }), ConfigError)
    assert.throws(
      () => parseLogLevel('log.level', 3),
      /log\.level must be one of debug, info, warn, error, silent; got 3/,
    )
  })
})
