import { ruleTable } from '../testing/rule-table.js'
import { commandInjection } from './command-injection.js'

ruleTable(commandInjection, {
  valid: [
    {
      name: 'constant command',
      code: "const { execSync } = require('child_process')\nexports.handler = async () => execSync('ls -la /tmp')",
    },
    {
      name: 'execFile with a fixed program and the input as an argument',
      code: "const { execFileSync } = require('child_process')\nexports.handler = async (event) => execFileSync('convert', ['/tmp/a.png', event.body])",
    },
    {
      name: 'input sanitized by parseInt',
      code: "const { execSync } = require('child_process')\nexports.handler = async (event) => {\n  const size = parseInt(event.queryStringParameters.size, 10)\n  execSync(`convert -resize ${size} /tmp/a.png /tmp/b.png`)\n}",
    },
    {
      name: 'allowlist check before use',
      code: "const { exec } = require('child_process')\nconst FORMATS = ['png', 'jpg']\nexports.handler = async (event) => {\n  const format = event.pathParameters.format\n  if (!FORMATS.includes(format)) return { statusCode: 400 }\n  exec('convert /tmp/a /tmp/b.' + format)\n}",
    },
    {
      name: 'a method named exec that is not child_process',
      code: 'exports.handler = async (event) => /a+/.exec(event.body)',
    },
  ],
  invalid: [
    {
      name: 'destructured execSync from require (CommonJS)',
      code: "const { execSync } = require('child_process')\nexports.handler = async (event) => {\n  const { file } = JSON.parse(event.body)\n  return execSync('cat ' + file).toString()\n}",
      findings: [{ line: 4, column: 10 }],
    },
    {
      name: 'ESM import from node:child_process, template literal, async/await with promisify',
      file: 'handler.ts',
      code: "import { exec } from 'node:child_process'\nimport { promisify } from 'node:util'\nconst run = promisify(exec)\nexport const handler = async (event: { queryStringParameters: Record<string, string> }) => {\n  const { stdout } = await run(`ping -c 1 ${event.queryStringParameters.host}`)\n  return stdout\n}",
      findings: [{ line: 5, column: 28 }],
    },
    {
      name: 'spawn with shell: true',
      code: "const cp = require('child_process')\nexports.handler = (event, context, callback) => {\n  cp.spawn('git', ['log', event.pathParameters.ref], { shell: true })\n  callback(null, { statusCode: 200 })\n}",
      findings: [{ line: 3, column: 3 }],
    },
    {
      name: 'S3 object key from an S3 event into a shell',
      code: "const { execSync } = require('child_process')\nexports.handler = async (event) => {\n  for (const record of event.Records) {\n    const key = decodeURIComponent(record.s3.object.key)\n    execSync(`zip /tmp/out.zip /tmp/${key}`)\n  }\n}",
      findings: [{ line: 5, column: 5 }],
    },
    {
      name: 'sh -c with an argument from the event',
      code: "const { spawnSync } = require('child_process')\nexports.handler = async (event) => spawnSync('sh', ['-c', 'echo ' + event.body])",
      findings: [{ line: 2, column: 36 }],
    },
    {
      name: 'an Express route behind serverless-http',
      files: {
        'app.js':
          "const express = require('express')\nconst serverless = require('serverless-http')\nconst { exec } = require('child_process')\nconst app = express()\napp.get('/ping', (req, res) => {\n  exec('ping -c 1 ' + req.query.host, (err, out) => res.send(out))\n})\nmodule.exports.handler = serverless(app)",
      },
      findings: [{ line: 6, column: 3 }],
    },
  ],
})
