import assert from 'node:assert/strict'
import type { Server } from 'node:http'
import { after, before, describe, it } from 'node:test'
import { json } from '../core/response.js'
import { createGuard } from '../guard.js'
import { serveRoutes, serverUrl } from './node-http.js'

const silent = { error() {}, warn() {}, info() {}, debug() {} }

describe('serveRoutes (node:http)', () => {
  const guard = createGuard({ logger: silent, cors: { origins: ['https://app.example.com'] } })
  let server: Server
  let base: string

  before(async () => {
    server = await serveRoutes(
      {
        'GET /health': guard.http({ auth: 'public' }, () => json(200, { ok: true })),
        'GET /notes/{id}': guard.http({ auth: 'public' }, (req) =>
          json(200, { id: req.params.id }),
        ),
        'POST /notes': guard.http({ auth: 'public' }, (req) =>
          json(201, { body: req.body, ip: req.ip }),
        ),
        'GET /files/{path+}': guard.http({ auth: 'public' }, (req) => json(200, req.params)),
        'DELETE /notes/{id}': guard.http({ auth: { permissions: ['notes:delete'] } }, () => ({})),
      },
      { port: 0 },
    )
    base = serverUrl(server)
  })
  after(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('routes by method and path template, with path parameters', async () => {
    assert.deepEqual(await (await fetch(`${base}/health`)).json(), { ok: true })
    assert.deepEqual(await (await fetch(`${base}/notes/a%20b`)).json(), { id: 'a b' })
    assert.deepEqual(await (await fetch(`${base}/files/x/y/z.txt`)).json(), { path: 'x/y/z.txt' })
  })

  it('passes bodies and the socket address through the pipeline', async () => {
    const res = await fetch(`${base}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '6.6.6.6' },
      body: JSON.stringify({ t: 1 }),
    })
    assert.equal(res.status, 201)
    assert.deepEqual(await res.json(), { body: { t: 1 }, ip: '127.0.0.1' })
  })

  it('answers 404, 405 and 401 with security headers', async () => {
    const missing = await fetch(`${base}/nope`)
    assert.equal(missing.status, 404)
    assert.equal(missing.headers.get('x-content-type-options'), 'nosniff')
    assert.equal((await fetch(`${base}/health`, { method: 'POST' })).status, 405)
    const closed = await fetch(`${base}/notes/1`, { method: 'DELETE' })
    assert.equal(closed.status, 401)
    assert.equal(closed.headers.get('cache-control'), 'no-store')
  })

  it('answers a CORS preflight for the route of the requested method', async () => {
    const res = await fetch(`${base}/notes`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' },
    })
    assert.equal(res.status, 204)
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example.com')
  })

  it('refuses an oversized upload with 413', async () => {
    const res = await fetch(`${base}/notes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ big: 'x'.repeat(300_000) }),
    })
    assert.equal(res.status, 413)
  })
})
