import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { describe, it } from 'node:test'

describe('the quickstart (npm start)', () => {
  it('serves a public and a protected route with embedded defaults', () => {
    const output = execFileSync(
      process.execPath,
      ['--import', 'tsx', 'examples/quickstart/main.ts', '--once'],
      { env: { ...process.env, PORT: '0' }, encoding: 'utf8' },
    )
    assert.match(output, /GET \/health → 200 \{"status":"ok"\}/)
    assert.match(output, /POST \/greet → 200 \{"message":"Hello, Ada"\}/)
    assert.match(output, /POST \/greet → 400 .*"field":"body\.name"/)
    assert.match(output, /POST \/greet → 400 .*ERR_PROTOTYPE_KEY/)
    assert.match(output, /GET \/notes → 401 .*ERR_AUTH_REQUIRED/)
  })
})
