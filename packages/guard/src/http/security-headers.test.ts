import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ConfigError } from '../core/errors.js'
import { compileSecurityHeaders } from './security-headers.js'

const API_CSP = "default-src 'none'; frame-ancestors 'none'"
const HTML_CSP = "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

describe('security headers', () => {
  it('gives API and HTML responses the same headers but their own default policy', () => {
    const { api, html } = compileSecurityHeaders()
    assert.deepEqual(api, {
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'content-security-policy': API_CSP,
    })
    assert.deepEqual(html, { ...api, 'content-security-policy': HTML_CSP })
    assert.deepEqual(Object.keys(html), Object.keys(api))
    assert.ok(Object.isFrozen(api) && Object.isFrozen(html))
  })

  it('applies overrides to both sets, names in any case', () => {
    const { api, html } = compileSecurityHeaders({
      'X-Frame-Options': 'SAMEORIGIN',
      'strict-transport-security': false,
      'Permissions-Policy': 'camera=()',
    })
    for (const headers of [api, html]) {
      assert.equal(headers['x-frame-options'], 'SAMEORIGIN')
      assert.equal(headers['strict-transport-security'], undefined)
      assert.equal(headers['permissions-policy'], 'camera=()')
    }
    assert.equal(api['content-security-policy'], API_CSP)
    assert.equal(html['content-security-policy'], HTML_CSP)
  })

  it('uses a policy the user sets, or drops, for HTML too', () => {
    const set = compileSecurityHeaders({ 'Content-Security-Policy': "default-src 'self'" })
    assert.equal(set.api['content-security-policy'], "default-src 'self'")
    assert.equal(set.html['content-security-policy'], "default-src 'self'")
    // Even the API default, when the user names it, is their choice for HTML as well.
    const apiDefault = compileSecurityHeaders({ 'content-security-policy': API_CSP })
    assert.equal(apiDefault.html['content-security-policy'], API_CSP)
    const dropped = compileSecurityHeaders({ 'content-security-policy': false })
    assert.equal('content-security-policy' in dropped.api, false)
    assert.equal('content-security-policy' in dropped.html, false)
  })

  it('refuses values that are not strings or false, and header injection', () => {
    for (const overrides of [null, [], 'x', { a: true }, { a: 1 }, { a: 'x\r\nSet-Cookie: y' }]) {
      assert.throws(
        () => compileSecurityHeaders(overrides as never),
        ConfigError,
        JSON.stringify(overrides),
      )
    }
  })
})
