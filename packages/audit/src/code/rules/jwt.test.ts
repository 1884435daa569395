import { ruleTable } from '../testing/rule-table.js'
import { jwtDecodeAuth } from './jwt-decode-auth.js'
import { jwtWeakVerify } from './jwt-weak-verify.js'

ruleTable(jwtDecodeAuth, {
  valid: [
    {
      name: 'decode after verify',
      code: "const jwt = require('jsonwebtoken')\nexports.handler = async (event) => {\n  const token = event.headers.authorization.split(' ')[1]\n  jwt.verify(token, process.env.KEY, { algorithms: ['RS256'] })\n  return jwt.decode(token, { complete: true })\n}",
    },
    {
      name: 'decode behind an authorizer (claims already checked by API Gateway)',
      code: "const jwt = require('jsonwebtoken')\nexports.handler = async (event) => jwt.decode(event.headers.authorization.split(' ')[1]).email",
      routes: [{ method: 'GET', path: '/me', authorizer: true }],
    },
    {
      name: 'decoding a constant token in a script',
      handler: false,
      code: "const jwt = require('jsonwebtoken')\nconsole.log(jwt.decode(process.argv[2]))",
    },
  ],
  invalid: [
    {
      name: 'custom authorizer that only decodes',
      code: "const jwt = require('jsonwebtoken')\nexports.handler = async (event) => {\n  const claims = jwt.decode(event.authorizationToken.replace('Bearer ', ''))\n  return { principalId: claims.sub, policyDocument: allow(event.methodArn) }\n}",
      findings: [{ line: 3, column: 18 }],
    },
    {
      name: 'jwt-decode in a TypeScript handler',
      file: 'handler.ts',
      code: "import { jwtDecode } from 'jwt-decode'\nexport const handler = async (event: any) => {\n  const { role } = jwtDecode<{ role: string }>(event.headers.Authorization)\n  if (role !== 'admin') return { statusCode: 403 }\n  return { statusCode: 204 }\n}",
      findings: [{ line: 3, column: 20 }],
    },
  ],
})

ruleTable(jwtWeakVerify, {
  valid: [
    {
      name: 'algorithms pinned',
      handler: false,
      code: "const jwt = require('jsonwebtoken')\nmodule.exports = (t, key) => jwt.verify(t, key, { algorithms: ['RS256'], issuer: 'https://id.example.com' })",
    },
    {
      name: 'options built elsewhere',
      handler: false,
      code: "const jwt = require('jsonwebtoken')\nconst { verifyOptions } = require('./config')\nmodule.exports = (t, key) => jwt.verify(t, key, verifyOptions)",
    },
    {
      name: 'jose jwtVerify',
      handler: false,
      file: 'auth.mjs',
      code: "import { jwtVerify } from 'jose'\nexport const check = (t, key) => jwtVerify(t, key)",
    },
  ],
  invalid: [
    {
      name: 'no options (ESM)',
      handler: false,
      file: 'auth.mjs',
      code: "import jwt from 'jsonwebtoken'\nexport const check = (t, key) => jwt.verify(t, key)",
      findings: [{ line: 2, column: 34, severity: 'medium' }],
    },
    {
      name: 'none allowed',
      handler: false,
      code: "const jwt = require('jsonwebtoken')\nmodule.exports = (t, key) => jwt.verify(t, key, { algorithms: ['HS256', 'none'] })",
      findings: [{ line: 2, column: 30, severity: 'critical' }],
    },
    {
      name: 'ignoreExpiration and mixed algorithm families',
      handler: false,
      code: "const jwt = require('jsonwebtoken')\nmodule.exports = (t, key) => jwt.verify(t, key, { algorithms: ['HS256', 'RS256'], ignoreExpiration: true })",
      findings: [{ line: 2, column: 30, severity: 'high' }],
    },
    {
      name: 'signing with none',
      handler: false,
      code: "const jwt = require('jsonwebtoken')\nmodule.exports = (claims) => jwt.sign(claims, '', { algorithm: 'none' })",
      findings: [{ line: 2, column: 30, severity: 'critical' }],
    },
  ],
})
