import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { GuardError } from '../core/errors.js'
import { dynamoNumber, unmarshallImage } from './dynamodb-attributes.js'

const refusal = (code: string, field: string) => (error: unknown) =>
  error instanceof GuardError && error.code === code && error.details?.field === field

describe('unmarshallImage', () => {
  it('reads every attribute type', () => {
    const item = unmarshallImage(
      {
        S: { S: 'text' },
        N: { N: '12.5' },
        B: { B: 'aGk=' },
        BOOL: { BOOL: false },
        NULL: { NULL: true },
        M: { M: { nested: { L: [{ S: 'a' }, { N: '1' }, { M: {} }] } } },
        L: { L: [] },
        SS: { SS: ['a', 'b'] },
        NS: { NS: ['1', '2.5', '-3e2'] },
        BS: { BS: ['aGk=', ''] },
      },
      32,
      'newImage',
    )
    assert.deepEqual(item, {
      S: 'text',
      N: 12.5,
      B: new Uint8Array([104, 105]),
      BOOL: false,
      NULL: null,
      M: { nested: ['a', 1, {}] },
      L: [],
      SS: ['a', 'b'],
      NS: [1, 2.5, -300],
      BS: [new Uint8Array([104, 105]), new Uint8Array([])],
    })
    assert.equal(Object.getPrototypeOf(item), Object.prototype)
  })

  it('refuses what is not an AttributeValue, naming the field and not the value', () => {
    const cases: [unknown, string][] = [
      [{ a: { S: 5 } }, 'newImage.a'],
      [{ a: { N: 'twelve' } }, 'newImage.a'],
      [{ a: { N: '0x10' } }, 'newImage.a'],
      [{ a: { B: 'not base64!' } }, 'newImage.a'],
      [{ a: { BOOL: 'true' } }, 'newImage.a'],
      [{ a: { NULL: false } }, 'newImage.a'],
      [{ a: { S: 'x', N: '1' } }, 'newImage.a'],
      [{ a: {} }, 'newImage.a'],
      [{ a: { X: 'x' } }, 'newImage.a'],
      [{ a: 'plain' }, 'newImage.a'],
      [{ a: { M: [] } }, 'newImage.a'],
      [{ a: { L: {} } }, 'newImage.a'],
      [{ a: { SS: 'a' } }, 'newImage.a'],
      [{ a: { SS: ['a', 1] } }, 'newImage.a[1]'],
      [{ a: { NS: ['1', 'x'] } }, 'newImage.a[1]'],
      [{ a: { L: [{ S: 'ok' }, { M: { b: { Q: 1 } } }] } }, 'newImage.a[1].b'],
      [[], 'newImage'],
      [null, 'newImage'],
    ]
    for (const [image, field] of cases) {
      assert.throws(
        () => unmarshallImage(image, 32, 'newImage'),
        refusal('ERR_EVENT_MALFORMED', field),
        JSON.stringify(image),
      )
    }
    assert.throws(
      () => unmarshallImage({ secret: { N: 'hunter2-secret' } }, 32, 'newImage'),
      (error: unknown) => error instanceof GuardError && !error.message.includes('hunter2'),
    )
  })

  it('refuses nesting at the input depth limit before walking it', () => {
    let deep: unknown = { S: 'leaf' }
    for (let i = 0; i < 100_000; i++) deep = { M: { x: deep } }
    assert.throws(
      () => unmarshallImage({ a: deep }, 4, 'newImage'),
      refusal('ERR_BODY_TOO_DEEP', 'newImage.a.x.x.x'),
    )
    // The same bound as checkInputValue: depth 3 of a limit of 4 is fine.
    assert.deepEqual(unmarshallImage({ a: { M: { b: { L: [{ M: {} }] } } } }, 4, 'i'), {
      a: { b: [{}] },
    })
    assert.throws(() => unmarshallImage({ a: { M: { b: { L: [{ M: {} }] } } } }, 3, 'i'))
  })

  it('keeps __proto__ as an own key, never as the prototype', () => {
    const image = JSON.parse('{"__proto__":{"M":{"polluted":{"BOOL":true}}}}')
    const item = unmarshallImage(image, 32, 'i')
    assert.equal(Object.getPrototypeOf(item), Object.prototype)
    assert.deepEqual(Object.keys(item), ['__proto__'])
    assert.equal(({} as Record<string, unknown>).polluted, undefined)
  })

  it('reads the documented stream image', () => {
    const image = JSON.parse('{"Message":{"S":"New item!"},"Id":{"N":"101"}}')
    assert.deepEqual(unmarshallImage(image, 32, 'newImage'), { Message: 'New item!', Id: 101 })
  })
})

describe('dynamoNumber keeps precision', () => {
  it('is a number when the double is exactly the decimal stored', () => {
    const exact: [string, number][] = [
      ['0', 0],
      ['-0', 0],
      ['101', 101],
      ['-101', -101],
      ['12.50', 12.5],
      ['0.1', 0.1],
      ['.5', 0.5],
      ['5.', 5],
      ['+7', 7],
      ['1e3', 1000],
      ['1.5E-7', 1.5e-7],
      ['9007199254740991', Number.MAX_SAFE_INTEGER],
      ['0.30000000000000004', 0.30000000000000004],
      ['1E+125', 1e125],
      ['000123.4500', 123.45],
    ]
    for (const [text, value] of exact) assert.equal(dynamoNumber(text), value, text)
  })

  it('is the string as sent when a double would round it', () => {
    for (const text of [
      '9007199254740993',
      '12345678901234567890',
      '3.14159265358979323846',
      '0.1000000000000000000001',
      '99999999999999999999999999999999999999',
      '1e400',
    ]) {
      assert.equal(dynamoNumber(text), text, text)
    }
  })

  it('is undefined for text that is not a number', () => {
    for (const text of [
      '',
      '-',
      '.',
      'e5',
      '1e',
      '1.2.3',
      '0x1F',
      'NaN',
      'Infinity',
      ' 1',
      '1_000',
    ]) {
      assert.equal(dynamoNumber(text), undefined, text)
    }
  })
})
