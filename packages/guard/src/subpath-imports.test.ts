// What importing a subpath costs a cold start: node:crypto alone is ~7 ms, so the Redis store, the
// JWT verifier, the password functions, the secrets and the alert sinks load it on first use (or
// never), not at import. One careless `import … from 'node:crypto'` would bring the cost back
// without any other test noticing: this imports each, as a handler module does (construction
// included), in a fresh node, and lists the crypto modules Node loaded.
//
// The subpaths are imported from the built package (`npm run build`; `npm test` builds first),
// through its `exports`, as a user's handler sees them.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'

const root = join(import.meta.dirname, '..', '..', '..')

/** Node's own crypto modules that `source`, run as a module, loads beyond what node starts with. */
function cryptoModulesLoadedBy(source: string): string[] {
  const probe = `
    const before = new Set(process.moduleLoadList)
    await import('data:text/javascript,' + encodeURIComponent(${JSON.stringify(source)}))
    console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m))))`
  const loaded: string[] = JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', probe], { cwd: root }).toString(),
  )
  return loaded.filter((name) => /\bcrypto\b/.test(name))
}

// A data: module cannot resolve a package name: each import is written as the file URL it
// resolves to from here.
function from(specifier: string): string {
  return import.meta.resolve(specifier)
}

describe('importing a subpath does not load node:crypto', () => {
  assert.ok(
    existsSync(join(root, 'packages', 'guard', 'dist', 'index.js')),
    'packages/guard/dist is missing: run `npm run build` first',
  )

  it('the Redis store, made with a client', () => {
    const source = `
      import { redisStore } from '${from('@bulwark/guard/redis')}'
      export const store = redisStore({ call: async () => null })`
    assert.deepEqual(cryptoModulesLoadedBy(source), [])
  })

  it('the JWT verifier with a JWKS URL', () => {
    const source = `
      import { jwtAuth } from '${from('@bulwark/guard/jwt')}'
      export const jwt = jwtAuth({ issuer: 'https://id.example.com/', audience: 'api',
        algorithms: ['RS256'], jwks: 'https://id.example.com/.well-known/jwks.json' })`
    assert.deepEqual(cryptoModulesLoadedBy(source), [])
  })

  it('the password and field-cipher functions', () => {
    const source = `export * from '${from('@bulwark/guard/crypto')}'`
    assert.deepEqual(cryptoModulesLoadedBy(source), [])
  })

  it('the secrets store over SSM, and the alert sinks', () => {
    const source = `
      import { secrets, ssmParameters } from '${from('@bulwark/guard/secrets')}'
      import { stderrAlerts, webhookAlerts } from '${from('@bulwark/guard')}'
      export const config = secrets({ provider: ssmParameters() })
      export const sinks = [webhookAlerts('https://hooks.example.com/x'), stderrAlerts()]`
    assert.deepEqual(cryptoModulesLoadedBy(source), [])
  })

  it('but local public keys, which are read at construction, do load it (the check sees it)', () => {
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .publicKey.export({ format: 'pem', type: 'spki' })
      .toString()
    const source = `
      import { jwtAuth } from '${from('@bulwark/guard/jwt')}'
      export const jwt = jwtAuth({ issuer: 'https://id.example.com/', audience: 'api',
        algorithms: ['RS256'], keys: ${JSON.stringify(pem)} })`
    assert.ok(cryptoModulesLoadedBy(source).includes('NativeModule crypto'))
  })
})
