import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { memoryStore } from './memory.js'
import { storeContract } from './testing/contract.js'

storeContract('memory', () => memoryStore())

describe('memoryStore', () => {
  it('rejects unknown and invalid options', () => {
    assert.throws(
      () => memoryStore({ maxEntry: 5 } as never),
      /`maxEntry` is not an option of memoryStore options/,
    )
    assert.throws(
      () => memoryStore({ maxEntries: 0 }),
      /memoryStore.maxEntries must be a positive integer/,
    )
  })

  it('drops the oldest entries past maxEntries', async () => {
    const store = memoryStore({ maxEntries: 3 })
    const now = 1_000_000
    for (const key of ['a', 'b', 'c', 'd']) {
      await store.authenticate({ now, limits: [{ name: 'x', key, limit: 1, windowMs: 60_000 }] })
    }
    const again = (key: string) =>
      store.authenticate({ now, limits: [{ name: 'x', key, limit: 1, windowMs: 60_000 }] })
    assert.equal((await again('a')).status, 'ok', 'a was evicted, so it starts afresh')
    assert.equal((await again('d')).status, 'limited')
  })
})
