import { ruleTable } from '../testing/rule-table.js'
import { cookieAuth } from './cookie-auth.js'

ruleTable(cookieAuth, {
  valid: [
    {
      name: 'bearer token from the Authorization header',
      code: "const jwt = require('jsonwebtoken')\nexports.handler = async (event) => {\n  const token = (event.headers.authorization || '').replace(/^Bearer /, '')\n  return jwt.verify(token, process.env.KEY, { algorithms: ['RS256'] })\n}",
    },
    {
      name: 'a preference cookie',
      code: "const cookie = require('cookie')\nexports.handler = async (event) => {\n  const { theme } = cookie.parse(event.headers.cookie || '')\n  return { statusCode: 200, body: theme }\n}",
    },
  ],
  invalid: [
    {
      name: 'session cookie parsed and verified',
      code: "const cookie = require('cookie')\nconst jwt = require('jsonwebtoken')\nexports.handler = async (event) => {\n  const cookies = cookie.parse(event.headers.Cookie || '')\n  const claims = jwt.verify(cookies.session, process.env.KEY, { algorithms: ['HS256'] })\n  return claims.sub\n}",
      findings: [
        { line: 5, column: 18 },
        { line: 5, column: 29 },
      ],
    },
    {
      name: 'Express req.cookies.token',
      files: {
        'app.js':
          "const app = require('express')()\napp.get('/me', async (req, res) => {\n  const user = await getUserFromToken(req.cookies.token)\n  res.json(user)\n})\nmodule.exports.handler = require('serverless-http')(app)",
      },
      findings: [
        { line: 3, column: 22 },
        { line: 3, column: 39 },
      ],
    },
    {
      name: 'HTTP API v2 cookies array (TypeScript)',
      file: 'handler.ts',
      code: "export const handler = async (event: any) => {\n  const raw = event.cookies.find((c: string) => c.startsWith('sid='))\n  return validateSession(raw.slice(4))\n}",
      findings: [{ line: 3, column: 10 }],
    },
  ],
})
