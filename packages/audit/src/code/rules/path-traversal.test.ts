import { ruleTable } from '../testing/rule-table.js'
import { pathTraversal } from './path-traversal.js'

ruleTable(pathTraversal, {
  valid: [
    {
      name: 'basename',
      code: "const fs = require('fs')\nconst path = require('path')\nexports.handler = async (event) => fs.readFileSync(path.join('/var/task/docs', path.basename(event.pathParameters.name)))",
    },
    {
      name: 'constant path',
      code: "const fs = require('fs')\nexports.handler = async () => fs.readFileSync('/var/task/config.json', 'utf8')",
    },
    {
      name: 'prefix checked after resolving',
      code: "const fs = require('fs')\nconst path = require('path')\nexports.handler = async (event) => {\n  const file = path.resolve('/data', event.pathParameters.name)\n  if (!file.startsWith('/data/')) throw new Error('bad path')\n  return fs.readFileSync(file)\n}",
    },
  ],
  invalid: [
    {
      name: 'readFile from fs/promises with a template path (ESM, async)',
      file: 'handler.mjs',
      code: "import { readFile } from 'node:fs/promises'\nexport const handler = async (event) => {\n  const body = await readFile(`/var/task/docs/${event.pathParameters.name}`, 'utf8')\n  return { statusCode: 200, body }\n}",
      findings: [{ line: 3, column: 22 }],
    },
    {
      name: 'path.join does not stop ../',
      code: "const fs = require('fs')\nconst path = require('path')\nexports.handler = async (event) => {\n  fs.unlinkSync(path.join('/tmp/uploads', event.queryStringParameters.file))\n}",
      findings: [{ line: 4, column: 3 }],
    },
    {
      name: 'res.sendFile in Express',
      files: {
        'app.js':
          "const app = require('express')()\napp.get('/files/:name', (req, res) => res.sendFile('/srv/' + req.params.name))\nmodule.exports.handler = require('serverless-http')(app)",
      },
      findings: [{ line: 2, column: 39 }],
    },
  ],
})
