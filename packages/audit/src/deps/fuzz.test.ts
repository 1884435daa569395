import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { jsonKeyOffsets } from './json-keys.js'
import { LockfileError } from './lockfile.js'
import { NpmAuditError, parseNpmAudit } from './npm-audit.js'
import { parseNpmLock } from './npm-lock.js'
import { classifySpec, ManifestError, parsePackageJson } from './package-json.js'
import { parsePnpmLock } from './pnpm-lock.js'
import { parseYarnLock } from './yarn-lock.js'

/** Runs `parse` and accepts only success or the parser's own error type. */
function onlyOwnErrors(parse: () => unknown, errorType: new (...args: never[]) => Error): void {
  try {
    parse()
  } catch (error) {
    assert.ok(
      error instanceof errorType,
      `unexpected ${(error as Error).name}: ${(error as Error).message}`,
    )
  }
}

const jsonValue = fc.jsonValue({ maxDepth: 4 })
const specLike = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '^1.0.0',
    'latest',
    '*',
    'github:a/b',
    'file:../x',
    'http://x/y.tgz',
    'npm:other@1',
  ),
)
const manifestLike = fc.record(
  {
    name: fc.oneof(fc.string(), jsonValue),
    dependencies: fc.oneof(fc.dictionary(fc.string(), specLike), jsonValue),
    devDependencies: fc.dictionary(fc.string(), fc.oneof(specLike, jsonValue)),
    workspaces: fc.oneof(fc.array(fc.string()), jsonValue),
  },
  { requiredKeys: [] },
)

describe('fuzz: parsers of outside input', () => {
  it('package.json: any text either parses or throws ManifestError', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          jsonValue.map((v) => JSON.stringify(v)),
          manifestLike.map((v) => JSON.stringify(v, null, 2)),
        ),
        (text) => onlyOwnErrors(() => parsePackageJson(text), ManifestError),
      ),
      { numRuns: 400 },
    )
  })

  it('package.json: every declared string dependency is found, at the offset of its key', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1 }), specLike),
        fc.boolean(),
        (deps, pretty) => {
          const text = JSON.stringify(
            { name: 'x', dependencies: deps },
            null,
            pretty ? 2 : undefined,
          )
          const manifest = parsePackageJson(text)
          assert.equal(manifest.dependencies.length, Object.keys(deps).length)
          for (const dep of manifest.dependencies) {
            assert.ok(
              text.startsWith(JSON.stringify(dep.name), dep.offset),
              `${dep.name} at ${dep.offset}`,
            )
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('key offsets point at the key for any JSON document', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.dictionary(fc.string(), jsonValue)), (doc) => {
        const text = JSON.stringify(doc, null, 1)
        for (const [path, offset] of jsonKeyOffsets(text, 2)) {
          const key = path.split('\u0000').at(-1) as string
          assert.ok(text.startsWith(JSON.stringify(key), offset))
        }
      }),
      { numRuns: 200 },
    )
  })

  it('classifySpec never throws and names a kind', () => {
    fc.assert(
      fc.property(fc.string(), (spec) => assert.equal(typeof classifySpec(spec), 'string')),
      { numRuns: 500 },
    )
  })

  it('package-lock.json: any text parses or throws LockfileError, and resolution terminates', () => {
    const lockLike = fc.record(
      {
        lockfileVersion: fc.constantFrom(1, 2, 3),
        packages: fc.dictionary(fc.string(), jsonValue),
        dependencies: fc.dictionary(fc.string(), jsonValue),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          lockLike.map((v) => JSON.stringify(v)),
        ),
        fc.string(),
        (text, name) => {
          onlyOwnErrors(() => {
            const lock = parseNpmLock('package-lock.json', text)
            for (const pkg of lock.packages.slice(0, 20)) lock.resolve(pkg, name, '*')
          }, LockfileError)
        },
      ),
      { numRuns: 400 },
    )
  })

  it('yarn.lock: any text parses or throws LockfileError', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        'a@^1.0.0:',
        '  version "1.0.0"',
        '  dependencies:',
        '    b "^2"',
        '"@s/c@1", "@s/c@^1":',
        '__metadata:',
        '  version: 8',
        '# yarn lockfile v1',
      ),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) =>
        onlyOwnErrors(() => parseYarnLock('yarn.lock', lines.join('\n')), LockfileError),
      ),
      { numRuns: 400 },
    )
  })

  it('pnpm-lock.yaml: any text parses or throws LockfileError', () => {
    const line = fc.oneof(
      fc.string(),
      fc.constantFrom(
        "lockfileVersion: '9.0'",
        'importers:',
        '  .:',
        '    dependencies:',
        '      a:',
        '        specifier: ^1',
        '        version: 1.0.0',
        'packages:',
        '  a@1.0.0:',
        '    requiresBuild: true',
        'snapshots:',
        '  a@1.0.0: {}',
        '&x [*x, *x]',
      ),
    )
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) =>
        onlyOwnErrors(() => parsePnpmLock('pnpm-lock.yaml', lines.join('\n')), LockfileError),
      ),
      { numRuns: 300 },
    )
  })

  it('npm audit output: any text parses or throws NpmAuditError', () => {
    const auditLike = fc.record(
      {
        auditReportVersion: fc.constant(2),
        vulnerabilities: fc.dictionary(
          fc.string(),
          fc.record({
            severity: fc.string(),
            via: fc.array(
              fc.oneof(fc.string(), fc.record({ title: fc.string(), severity: fc.string() })),
            ),
          }),
        ),
        advisories: fc.dictionary(fc.string(), jsonValue),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          jsonValue.map((v) => JSON.stringify(v)),
          auditLike.map((v) => JSON.stringify(v)),
        ),
        (text) => onlyOwnErrors(() => parseNpmAudit(text), NpmAuditError),
      ),
      { numRuns: 400 },
    )
  })
})
