import { ruleTable } from '../testing/rule-table.js'
import { moduleScopeUserData } from './module-scope-user-data.js'

ruleTable(moduleScopeUserData, {
  valid: [
    {
      name: 'clients cached in module scope',
      code: "const { DynamoDBClient } = require('@aws-sdk/client-dynamodb')\nlet client\nexports.handler = async (event) => {\n  if (!client) client = new DynamoDBClient({})\n  return client\n}",
    },
    {
      name: 'config cached in module scope',
      code: 'let config\nexports.handler = async () => {\n  config = config || JSON.parse(process.env.CONFIG)\n  return config\n}',
    },
    {
      name: 'user data kept in a local',
      code: 'exports.handler = async (event) => {\n  let user = event.requestContext.authorizer.claims\n  user = { ...user, seen: true }\n  return user\n}',
    },
    {
      name: 'a module-level logger gets request keys',
      code: "const { Logger } = require('@aws-lambda-powertools/logger')\nconst logger = new Logger()\nexports.handler = async (event) => { logger.appendKeys({ path: event.path }) }",
    },
    {
      name: 'a module variable assigned at load time',
      code: 'let currentUser = null\ncurrentUser = process.env.DEFAULT_USER\nexports.handler = async () => currentUser',
    },
    {
      name: 'writing a constant to /tmp',
      code: "const fs = require('fs')\nexports.handler = async () => fs.writeFileSync('/tmp/ready', 'ok')",
    },
  ],
  invalid: [
    {
      name: 'claims kept in a module variable (ESM)',
      file: 'handler.mjs',
      code: 'let currentUser\nexport const handler = async (event) => {\n  currentUser = event.requestContext.authorizer.claims\n  return getOrders()\n}\nfunction getOrders() {\n  return currentUser.sub\n}',
      findings: [{ line: 3, column: 3 }],
    },
    {
      name: 'a module-level cache keyed by user',
      code: 'const cache = new Map()\nexports.handler = async (event) => {\n  const body = JSON.parse(event.body)\n  cache.set(body.userId, body)\n  return { statusCode: 200 }\n}',
      findings: [{ line: 4, column: 3 }],
    },
    {
      name: 'a property of a module object set from the request (TypeScript, middy)',
      file: 'handler.ts',
      code: "import middy from '@middy/core'\nconst state: Record<string, unknown> = {}\nconst base = async (event: any) => {\n  state.lastBody = event.body\n}\nexport const handler = middy(base)",
      findings: [{ line: 4, column: 3 }],
    },
    {
      name: 'request data written to /tmp',
      code: "const fs = require('fs')\nexports.handler = async (event) => {\n  fs.writeFileSync(`/tmp/${Date.now()}.json`, event.body)\n}",
      findings: [{ line: 3, column: 3 }],
    },
  ],
})
