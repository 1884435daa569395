import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { z } from 'zod'
import { json } from '../core/response.js'
import { createGuard } from '../guard.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }
const guard = createGuard({ logger: silent, cors: { origins: ['https://app.example.com'] } })

describe('guard.fetch', () => {
  const create = guard.fetch({ auth: 'public', body: z.object({ title: z.string() }) }, (req) =>
    json(201, { title: req.body.title, q: req.query.q, ip: req.ip }),
  )

  it('runs a Request through the pipeline and answers a Response', async () => {
    const res = await create(
      new Request('https://api.example.com/notes?q=1', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://app.example.com' },
        body: JSON.stringify({ title: 'hi' }),
      }),
      { ip: '203.0.113.5' },
    )
    assert.equal(res.status, 201)
    assert.deepEqual(await res.json(), { title: 'hi', q: '1', ip: '203.0.113.5' })
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com')
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff')
  })

  it('stops reading a streamed body past the limit and answers 413', async () => {
    let pulled = 0
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(64 * 1024).fill(32))
        if (pulled > 1000) controller.close()
      },
    })
    const res = await create(
      new Request('https://api.example.com/notes', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    )
    assert.equal(res.status, 413)
    assert.ok(pulled < 10, `read ${pulled} chunks of a body it refuses`)
  })

  it('keeps routes closed by default', async () => {
    const closed = guard.fetch({ auth: {} }, () => ({}))
    const res = await closed(new Request('https://api.example.com/'))
    assert.equal(res.status, 401)
    assert.equal((await res.json()).code, 'ERR_AUTH_REQUIRED')
  })
})
