import { ruleTable } from '../testing/rule-table.js'
import { evalInjection } from './eval-injection.js'

ruleTable(evalInjection, {
  valid: [
    { name: 'constant eval string', code: "exports.handler = async () => eval('1 + 1')" },
    {
      name: 'eval of a const bound to a literal',
      code: "const expr = '2 * 3'\nexports.handler = async () => eval(expr)",
    },
    {
      name: 'timer with a function',
      code: 'exports.handler = async (event) => {\n  setTimeout(() => console.log(event.id), 10)\n}',
    },
    {
      name: 'new Function with constant code',
      code: "const add = new Function('a', 'b', 'return a + b')\nexports.handler = async () => add(1, 2)",
    },
    {
      name: 'JSON.parse instead of eval',
      code: 'exports.handler = async (event) => JSON.parse(event.body)',
    },
    {
      name: 'a method named eval on an object',
      code: 'exports.handler = async (event) => rules.eval(event.body)',
    },
  ],
  invalid: [
    {
      name: 'CommonJS handler evals the body',
      code: 'exports.handler = async (event) => {\n  return eval(event.body)\n}',
      findings: [{ line: 2, column: 10, severity: 'critical' }],
    },
    {
      name: 'TypeScript ESM handler builds a Function from a destructured body field',
      file: 'src/calc.ts',
      handler: 'src/calc.handler',
      code: "import type { APIGatewayProxyEvent } from 'aws-lambda'\nexport const handler = async (event: APIGatewayProxyEvent) => {\n  const { expr } = JSON.parse(event.body ?? '{}') as { expr: string }\n  const fn = new Function('x', expr)\n  return fn(1)\n}",
      findings: [{ line: 4, column: 14, severity: 'critical' }],
    },
    {
      name: 'vm in a handler wrapped by middy',
      file: 'handler.mjs',
      code: "import middy from '@middy/core'\nimport jsonBodyParser from '@middy/http-json-body-parser'\nimport vm from 'node:vm'\nconst base = async (event) => {\n  return vm.runInNewContext(event.body.code, {})\n}\nexport const handler = middy(base).use(jsonBodyParser())",
      findings: [{ line: 5, column: 10, severity: 'critical' }],
    },
    {
      name: 'an authorization check on the whole event does not clean its fields',
      code: 'function isAdmin(event) {\n  return true\n}\nexports.handler = async (event) => {\n  if (isAdmin(event)) eval(event.body.cmd)\n}',
      findings: [{ line: 5, column: 23, severity: 'critical' }],
    },
    {
      name: 'string timer',
      code: "exports.handler = async (event) => {\n  setTimeout('notify(' + event.body + ')', 0)\n}",
      findings: [{ line: 2, column: 3, severity: 'critical' }],
    },
    {
      name: 'dynamic eval with no event in sight',
      code: 'module.exports.run = (code) => eval(code)',
      handler: false,
      findings: [{ line: 1, column: 32, severity: 'medium' }],
    },
    {
      name: 'through a project function in another module',
      files: {
        'handler.js':
          "const { evaluate } = require('./lib/calc')\nexports.handler = async (event) => evaluate(event.queryStringParameters.q)",
        'lib/calc.js': 'exports.evaluate = function (expr) {\n  return eval(expr)\n}',
      },
      findings: [{ file: 'lib/calc.js', line: 2, column: 10, severity: 'critical' }],
    },
  ],
})
