import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { errorCode, errorFingerprint, normalizedFrames, safeErrorName } from './fingerprint.js'

function stackError(name: string, stack: string): Error {
  const error = new Error('x')
  error.name = name
  error.stack = stack
  return error
}

describe('error fingerprint', () => {
  it('is the same on two processes running the same code, whatever the message', () => {
    const script = fileURLToPath(new URL('./testing/throw-from-handler.ts', import.meta.url))
    const run = (amount: string) =>
      execFileSync(process.execPath, ['--import', 'tsx', script, amount], { encoding: 'utf8' })
    const first = run('10')
    assert.match(first, /^[0-9a-f]{16}$/)
    assert.equal(run('99999'), first)
  })
  it('ignores line numbers, columns and directories', () => {
    const a = stackError(
      'TypeError',
      'TypeError: a\n    at charge (/var/task/src/pay.js:10:5)\n    at async handler (/var/task/index.js:3:1)',
    )
    const b = stackError(
      'TypeError',
      'TypeError: b\n    at charge (/opt/build/src/pay.js:42:17)\n    at async handler (/opt/build/index.js:9:12)',
    )
    assert.equal(errorFingerprint(a), errorFingerprint(b))
  })
  it('differs by name, code and throw site', () => {
    const stack = 'E: a\n    at charge (/var/task/pay.js:10:5)'
    const base = errorFingerprint(stackError('TypeError', stack))
    assert.notEqual(errorFingerprint(stackError('RangeError', stack)), base)
    assert.notEqual(
      errorFingerprint(Object.assign(stackError('TypeError', stack), { code: 'ECONNRESET' })),
      base,
    )
    assert.notEqual(
      errorFingerprint(stackError('TypeError', 'E: a\n    at refund (/var/task/pay.js:10:5)')),
      base,
    )
  })
  it('reads V8 frames of every form', () => {
    assert.deepEqual(
      normalizedFrames(
        [
          'Error: boom',
          '    at Object.<anonymous> (file:///var/task/index.mjs:1:7)',
          '    at async Promise.all (index 0)',
          '    at new Account (/var/task/account.js:5:11)',
          '    at /var/task/anon.js:2:3',
          '    at Router.handle [as handle_request] (/app/node_modules/router/index.js:5:3)',
          '    at JSON.parse (<anonymous>)',
        ].join('\n'),
      ),
      [
        'Object.<anonymous>@index.mjs',
        'Promise.all@index 0',
        'Account@account.js',
        '<anonymous>@anon.js',
        'Router.handle@index.js',
      ],
    )
  })
  it('takes names and codes only when they look like identifiers', () => {
    assert.equal(safeErrorName(stackError('Error: card 4111111111111111', '')), 'Error')
    assert.equal(errorCode({ code: 'ERR_TIMEOUT' }), 'ERR_TIMEOUT')
    assert.equal(errorCode({ code: 'user bob not found' }), undefined)
    assert.equal(errorCode('x'), undefined)
    assert.match(errorFingerprint('a string was thrown'), /^[0-9a-f]{16}$/)
  })
})
