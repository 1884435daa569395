import { ruleTable } from '../testing/rule-table.js'
import { unsafeDeserialization } from './unsafe-deserialization.js'

ruleTable(unsafeDeserialization, {
  valid: [
    { name: 'JSON.parse', code: 'exports.handler = async (event) => JSON.parse(event.body)' },
    {
      name: 'js-yaml 4 load (safe by default)',
      code: "const yaml = require('js-yaml')\nexports.handler = async (event) => yaml.load(event.body)",
      dependencies: { 'js-yaml': '^4.1.0' },
    },
    {
      name: 'yaml package parse',
      code: "const YAML = require('yaml')\nexports.handler = async (event) => YAML.parse(event.body)",
    },
  ],
  invalid: [
    {
      name: 'node-serialize on a cookie (the classic)',
      code: "const serialize = require('node-serialize')\nexports.handler = async (event) => {\n  const profile = serialize.unserialize(Buffer.from(event.headers.profile, 'base64').toString())\n  return { statusCode: 200, body: profile.name }\n}",
      findings: [{ line: 3, column: 19 }],
    },
    {
      name: 'js-yaml unsafeLoad (ESM)',
      file: 'handler.mjs',
      code: "import yaml from 'js-yaml'\nexport const handler = async (event) => yaml.unsafeLoad(event.body)",
      findings: [{ line: 2, column: 41 }],
    },
    {
      name: 'js-yaml 3 load is unsafe',
      code: "const yaml = require('js-yaml')\nexports.handler = async (event) => yaml.load(event.body)",
      dependencies: { 'js-yaml': '^3.13.1' },
      findings: [{ line: 2, column: 36 }],
    },
  ],
})
