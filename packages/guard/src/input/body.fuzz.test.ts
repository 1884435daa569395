import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { fuzzRuns } from '../../../../test-support/fuzz.js'
import { GuardError } from '../core/errors.js'
import { IncomingRequest } from '../core/request.js'
import { readBody } from './body.js'
import type { InputLimits } from './limits.js'

const limits: InputLimits = { maxBodyBytes: 2048, maxDepth: 8, maxStringLength: 64 }

function request(body: string | undefined, contentType: string | undefined, base64: boolean) {
  const headers: Record<string, string> = Object.create(null)
  if (contentType !== undefined) headers['content-type'] = contentType
  return new IncomingRequest({
    method: 'POST',
    path: '/',
    params: undefined,
    headers,
    readQuery: () => ({}),
    body,
    bodyIsBase64: base64,
    ip: '192.0.2.1',
    requestId: 'r',
  })
}

/** Every accepted value obeys the limits: no prototype keys, no deep nesting, no long strings. */
function assertWithinLimits(value: unknown, depth = 0): void {
  if (typeof value === 'string') {
    assert.ok(value.length <= limits.maxStringLength)
    return
  }
  if (typeof value !== 'object' || value === null) return
  assert.ok(depth < limits.maxDepth)
  for (const key of Object.keys(value)) {
    assert.ok(!['__proto__', 'constructor', 'prototype'].includes(key))
    assertWithinLimits((value as Record<string, unknown>)[key], depth + 1)
  }
}

const planted = fc
  .jsonValue({ maxDepth: 12 })
  .chain((value) =>
    fc
      .constantFrom('__proto__', 'constructor', 'prototype', 'ok')
      .map((key) => JSON.stringify({ [key]: value })),
  )

const bodies = fc.oneof(
  fc.string({ maxLength: 3000 }),
  fc.json({ maxDepth: 12 }),
  planted,
  fc.nat(40).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.uint8Array({ maxLength: 3000 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
)
const contentTypes = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'application/x-www-form-urlencoded',
    'application/vnd.api+json',
    'text/plain',
    undefined,
  ),
  fc.string(),
)

describe('fuzzing the body parser (10,000 bodies)', () => {
  it('returns a value within the limits or throws a 4xx GuardError, nothing else', () => {
    fc.assert(
      fc.property(
        bodies,
        contentTypes,
        fc.boolean(),
        fc.boolean(),
        (body, contentType, base64, form) => {
          const encoded = base64 ? Buffer.from(body).toString('base64') : body
          try {
            const value = readBody(
              request(encoded, contentType, base64),
              limits,
              form ? ['json', 'form'] : ['json'],
            )
            assertWithinLimits(value)
          } catch (error) {
            assert.ok(error instanceof GuardError, String(error))
            assert.ok(error.status >= 400 && error.status < 500)
            // The client sees the message: it must never carry the body back. (A body that is
            // only a forbidden key, like the form body `constructor`, is named as that key.)
            if (body.length > 11) assert.ok(!error.message.includes(body))
          }
        },
      ),
      { numRuns: fuzzRuns(10_000) },
    )
  })
})
