import { ruleTable } from '../testing/rule-table.js'
import { corsWildcardInCode } from './cors-wildcard-in-code.js'

ruleTable(corsWildcardInCode, {
  valid: [
    {
      name: 'a fixed origin',
      code: "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example.com' }, body: '{}' })",
    },
    {
      name: 'origin checked against an allowlist',
      code: "const ALLOWED = ['https://app.example.com']\nexports.handler = async (event) => {\n  const origin = event.headers.origin\n  if (!ALLOWED.includes(origin)) return { statusCode: 403 }\n  return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' } }\n}",
    },
    {
      name: 'cors() with an allowlist',
      handler: false,
      code: "const cors = require('cors')\nmodule.exports = cors({ origin: ['https://app.example.com'] })",
    },
  ],
  invalid: [
    {
      name: 'the aws-samples headers object',
      code: "const headers = {\n  'Content-Type': 'application/json',\n  'Access-Control-Allow-Origin': '*',\n}\nexports.handler = async () => ({ statusCode: 200, headers, body: '{}' })",
      findings: [{ line: 3, column: 3, severity: 'medium' }],
    },
    {
      name: '* with credentials (TypeScript)',
      file: 'handler.ts',
      code: "export const handler = async () => ({\n  statusCode: 200,\n  headers: { 'access-control-allow-origin': '*', 'access-control-allow-credentials': true },\n})",
      findings: [{ line: 3, column: 14, severity: 'high' }],
    },
    {
      name: 'origin reflected with credentials',
      code: "exports.handler = async (event) => ({\n  statusCode: 200,\n  headers: { 'Access-Control-Allow-Origin': event.headers.origin, 'Access-Control-Allow-Credentials': 'true' },\n})",
      findings: [{ line: 3, column: 14, severity: 'high' }],
    },
    {
      // The usual Lambda handler: the same headers written out on each of its returns.
      name: 'headers repeated on every return of a handler are one finding',
      file: 'auth.ts',
      code: "export const signup = async (event: any) => {\n  if (!event.body) {\n    return { statusCode: 400, headers: { 'Access-Control-Allow-Origin': '*' } }\n  }\n  try {\n    return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' }\n  } catch (error) {\n    return { statusCode: 500, headers: { 'Access-Control-Allow-Origin': '*' }, body: '{}' }\n  }\n}",
      handler: 'auth.signup',
      findings: [{ line: 3, column: 42 }],
    },
    {
      name: 'Express cors() with defaults',
      files: {
        'app.js':
          "const express = require('express')\nconst cors = require('cors')\nconst app = express()\napp.use(cors())\nmodule.exports.handler = require('serverless-http')(app)",
      },
      findings: [{ line: 4, column: 9 }],
    },
    {
      name: 'res.setHeader in a route',
      files: {
        'app.js':
          "const app = require('express')()\napp.get('/x', (req, res) => {\n  res.setHeader('Access-Control-Allow-Origin', '*')\n  res.json({})\n})\nmodule.exports.handler = require('serverless-http')(app)",
      },
      findings: [{ line: 3, column: 3 }],
    },
  ],
})
