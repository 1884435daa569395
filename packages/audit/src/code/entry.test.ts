import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createCodeAnalyzer } from './analyzer.js'
import { memoryHost } from './host.js'
import { resolveHandler, resolveImport } from './resolve.js'
import type { Files } from './testing/analyze.js'

const SINK = 'eval(event.body)'

/** Resolves `handler` in a project and returns the findings of following it (one eval per entry). */
function follow(files: Files, handler: string) {
  const analyzer = createCodeAnalyzer({ root: '/virtual', host: memoryHost(files) })
  const report = analyzer.analyzeHandler({ handler, functionName: 'fn' })
  const tainted = analyzer
    .findings()
    .filter((f) => f.rule === 'eval-injection' && f.severity === 'critical' && f.function === 'fn')
  return { report, tainted }
}

describe('handler entry points', () => {
  const cases: Array<{ name: string; files: Files; handler: string; entries?: number }> = [
    {
      name: 'serverless.yml style path to a TypeScript file, named async function',
      handler: 'src/handlers/users.create',
      files: { 'src/handlers/users.ts': `export async function create(event: any) { ${SINK} }` },
    },
    {
      name: 'exports.handler = async function',
      handler: 'index.handler',
      files: { 'index.js': `exports.handler = async function (event, context) { ${SINK} }` },
    },
    {
      name: 'module.exports.handler with a callback handler',
      handler: 'index.handler',
      files: {
        'index.js': `module.exports.handler = (event, context, callback) => { ${SINK}; callback(null, {}) }`,
      },
    },
    {
      name: 'module.exports = { handler } (shorthand of a local)',
      handler: 'index.handler',
      files: {
        'index.js': `const handler = async (event) => { ${SINK} }\nmodule.exports = { handler }`,
      },
    },
    {
      name: 'module.exports = { method() {} }',
      handler: 'index.handler',
      files: { 'index.js': `module.exports = { async handler(event) { ${SINK} } }` },
    },
    {
      name: 'SAM app.lambdaHandler in a .mjs file',
      handler: 'hello-world/app.lambdaHandler',
      files: {
        'hello-world/app.mjs': `export const lambdaHandler = async (event, context) => { ${SINK} }`,
      },
    },
    {
      name: 'export { impl as handler }',
      handler: 'h.handler',
      files: {
        'h.ts': `const impl = async (event: any) => { ${SINK} }\nexport { impl as handler }`,
      },
    },
    {
      name: 're-export from another module (NodeNext .js specifier to .ts)',
      handler: 'src/index.handler',
      files: {
        'src/index.ts': "export { handler } from './impl.js'",
        'src/impl.ts': `export const handler = async (event: any) => { ${SINK} }`,
      },
    },
    {
      name: 'export * from a folder index',
      handler: 'src/index.handler',
      files: {
        'src/index.ts': "export * from './handlers'",
        'src/handlers/index.ts': `export const handler = async (event: any) => { ${SINK} }`,
      },
    },
    {
      name: 'default export',
      handler: 'index.default',
      files: { 'index.mjs': `export default async function (event) { ${SINK} }` },
    },
    {
      name: 'a file name with dots',
      handler: 'src/users.handler.main',
      files: { 'src/users.handler.ts': `export const main = async (event: any) => { ${SINK} }` },
    },
    {
      name: 'compiled dist/ path falls back to src/',
      handler: 'dist/handlers/a.handler',
      files: { 'src/handlers/a.ts': `export const handler = async (event: any) => { ${SINK} }` },
    },
    {
      name: 'CommonJS module.exports = require of another module',
      handler: 'index.handler',
      files: {
        'index.js': "module.exports = require('./lib/handler')",
        'lib/handler.js': `exports.handler = async (event) => { ${SINK} }`,
      },
    },
    {
      name: 'TypeScript export =',
      handler: 'index.handler',
      files: {
        'index.ts': `const api = { handler: async (event: any) => { ${SINK} } }\nexport = api`,
      },
    },
    {
      name: 'middy(fn).use(...) chain',
      handler: 'index.handler',
      files: {
        'index.js': `const middy = require('@middy/core')\nconst cors = require('@middy/http-cors')\nconst base = async (event) => { ${SINK} }\nexports.handler = middy(base).use(cors()).use({ before: async () => {} })`,
      },
    },
    {
      name: 'middy().handler(fn)',
      handler: 'index.handler',
      files: {
        'index.ts': `import middy from '@middy/core'\nexport const handler = middy().handler(async (event: any) => { ${SINK} })`,
      },
    },
    {
      name: 'project wrapper middyfy(handler) imported from a libs folder',
      handler: 'src/functions/hello/handler.main',
      files: {
        'src/functions/hello/handler.ts': `import { middyfy } from '../../libs/lambda'\nconst hello = async (event: any) => { ${SINK} }\nexport const main = middyfy(hello)`,
        'src/libs/lambda.ts':
          "import middy from '@middy/core'\nimport jsonBodyParser from '@middy/http-json-body-parser'\nexport const middyfy = (handler: any) => middy(handler).use(jsonBodyParser())",
      },
    },
    {
      name: 'tsconfig paths aliases (the Serverless TypeScript template)',
      handler: 'src/functions/hello/handler.main',
      files: {
        'src/functions/hello/handler.ts':
          "import { middyfy } from '@libs/lambda'\nimport { run } from '@libs/run'\nconst hello = async (event: any) => run(event.body.code)\nexport const main = middyfy(hello)",
        'src/libs/lambda.ts':
          "import middy from '@middy/core'\nexport const middyfy = (handler: any) => middy(handler)",
        'src/libs/run.ts': 'export const run = (code: string) => eval(code)',
        'tsconfig.json':
          '{\n  // paths as the template writes them\n  "compilerOptions": { "baseUrl": ".", "paths": { "@libs/*": ["src/libs/*"], }, },\n}',
      },
    },
    {
      name: 'guard.http(options, fn)',
      handler: 'index.handler',
      files: {
        'index.ts': `import { createGuard } from '@bulwark/guard'\nconst guard = createGuard({})\nexport const handler = guard.http({ auth: 'public' }, async (req: any) => { eval(req.body) })`,
      },
    },
    {
      name: 'a class method bound to an instance',
      handler: 'index.handler',
      files: {
        'index.ts': `class OrderHandler {\n  constructor(private readonly table: string) {}\n  async handle(event: any) { ${SINK} }\n}\nconst instance = new OrderHandler('orders')\nexport const handler = instance.handle.bind(instance)`,
      },
    },
    {
      name: 'a class property arrow',
      handler: 'index.handler',
      files: {
        'index.ts': `class Api {\n  handler = async (event: any) => { ${SINK} }\n}\nexport const { handler } = new Api()`,
      },
    },
    {
      name: 'serverless-http over an Express app with a router in another module',
      handler: 'lambda.handler',
      entries: 1,
      files: {
        'lambda.js':
          "const serverless = require('serverless-http')\nconst app = require('./app')\nconst handler = serverless(app)\nmodule.exports.handler = async (event, context) => handler(event, context)",
        'app.js':
          "const express = require('express')\nconst users = require('./routes/users')\nconst app = express()\napp.use(express.json())\napp.use('/users', users)\nmodule.exports = app",
        'routes/users.js':
          "const router = require('express').Router()\nrouter.post('/', (req, res) => { eval(req.body.code); res.json({}) })\nrouter.get('/:id', (req, res) => res.json({ id: req.params.id }))\nmodule.exports = router",
      },
    },
    {
      name: 'serverless(app) exported directly: every route is an entry',
      handler: 'index.handler',
      entries: 3,
      files: {
        'index.js':
          "const express = require('express')\nconst serverless = require('serverless-http')\nconst app = express()\napp.use((req, res, next) => next())\napp.get('/a', (req, res) => res.json({}))\napp.post('/b', (req, res) => { eval(req.body.code) })\nmodule.exports.handler = serverless(app)",
      },
    },
    {
      name: 'Hono on Lambda',
      handler: 'src/index.handler',
      files: {
        'src/index.ts':
          "import { Hono } from 'hono'\nimport { handle } from 'hono/aws-lambda'\nconst app = new Hono()\napp.post('/run', async (c) => { eval(await c.req.text()); return c.json({}) })\nexport const handler = handle(app)",
      },
    },
  ]
  for (const c of cases) {
    it(c.name, () => {
      const { report, tainted } = follow(c.files, c.handler)
      assert.ok(report.resolved, 'the file resolves')
      assert.equal(report.entry?.exportFound, true, 'the export is found')
      if (c.entries !== undefined) assert.equal(report.entry?.functions.length, c.entries)
      assert.equal(tainted.length, 1, 'the event reaches the eval inside the entry function')
    })
  }

  it('reports a missing export as not found, and a missing file as unresolved', () => {
    const files = { 'index.js': 'exports.other = async () => {}' }
    assert.equal(follow(files, 'index.handler').report.entry?.exportFound, false)
    assert.equal(follow(files, 'missing.handler').report.resolved, false)
  })

  it('never leaves the project', () => {
    const host = memoryHost({ 'a.js': '' })
    assert.equal(resolveHandler(host, '../outside/a.handler'), undefined)
    assert.equal(resolveImport(host, 'a.js', '../../etc/passwd'), undefined)
    assert.equal(resolveImport(host, 'a.js', 'lodash'), undefined)
  })
})
