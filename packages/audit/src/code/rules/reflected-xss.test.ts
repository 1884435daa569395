import { ruleTable } from '../testing/rule-table.js'
import { reflectedXss } from './reflected-xss.js'

ruleTable(reflectedXss, {
  valid: [
    {
      name: 'JSON response',
      code: "exports.handler = async (event) => ({ statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: event.queryStringParameters.name }) })",
    },
    {
      name: 'escaped HTML',
      code: "const escapeHtml = require('escape-html')\nexports.handler = async (event) => ({\n  statusCode: 200,\n  headers: { 'Content-Type': 'text/html' },\n  body: `<h1>Hello ${escapeHtml(event.queryStringParameters.name)}</h1>`,\n})",
    },
    {
      name: 'HTML without request data',
      code: "exports.handler = async () => ({ statusCode: 200, headers: { 'content-type': 'text/html' }, body: '<h1>Hi</h1>' })",
    },
    {
      name: 'res.json in Express',
      files: {
        'app.js':
          "const app = require('express')()\napp.get('/u', (req, res) => res.json({ q: req.query.q }))\nmodule.exports.handler = require('serverless-http')(app)",
      },
    },
  ],
  invalid: [
    {
      name: 'text/html body from a query parameter',
      code: "exports.handler = async (event) => {\n  const name = event.queryStringParameters.name\n  return {\n    statusCode: 200,\n    headers: { 'Content-Type': 'text/html' },\n    body: `<h1>Hello ${name}</h1>`,\n  }\n}",
      findings: [{ line: 6, column: 5 }],
    },
    {
      name: 'HTML markup in the body even without a content type (TypeScript)',
      file: 'handler.ts',
      code: "export const handler = async (event: any) => ({ statusCode: 200, body: '<p>' + event.body + '</p>' })",
      findings: [{ line: 1, column: 66 }],
    },
    {
      name: 'Express res.send of a query value',
      files: {
        'app.js':
          "const express = require('express')\nconst app = express()\napp.get('/hello', (req, res) => {\n  res.send(`<h1>Hello ${req.query.name}</h1>`)\n})\nmodule.exports.handler = require('serverless-http')(app)",
      },
      findings: [{ line: 4, column: 3, severity: 'high' }],
    },
  ],
})
