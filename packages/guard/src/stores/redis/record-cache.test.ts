import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { deepFreeze, RecordCache } from './record-cache.js'

describe('RecordCache', () => {
  it('answers for TTL_MS of the callers clock, either way, then forgets', () => {
    const cache = new RecordCache<string>(10)
    cache.set('a', '100', 'value', 1000)
    assert.equal(cache.get('a', 1000 + RecordCache.TTL_MS - 1)?.value, 'value')
    assert.equal(cache.get('a', 1000 - RecordCache.TTL_MS + 1)?.createdAt, '100')
    assert.equal(cache.get('a', 1000 + RecordCache.TTL_MS), undefined)
    assert.equal(cache.get('a', 1000), undefined, 'an aged entry is dropped, not kept')
  })

  it('drops the oldest entry past its size, and keeps nothing at size 0', () => {
    const cache = new RecordCache<number>(2)
    cache.set('a', '1', 1, 0)
    cache.set('b', '1', 2, 0)
    cache.set('a', '2', 3, 0)
    cache.set('c', '1', 4, 0)
    assert.equal(cache.get('b', 0), undefined, 'b was the oldest once a was written again')
    assert.equal(cache.get('a', 0)?.value, 3)
    assert.equal(cache.get('c', 0)?.value, 4)
    cache.delete('a')
    assert.equal(cache.get('a', 0), undefined)
    const off = new RecordCache<number>(0)
    off.set('a', '1', 1, 0)
    assert.equal(off.get('a', 0), undefined)
  })

  it('deepFreeze freezes every level of a parsed JSON value', () => {
    const value = deepFreeze(JSON.parse('{"a":{"b":[1,{"c":2}]},"d":"x"}'))
    assert.ok(Object.isFrozen(value))
    assert.ok(Object.isFrozen(value.a.b))
    assert.ok(Object.isFrozen(value.a.b[1]))
    assert.equal(deepFreeze(null), null)
    assert.equal(deepFreeze('text'), 'text')
  })
})
