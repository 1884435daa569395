import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createRedactor } from './redact/redactor.js'
import { requestSecrets } from './request-secrets.js'

describe('request secrets', () => {
  const { isSensitiveKey } = createRedactor()
  it('collects the credentials of headers, cookies, query and body', () => {
    const secrets = requestSecrets(
      {
        headers: {
          authorization: 'Bearer tok-123456',
          cookie: 'theme=dark; sid=session-abcdef',
          'x-api-key': 'bwk_abcdefgh',
          accept: 'application/json',
        },
        query: { access_token: 'qtok-99999', page: '200000' },
        body: {
          user: { name: 'bob', password: 'hunter22', pins: { pin: 123456 } },
          list: [{ otp: '998877' }],
        },
      },
      isSensitiveKey,
    )
    assert.deepEqual(
      secrets.sort(),
      [
        '123456',
        '998877',
        'Bearer tok-123456',
        'bwk_abcdefgh',
        'hunter22',
        'qtok-99999',
        'session-abcdef',
        'theme=dark; sid=session-abcdef',
        'tok-123456',
      ].sort(),
    )
  })
  it('skips short values and survives odd bodies', () => {
    assert.deepEqual(
      requestSecrets({ headers: { cookie: 'a=b' }, body: 'password=x' }, isSensitiveKey),
      [],
    )
    const circular: Record<string, unknown> = {}
    circular.self = circular
    assert.deepEqual(requestSecrets({ body: circular }, isSensitiveKey), [])
  })
})
