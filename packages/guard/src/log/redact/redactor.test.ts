import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from '../../core/errors.js'
import { createRedactor } from './redactor.js'
import { registerSecret } from './secret-registry.js'

const R = '[REDACTED]'
const JWT =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1MSIsIm5hbWUiOiJCb2IifQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgwMbRvI0MBZhpF',
  '-----END RSA PRIVATE KEY-----',
].join('\n')

describe('redaction by key', () => {
  const redactor = createRedactor()
  it('replaces the values of sensitive keys whatever their case and separators', () => {
    const out = redactor.value({
      password: 'a',
      api_key: 'b',
      'X-Api-Key': 'c',
      clientSecret: 'd',
      Authorization: 'e',
      cookie: 'f',
      'set-cookie': ['g'],
      cardNumber: 'h',
      card_cvv: 'i',
      user_ssn: 'j',
      refresh_token: { nested: 'k' },
      DB_PASSWORD: 'l',
      ok: 'visible',
    })
    assert.deepEqual(out, {
      password: R,
      api_key: R,
      'X-Api-Key': R,
      clientSecret: R,
      Authorization: R,
      cookie: R,
      'set-cookie': R,
      cardNumber: R,
      card_cvv: R,
      user_ssn: R,
      refresh_token: R,
      DB_PASSWORD: R,
      ok: 'visible',
    })
  })
  it('matches short terms only as whole words', () => {
    assert.deepEqual(redactor.value({ classname: 'x', shipping: 'y', spin: 1, pin: 1234 }), {
      classname: 'x',
      shipping: 'y',
      spin: 1,
      pin: R,
    })
  })
  it('keeps null and undefined so a missing value is still visible as missing', () => {
    assert.deepEqual(redactor.value({ password: null, token: undefined }), {
      password: null,
      token: undefined,
    })
  })
  it('takes extra keys and kept keys from the options', () => {
    const custom = createRedactor({ keys: ['date_of_birth'], keepKeys: ['token_type'] })
    assert.deepEqual(custom.value({ dateOfBirth: '1990-01-01', tokenType: 'Bearer', token: 't' }), {
      dateOfBirth: R,
      tokenType: 'Bearer',
      token: R,
    })
  })
})

describe('redaction by value', () => {
  const redactor = createRedactor()
  const cases: [string, string, string][] = [
    ['a JWT', `token ${JWT} expired`, `token ${R} expired`],
    ['a bearer token', 'sent Bearer abcDEF123456789xyz today', `sent Bearer ${R} today`],
    ['an Authorization header in text', 'Authorization: Bearer abc.def', `Authorization: ${R}`],
    ['an AWS access key id', 'key AKIAIOSFODNN7EXAMPLE used', `key ${R} used`],
    ['an AWS secret key', 'secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY.', `secret ${R}.`],
    ['a private key block', `key:\n${PEM}\nend`, `key:\n${R}\nend`],
    ['a private key cut short', `${PEM.slice(0, 60)}`, R],
    ['a card number with spaces', 'paid with 4111 1111 1111 1111 today', `paid with ${R} today`],
    ['a card number with dashes', 'card 5500-0000-0000-0004', `card ${R}`],
    ['a card number after other digits', 'ref 12 4111111111111111', `ref ${R}`],
    ['a Bulwark API key', 'key bwk_live_4f9a8b7c6d5e4f3a2b1c', `key ${R}`],
    ['credentials in a URL', 'redis://default:s3cret@cache:6379/0', `redis://${R}@cache:6379/0`],
    [
      'password=… in text',
      'login failed password=hunter2&user=bob',
      `login failed password=${R}&user=bob`,
    ],
    [
      'a quoted JSON value',
      '{"password":"hunter two","user":"bob"}',
      `{"password":"${R}","user":"bob"}`,
    ],
    ['an escaped JSON value', '{\\"api_key\\":\\"k 1\\"}', `{\\"api_key\\":\\"${R}\\"}`],
    ['a cookie header', 'cookie: sid=abc; theme=dark\nnext', `cookie: ${R}\nnext`],
    ['a GitHub token', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789', R],
    ['a key written where a value was expected', 'PIN: pin = 98765432', `PIN: ${R} = ${R}`],
    ['a value that is itself key=value', 'password=token=abc123 done', `password=${R} done`],
  ]
  for (const [name, input, expected] of cases) {
    it(`removes ${name}`, () => assert.equal(redactor.string(input), expected))
  }
  it('leaves ordinary text, timestamps, ids and numbers alone', () => {
    for (const text of [
      'GET /api/v1/users 200 12ms',
      'at 1732874400000 ms',
      'id 550e8400-e29b-41d4-a716-446655440000',
      'order 4111111111111112 (fails Luhn)',
      'commit 3f786850e387550fdab836ed7e6dc881de23001b',
      'Basic authentication is disabled',
      'the token expired',
    ]) {
      assert.equal(redactor.string(text), text)
    }
  })
  it('removes card numbers held as numbers', () => {
    assert.deepEqual(redactor.value({ n: 4111111111111111, t: 1732874400000 }), {
      n: R,
      t: 1732874400000,
    })
  })
  it('removes secrets from keys as well as values', () => {
    assert.deepEqual(redactor.value({ [JWT]: 1, 'note password=x': 2 }), {
      [R]: 1,
      [`note password=${R}`]: R,
    })
  })
  it('applies extra patterns', () => {
    const custom = createRedactor({ patterns: [/acct-\d{6}/] })
    assert.equal(custom.string('moved acct-123456 and acct-654321'), `moved ${R} and ${R}`)
  })
})

describe('registered secrets', () => {
  it('removes a registered value wherever it appears, from then on', () => {
    const redactor = createRedactor()
    const secret = `Zq${Math.random().toString(36).slice(2)}Wx`
    assert.equal(redactor.string(`dsn ${secret} here`), `dsn ${secret} here`)
    registerSecret(secret)
    assert.equal(redactor.string(`dsn ${secret} here`), `dsn ${R} here`)
    assert.deepEqual(redactor.value({ a: [secret], b: new Map([['k', `x${secret}y`]]) }), {
      a: [R],
      b: { k: `x${R}y` },
    })
  })
  it('removes a registered value even where a shape around it starts earlier', () => {
    const redactor = createRedactor()
    const secret = `7k${Math.random().toString(36).slice(2)}!x`
    registerSecret(secret)
    // Twelve digits run into the secret's first character: a card candidate that fails Luhn.
    assert.equal(redactor.string(`123456789012${secret}`), `123456789012${R}`)
    // A JWT stops at the '!' inside the secret: the secret must still go whole.
    assert.equal(redactor.string(`eyJabc.def.${secret}`).includes(secret.slice(-4)), false)
  })
  it('looks again inside a candidate its check rejected', () => {
    const redactor = createRedactor()
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ'
    assert.equal(redactor.string(`Basic ${jwt}`), `Basic ${R}`)
  })
  it('looks again inside a keyed value, which may itself be a key with its own value', () => {
    const redactor = createRedactor()
    const secret = 'QANJchQockPG4ZsoxmjHyUFw4iQWGugMIUPVQL'
    for (const text of [`piN: 'refresh_token': '${secret}' `, `pin="password": "${secret}"`]) {
      assert.equal(redactor.string(text).includes(secret), false, text)
    }
  })
  it('removes the rest of a keyed value whose front was a request secret (seed -865692729)', () => {
    const redactor = createRedactor()
    const token = 'bws_Zk3Qm9TpXw'
    const rest = 'PVPPmKQJLd4hdLCg7Cd'
    const text = ` 'cardNumber': '${token} two words ${rest}' `
    assert.equal(redactor.string(text, [token]), ` 'cardNumber': '${R}' `)
    // A value that is the censor alone is left as it is, quoted or not.
    assert.equal(redactor.string(`password=${R} next`), `password=${R} next`)
    assert.equal(redactor.string(`'password': '${R}'`), `'password': '${R}'`)
  })
  it('removes short registered values only where they are the whole string', () => {
    const redactor = createRedactor()
    registerSecret('q7Z')
    assert.deepEqual(redactor.value({ a: 'q7Z', b: 'q7Zoo' }), { a: R, b: 'q7Zoo' })
  })
  it('rejects what is not a non-empty string', () => {
    assert.throws(() => registerSecret(''), TypeError)
    assert.throws(() => registerSecret(42 as unknown as string), TypeError)
  })
})

describe('structures', () => {
  const redactor = createRedactor()
  it('never modifies the input', () => {
    const input = { password: 'p', nested: { token: 't', list: ['Bearer abcdefghijklmnop1'] } }
    const snapshot = structuredClone(input)
    redactor.value(input)
    assert.deepEqual(input, snapshot)
  })
  it('walks Maps, Sets, class instances, Dates and typed arrays', () => {
    class Account {
      id = 'a1'
      secret = 's'
    }
    const out = redactor.value({
      map: new Map<unknown, unknown>([
        ['apiKey', 'k'],
        [7, 'seven'],
      ]),
      set: new Set(['x', JWT]),
      account: new Account(),
      when: new Date(0),
      bytes: Buffer.from('password=hunter2'),
      view: new Uint16Array(4),
    })
    assert.deepEqual(out, {
      map: { apiKey: R, 7: 'seven' },
      set: ['x', R],
      account: { id: 'a1', secret: R },
      when: '1970-01-01T00:00:00.000Z',
      bytes: '[Buffer 16 bytes]',
      view: '[Uint16Array 8 bytes]',
    })
  })
  it('writes errors with their message, stack, cause chain and aggregated errors redacted', () => {
    const root = new Error(`db refused password=hunter2`)
    const error = new AggregateError([new TypeError(`bad ${JWT}`)], 'several failed', {
      cause: root,
    })
    const out = redactor.value(error) as {
      name: string
      message: string
      stack: string
      cause: { message: string; stack: string }
      errors: { message: string }[]
    }
    assert.equal(out.name, 'AggregateError')
    assert.equal(out.message, 'several failed')
    assert.match(out.stack, /^AggregateError: several failed\n\s+at /)
    assert.equal(out.cause.message, `db refused password=${R}`)
    assert.ok(!out.cause.stack.includes('hunter2'))
    assert.equal(out.errors[0]?.message, `bad ${R}`)
    assert.ok(!JSON.stringify(out).includes(JWT))
  })
  it('copies enumerable error properties with the key rules', () => {
    const error = Object.assign(new Error('request failed'), {
      status: 502,
      config: { headers: { Authorization: 'Basic dXNlcjpwYXNz' } },
    })
    const out = redactor.value(error) as {
      status: number
      config: { headers: Record<string, string> }
    }
    assert.equal(out.status, 502)
    assert.equal(out.config.headers.Authorization, R)
  })
  it('marks circular references and survives a self-caused error', () => {
    const a: Record<string, unknown> = { name: 'a' }
    a.self = a
    a.list = [a]
    assert.deepEqual(redactor.value(a), { name: 'a', self: '[Circular]', list: ['[Circular]'] })
    const error = new Error('loop')
    ;(error as { cause?: unknown }).cause = error
    assert.equal((redactor.value(error) as Record<string, unknown>).cause, '[Circular]')
  })
  it('bounds depth, width, string length and total work', () => {
    let deep: Record<string, unknown> = { leaf: true }
    for (let i = 0; i < 100_000; i++) deep = { deep }
    assert.deepEqual(createRedactor({ maxDepth: 3 }).value(deep), {
      deep: { deep: { deep: '[Depth]' } },
    })
    const narrow = createRedactor({ maxItems: 2 })
    assert.deepEqual(narrow.value([1, 2, 3, 4]), [1, 2, '[… 2 more]'])
    assert.deepEqual(narrow.value({ a: 1, b: 2, c: 3 }), { a: 1, b: 2, '…': '1 more keys' })
    assert.deepEqual(narrow.value(new Set([1, 2, 3])), [1, 2, '[… 1 more]'])
    const short = createRedactor({ maxStringLength: 10, maxTotalLength: 25 })
    assert.equal(short.value('0123456789abcdef'), '0123456789…[truncated]')
    assert.deepEqual(short.value(['aaaaaaaaaa', 'bbbbbbbbbb', 'cccccccccc', 'dd']), [
      'aaaaaaaaaa',
      'bbbbbbbbbb',
      'cccccccccc',
      '[Truncated]',
    ])
    assert.deepEqual(createRedactor({ maxNodes: 3 }).value([[], [], [], []]), [
      [],
      [],
      '[Truncated]',
      '[Truncated]',
    ])
  })
  it('never cuts a long string through a secret', () => {
    const redactor = createRedactor({ maxStringLength: 100 })
    const text = `${'x '.repeat(45)}key ${JWT} tail`
    const out = redactor.string(text)
    assert.ok(!out.includes('eyJ'), out)
    assert.ok(out.endsWith('key …[truncated]'), out)
  })
  it('survives getters and proxies that throw', () => {
    const hostile = {
      get boom(): never {
        throw new Error('no')
      },
    }
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap')
        },
      },
    )
    assert.deepEqual(redactor.value({ ok: 1, hostile, proxy }), {
      ok: 1,
      hostile: '[Unreadable]',
      proxy: '[Unreadable]',
    })
  })
  it('keeps __proto__ as plain data', () => {
    const input = JSON.parse('{"__proto__": {"password": "p"}, "a": 1}')
    const out = redactor.value(input) as Record<string, unknown>
    assert.equal(Object.getPrototypeOf(out), Object.prototype)
    assert.deepEqual(Object.getOwnPropertyDescriptor(out, '__proto__')?.value, { password: R })
  })
  it('turns bigint, symbol and function values into text', () => {
    assert.deepEqual(redactor.value({ b: 10n, s: Symbol('x'), f: function named() {} }), {
      b: '10',
      s: 'Symbol(x)',
      f: '[Function named]',
    })
  })
})

describe('options', () => {
  it('rejects unknown options and bad values at construction', () => {
    assert.throws(
      () => createRedactor({ kees: [] } as never),
      /`kees` is not an option of redact; did you mean `keys`\?/,
    )
    assert.throws(() => createRedactor({ keys: [''] }), ConfigError)
    assert.throws(
      () => createRedactor({ patterns: ['x'] as never }),
      /array of regular expressions/,
    )
    assert.throws(() => createRedactor({ patterns: [/x*/] }), /matches the empty string/)
    assert.throws(
      () => createRedactor({ maxDepth: 0 }),
      /redact\.maxDepth must be a positive integer/,
    )
  })
})

describe('secrets for one call', () => {
  it('removes exact values given with the call, and only in that call', () => {
    const redactor = createRedactor()
    const token = 'opaque-session-value-9'
    assert.deepEqual(redactor.value({ note: `retry with ${token} later` }, [token]), {
      note: `retry with ${R} later`,
    })
    assert.equal(redactor.string(`again ${token}`), `again ${token}`)
    assert.equal(
      redactor.string('abcdef-ghij and abcdef', ['abcdef', 'abcdef-ghij']),
      `${R} and ${R}`,
    )
  })
  it('is idempotent: redacting redacted output changes nothing', () => {
    const redactor = createRedactor()
    for (const text of [
      'password=hunter2 and x',
      '{"token":"abc def"}',
      'cookie: a=1',
      'Bearer abc123def456',
    ]) {
      const once = redactor.string(text)
      assert.equal(redactor.string(once), once)
    }
  })
})
