import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isThrottling, optionalPeer } from './aws-sdk.js'
import { SecretsErrorCode } from './errors.js'

describe('optional AWS SDK peers', () => {
  it('names the package to install when the peer is missing', async () => {
    // A specifier in a variable: the module does not exist, and TypeScript must not look for it.
    const specifier = '@aws-sdk/client-not-installed-here'
    const load = optionalPeer(() => import(specifier), specifier, 'ssmParameters()')
    await assert.rejects(load(), {
      code: SecretsErrorCode.sdkMissing,
      message:
        'ssmParameters() needs @aws-sdk/client-not-installed-here, an optional peer dependency of @bulwark/guard: npm install @aws-sdk/client-not-installed-here',
    })
  })

  it('passes other import failures through unchanged', async () => {
    const broken = new SyntaxError('Unexpected token')
    const load = optionalPeer(() => Promise.reject(broken), '@aws-sdk/client-ssm', 'x()')
    await assert.rejects(load(), (error) => error === broken)
  })

  it('tells throttling from other failures', () => {
    const named = (name: string, extra = {}) => Object.assign(new Error('x'), { name }, extra)
    assert.ok(isThrottling(named('ThrottlingException')))
    assert.ok(isThrottling(named('TooManyRequestsException')))
    assert.ok(isThrottling(named('Anything', { $retryable: { throttling: true } })))
    assert.ok(isThrottling(named('Anything', { $metadata: { httpStatusCode: 429 } })))
    assert.ok(!isThrottling(named('InternalServerError', { $metadata: { httpStatusCode: 500 } })))
    assert.ok(!isThrottling(named('AccessDeniedException')))
    assert.ok(!isThrottling(undefined))
    assert.ok(!isThrottling('ThrottlingException'))
  })
})
