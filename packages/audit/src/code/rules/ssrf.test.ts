import { ruleTable } from '../testing/rule-table.js'
import { ssrf } from './ssrf.js'

ruleTable(ssrf, {
  valid: [
    {
      name: 'fixed host, event data in the path',
      code: 'exports.handler = async (event) => fetch(`https://api.example.com/users/${event.pathParameters.id}`)',
    },
    {
      name: 'base URL from the environment',
      code: "const axios = require('axios')\nexports.handler = async (event) => axios.get(process.env.API_URL + '/items/' + event.pathParameters.id)",
    },
    {
      name: 'constant URL',
      code: "const axios = require('axios')\nexports.handler = async () => axios.get('https://example.com')",
    },
    {
      name: 'host checked against an allowlist',
      code: "const ALLOWED = new Set(['https://a.example.com'])\nexports.handler = async (event) => {\n  const url = event.queryStringParameters.url\n  if (!ALLOWED.has(url)) return { statusCode: 400 }\n  return fetch(url)\n}",
    },
  ],
  invalid: [
    {
      name: 'fetch of a URL from the query string',
      file: 'handler.mjs',
      code: 'export const handler = async (event) => {\n  const res = await fetch(event.queryStringParameters.url)\n  return { statusCode: 200, body: await res.text() }\n}',
      findings: [{ line: 2, column: 21 }],
    },
    {
      name: 'axios with a host from the body (TypeScript)',
      file: 'handler.ts',
      code: "import axios from 'axios'\nexport const handler = async (event: any) => {\n  const { host } = JSON.parse(event.body)\n  return axios.get(`https://${host}/status`)\n}",
      findings: [{ line: 4, column: 10 }],
    },
    {
      name: 'http.get with the URL from an SNS message',
      code: "const https = require('https')\nexports.handler = (event) => {\n  const msg = JSON.parse(event.Records[0].Sns.Message)\n  https.get(msg.callbackUrl, () => {})\n}",
      findings: [{ line: 4, column: 3 }],
    },
    {
      name: 'axios config object with a tainted url',
      code: "const axios = require('axios')\nexports.handler = async (event) => axios({ method: 'get', url: event.queryStringParameters.target })",
      findings: [{ line: 2, column: 36 }],
    },
  ],
})
