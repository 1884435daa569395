import { ruleTable } from '../testing/rule-table.js'
import { missingAuthInCode } from './missing-auth-in-code.js'

const open = [{ method: 'DELETE', path: '/orders/{id}', authorizer: false }] as const

ruleTable(missingAuthInCode, {
  valid: [
    {
      name: 'the route has an authorizer',
      code: 'exports.handler = async (event) => deleteOrder(event.pathParameters.id)',
      routes: [{ method: 'DELETE', path: '/orders/{id}', authorizer: true }],
    },
    {
      name: 'declared public',
      code: 'exports.handler = async () => ({ statusCode: 200 })',
      routes: [{ method: 'GET', path: '/health', authorizer: false, declaredPublic: true }],
    },
    {
      name: 'not an HTTP function',
      code: 'exports.handler = async (event) => event.Records.length',
      routes: [],
    },
    {
      name: 'verifies a bearer token itself',
      code: "const jwt = require('jsonwebtoken')\nexports.handler = async (event) => {\n  const token = (event.headers.Authorization || '').slice(7)\n  jwt.verify(token, process.env.KEY, { algorithms: ['RS256'] })\n  return deleteOrder(event.pathParameters.id)\n}",
      routes: open,
    },
    {
      name: 'wrapped by the guard',
      file: 'handler.ts',
      code: "import { createGuard } from '@bulwark/guard'\nconst guard = createGuard({})\nexport const handler = guard.http({ auth: { permissions: ['orders:delete'] } }, async (req) => deleteOrder(req.params.id))",
      routes: open,
    },
    {
      name: 'checks through a helper in another module',
      files: {
        'handler.js':
          "const { requireUser } = require('./auth')\nexports.handler = async (event) => {\n  await requireUser(event)\n  return deleteOrder(event.pathParameters.id)\n}",
        'auth.js':
          "exports.requireUser = async (event) => {\n  const header = event.headers['x-api-key']\n  if (header !== process.env.KEY) throw new Error('unauthorized')\n}",
      },
      routes: open,
    },
  ],
  invalid: [
    {
      name: 'an open DELETE route that never checks',
      code: 'exports.handler = async (event) => {\n  return deleteOrder(event.pathParameters.id)\n}',
      routes: open,
      findings: [{ line: 1, column: 19 }],
    },
    {
      name: 'middy-wrapped TypeScript handler',
      file: 'src/handler.ts',
      handler: 'src/handler.main',
      code: "import middy from '@middy/core'\nconst remove = async (event: any) => ({ statusCode: 204, body: event.pathParameters.id })\nexport const main = middy(remove)",
      routes: open,
      findings: [{ line: 2, column: 16 }],
    },
  ],
})
