import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, describe, it } from 'node:test'
import { auditDependencies } from './audit.js'

const roots: string[] = []
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true })
})

function project(files: Record<string, string | object>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-deps-'))
  roots.push(root)
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true })
    writeFileSync(
      join(root, name),
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    )
  }
  return root
}

function summary(root: string, options = {}) {
  const { findings, errors } = auditDependencies(root, options)
  return {
    found: findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.severity}`),
    errors,
    findings,
  }
}

const pkg = (deps: Record<string, string>, dev: Record<string, string> = {}) => ({
  name: 'app',
  version: '1.0.0',
  dependencies: deps,
  devDependencies: dev,
})

function npmLock(deps: Record<string, string>, packages: Record<string, object>) {
  return {
    name: 'app',
    lockfileVersion: 3,
    requires: true,
    packages: { '': { name: 'app', dependencies: deps }, ...packages },
  }
}

describe('auditDependencies', () => {
  it('reports a package.json with dependencies and no lockfile', () => {
    const root = project({ 'package.json': pkg({ express: '^4.18.2' }) })
    assert.deepEqual(summary(root).found, ['missing-lockfile package.json:1:1 high'])
  })

  it('accepts a workspace member whose lockfile is at the workspace root', () => {
    const root = project({
      'package.json': { name: 'mono', private: true, workspaces: ['services/*'] },
      'package-lock.json': npmLock({}, { 'node_modules/express': { version: '4.18.2' } }),
      'services/api/package.json': pkg({ express: '^4.18.2' }),
    })
    assert.deepEqual(summary(root).found, [])
  })

  it('finds a lockfile out of sync with package.json, both ways', () => {
    const root = project({
      'package.json': pkg({ express: '^4.19.0', pg: '^8.11.0' }),
      'package-lock.json': npmLock(
        { express: '^4.18.2', pg: '^8.11.0', lodash: '^4.17.21' },
        {
          'node_modules/express': { version: '4.18.2' },
          'node_modules/pg': { version: '8.11.3' },
          'node_modules/lodash': { version: '4.17.21' },
        },
      ),
    })
    assert.deepEqual(summary(root).found, [
      'lockfile-out-of-sync package.json:5:5 medium',
      'lockfile-out-of-sync package.json:1:1 medium',
    ])
  })

  it('reports git, URL, http, * and latest specs at their lines', () => {
    const root = project({
      'package.json': pkg({
        a: 'latest',
        b: 'github:someone/b',
        c: 'http://example.com/c.tgz',
        d: '*',
        e: '^1.0.0',
        f: 'file:../f',
      }),
      'package-lock.json': npmLock(
        {
          a: 'latest',
          b: 'github:someone/b',
          c: 'http://example.com/c.tgz',
          d: '*',
          e: '^1.0.0',
          f: 'file:../f',
        },
        {},
      ),
    })
    assert.deepEqual(summary(root).found, [
      'dependency-unpinned-source package.json:5:5 medium',
      'dependency-unpinned-source package.json:6:5 medium',
      'dependency-unpinned-source package.json:7:5 high',
      'dependency-unpinned-source package.json:8:5 medium',
    ])
  })

  it('reports install scripts and deprecated packages at their lockfile entries', () => {
    const lock = npmLock(
      { request: '^2.88.0' },
      {
        'node_modules/request': {
          version: '2.88.2',
          deprecated: 'request has been deprecated',
          dependencies: { bcrypt: '^5.0.0' },
        },
        'node_modules/bcrypt': { version: '5.1.1', hasInstallScript: true },
        'node_modules/esbuild': { version: '0.20.0', hasInstallScript: true, dev: true },
      },
    )
    const root = project({ 'package.json': pkg({ request: '^2.88.0' }), 'package-lock.json': lock })
    const { found } = summary(root)
    assert.deepEqual(found.filter((f) => f.includes('package-lock.json')).sort(), [
      'dependency-deprecated package-lock.json:12:5 low',
      'dependency-install-script package-lock.json:19:5 medium',
      'dependency-install-script package-lock.json:23:5 low',
    ])
  })

  it('measures the transitive tree of each production dependency', () => {
    const packages: Record<string, object> = {
      'node_modules/big': {
        version: '1.0.0',
        dependencies: Object.fromEntries(
          Array.from({ length: 120 }, (_, i) => [`dep${i}`, '^1.0.0']),
        ),
      },
    }
    for (let i = 0; i < 120; i++) packages[`node_modules/dep${i}`] = { version: '1.0.0' }
    packages['node_modules/small'] = { version: '1.0.0', dependencies: { dep1: '^1.0.0' } }
    const root = project({
      'package.json': pkg({ big: '^1.0.0', small: '^1.0.0' }),
      'package-lock.json': npmLock({ big: '^1.0.0', small: '^1.0.0' }, packages),
    })
    const { findings } = summary(root)
    assert.deepEqual(
      findings.map((f) => [f.rule, f.line, f.message]),
      [['dependency-large-tree', 5, 'big brings 120 transitive packages into the deployed code.']],
    )
  })

  it('follows npm lockfile v1 nesting', () => {
    const root = project({
      'package.json': pkg({ a: '^1.0.0' }),
      'package-lock.json': {
        lockfileVersion: 1,
        dependencies: {
          a: {
            version: '1.0.0',
            requires: { b: '^2.0.0' },
            dependencies: { b: { version: '2.0.0' } },
          },
          b: { version: '1.0.0' },
        },
      },
    })
    assert.deepEqual(summary(root, { largeTree: 0 }).found, [
      'dependency-large-tree package.json:5:5 low',
    ])
  })

  it('reads yarn.lock v1: in sync, and out of sync', () => {
    const yarnLock = `# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
# yarn lockfile v1


"@types/node@^20.0.0":
  version "20.11.0"
  resolved "https://registry.yarnpkg.com/@types/node/-/node-20.11.0.tgz"

express@^4.18.2, express@^4.18.0:
  version "4.18.2"
  dependencies:
    "body-parser" "1.20.1"
    debug "2.6.9"

body-parser@1.20.1:
  version "1.20.1"

debug@2.6.9:
  version "2.6.9"
`
    const inSync = project({
      'package.json': pkg({ express: '^4.18.2' }, { '@types/node': '^20.0.0' }),
      'yarn.lock': yarnLock,
    })
    assert.deepEqual(summary(inSync, { largeTree: 1 }).found, [
      'dependency-large-tree package.json:5:5 low',
    ])
    const stale = project({ 'package.json': pkg({ express: '^4.19.0' }), 'yarn.lock': yarnLock })
    assert.deepEqual(summary(stale).found, ['lockfile-out-of-sync package.json:5:5 medium'])
  })

  it('reads yarn berry lockfiles', () => {
    const lock = `__metadata:
  version: 8
  cacheKey: 10

"axios@npm:^1.6.0":
  version: 1.6.7
  resolution: "axios@npm:1.6.7"
  dependencies:
    follow-redirects: "npm:^1.15.4"
  languageName: node
  linkType: hard

"follow-redirects@npm:^1.15.4":
  version: 1.15.5
  resolution: "follow-redirects@npm:1.15.5"
  languageName: node
  linkType: hard
`
    const root = project({ 'package.json': pkg({ axios: '^1.6.0' }), 'yarn.lock': lock })
    assert.deepEqual(summary(root, { largeTree: 0 }).found, [
      'dependency-large-tree package.json:5:5 low',
    ])
    const stale = project({ 'package.json': pkg({ axios: '^1.7.0' }), 'yarn.lock': lock })
    assert.deepEqual(summary(stale).found, ['lockfile-out-of-sync package.json:5:5 medium'])
  })

  for (const [version, lock] of [
    [
      '9.0',
      "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      hono:\n        specifier: ^4.0.0\n        version: 4.1.0\n\npackages:\n  hono@4.1.0:\n    resolution: {integrity: sha512-x}\n    deprecated: use v5\n  esbuild@0.20.0:\n    resolution: {integrity: sha512-y}\n    requiresBuild: true\n\nsnapshots:\n  hono@4.1.0: {}\n  esbuild@0.20.0: {}\n",
    ],
    [
      '6.0',
      "lockfileVersion: '6.0'\n\ndependencies:\n  hono:\n    specifier: ^4.0.0\n    version: 4.1.0\n\npackages:\n  /hono@4.1.0:\n    resolution: {integrity: sha512-x}\n    deprecated: use v5\n  /esbuild@0.20.0:\n    resolution: {integrity: sha512-y}\n    requiresBuild: true\n",
    ],
    [
      '5.4',
      'lockfileVersion: 5.4\n\nspecifiers:\n  hono: ^4.0.0\n\ndependencies:\n  hono: 4.1.0\n\npackages:\n  /hono/4.1.0:\n    resolution: {integrity: sha512-x}\n    deprecated: use v5\n  /esbuild/0.20.0:\n    resolution: {integrity: sha512-y}\n    requiresBuild: true\n',
    ],
  ] as const) {
    it(`reads pnpm-lock.yaml ${version}`, () => {
      const root = project({ 'package.json': pkg({ hono: '^4.0.0' }), 'pnpm-lock.yaml': lock })
      assert.deepEqual(
        summary(root)
          .found.map((f) => f.split(' ')[0])
          .sort(),
        ['dependency-deprecated', 'dependency-install-script'],
      )
      const stale = project({ 'package.json': pkg({ hono: '^4.2.0' }), 'pnpm-lock.yaml': lock })
      assert.ok(summary(stale).found.includes('lockfile-out-of-sync package.json:5:5 medium'))
    })
  }

  it('reads bun.lock', () => {
    const lock =
      '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "dependencies": {\n        "hono": "^4.0.0",\n      },\n    },\n  },\n  "packages": {\n    "hono": ["hono@4.1.0", "", {}, "sha512-x"],\n  },\n}\n'
    assert.deepEqual(
      summary(project({ 'package.json': pkg({ hono: '^4.0.0' }), 'bun.lock': lock })).found,
      [],
    )
    assert.deepEqual(
      summary(project({ 'package.json': pkg({ hono: '^5.0.0' }), 'bun.lock': lock })).found,
      ['lockfile-out-of-sync package.json:5:5 medium'],
    )
  })

  it('folds npm audit --json (npm 7+ and npm 6) into findings', () => {
    const root = project({
      'package.json': pkg({ lodash: '^4.17.0' }),
      'package-lock.json': npmLock(
        { lodash: '^4.17.0' },
        { 'node_modules/lodash': { version: '4.17.15' } },
      ),
    })
    const v2 = JSON.stringify({
      auditReportVersion: 2,
      vulnerabilities: {
        lodash: {
          name: 'lodash',
          severity: 'high',
          isDirect: true,
          via: [
            {
              title: 'Prototype Pollution in lodash',
              url: 'https://github.com/advisories/GHSA-p6mc-m468-83gw',
              severity: 'high',
              range: '<4.17.19',
            },
          ],
          range: '<4.17.19',
        },
        'deep-thing': {
          name: 'deep-thing',
          severity: 'moderate',
          isDirect: false,
          via: ['lodash'],
        },
      },
    })
    const found = summary(root, { npmAuditJson: v2 })
    assert.deepEqual(found.found, ['known-vulnerability package.json:5:5 high'])
    assert.match(found.findings[0]?.message ?? '', /Prototype Pollution in lodash/)
    const v1 = JSON.stringify({
      advisories: {
        1523: {
          module_name: 'minimist',
          severity: 'critical',
          title: 'Prototype Pollution',
          url: 'https://npmjs.com/advisories/1523',
          vulnerable_versions: '<1.2.6',
        },
      },
    })
    assert.deepEqual(summary(root, { npmAuditJson: v1 }).found, [
      'known-vulnerability package.json:1:1 critical',
    ])
  })

  it('keeps going with a clear error when a file is malformed', () => {
    const root = project({
      'package.json': '{ "dependencies": { "a": "^1.0.0" ',
      'svc/package.json': pkg({ b: '^1.0.0' }),
      'svc/package-lock.json': '{ not json',
    })
    const { found, errors } = summary(root, { npmAuditJson: 'nope' })
    assert.deepEqual(found, [])
    assert.deepEqual(errors.map((e) => e.file).sort(), [
      '--npm-audit',
      'package.json',
      'svc/package-lock.json',
    ])
    assert.ok(errors.every((e) => e.message.length > 10))
  })
})
