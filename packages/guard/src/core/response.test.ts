import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { empty, html, isGuardResponse, json, response, text } from './response.js'

describe('response builders', () => {
  it('set the content type of their kind and lower-case the caller’s header names', () => {
    const headers = { 'Cache-Control': 'max-age=60', 'Set-Cookie': ['a=1', 'b=2'] }
    const expected = { 'cache-control': 'max-age=60', 'set-cookie': ['a=1', 'b=2'] }
    assert.deepEqual(json(201, { id: 1 }, headers).headers, {
      'content-type': 'application/json; charset=utf-8',
      ...expected,
    })
    assert.deepEqual(text(200, 'ok', headers).headers, {
      'content-type': 'text/plain; charset=utf-8',
      ...expected,
    })
    assert.deepEqual(html(200, '<p>', headers).headers, {
      'content-type': 'text/html; charset=utf-8',
      ...expected,
    })
    assert.deepEqual(response(200, 'x', headers).headers, expected)
    assert.deepEqual(empty(204, headers).headers, expected)
  })

  it('let the caller’s Content-Type, in any case, replace the default', () => {
    for (const build of [
      (headers: Record<string, string>) => json(200, {}, headers),
      (headers: Record<string, string>) => text(200, '', headers),
      (headers: Record<string, string>) => html(200, '', headers),
    ]) {
      assert.deepEqual(build({ 'Content-Type': 'application/problem+json' }).headers, {
        'content-type': 'application/problem+json',
      })
    }
  })

  it('carry status and body, and are recognised as responses', () => {
    const built = json(200, { a: 1 })
    assert.equal(built.status, 200)
    assert.equal(built.body, '{"a":1}')
    const none = empty()
    assert.deepEqual([none.status, none.headers, none.body], [204, {}, undefined])
    assert.ok(isGuardResponse(built) && isGuardResponse(none))
    assert.equal(isGuardResponse({ status: 200, headers: {}, body: '' }), false)
  })
})
