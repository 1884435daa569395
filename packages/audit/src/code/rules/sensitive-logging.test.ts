import { ruleTable } from '../testing/rule-table.js'
import { sensitiveLogging } from './sensitive-logging.js'

ruleTable(sensitiveLogging, {
  valid: [
    {
      name: 'non-sensitive fields',
      code: "exports.handler = async (event) => {\n  const { email } = JSON.parse(event.body)\n  console.log('signup', email, event.requestContext.requestId)\n}",
    },
    {
      name: 'password length and presence',
      code: "exports.handler = async (event) => {\n  const { password } = JSON.parse(event.body)\n  console.log('password length', password.length, Boolean(password))\n}",
    },
    {
      name: 'names that only contain a sensitive word',
      code: "const tokenType = 'Bearer'\nconst secretArn = process.env.SECRET_ARN\nconsole.info('config', { tokenType, secretArn, passwordPolicy: 'strong' })",
    },
    {
      name: 'a constant value under a sensitive key',
      code: "console.log({ password: '[redacted]' })",
    },
    {
      name: 'one environment variable that is not a secret',
      code: "exports.handler = async () => { console.log('table', process.env.TABLE_NAME, { stage: process.env.STAGE }) }",
    },
    {
      name: 'logging a path parameter',
      code: "exports.handler = async (event) => { console.log('get', event.pathParameters.id) }",
    },
  ],
  invalid: [
    {
      // The debugging line people leave in: every secret the function was given goes to the logs.
      name: 'the whole environment, in an object and stringified',
      file: 'index.ts',
      code: "export const handler = async (event: any) => {\n  const tableName = process.env.URL_TABLE\n  console.log({ tableName, environmentVars: process.env })\n  console.log('env: ' + JSON.stringify(process.env))\n}",
      findings: [
        { line: 3, column: 3, severity: 'high' },
        { line: 4, column: 3, severity: 'high' },
      ],
    },
    {
      name: 'the whole event with JSON.stringify (the aws-samples idiom)',
      code: 'exports.lambdaHandler = async (event, context) => {\n  console.log(JSON.stringify(event, null, 2))\n}',
      handler: 'handler.lambdaHandler',
      findings: [{ line: 2, column: 3, severity: 'medium' }],
    },
    {
      name: 'a template literal with the whole body (TypeScript)',
      file: 'handler.ts',
      code: "import { Logger } from '@aws-lambda-powertools/logger'\nconst logger = new Logger()\nexport const handler = async (event: any) => {\n  const body = JSON.parse(event.body)\n  logger.info(`received ${JSON.stringify(body)}`)\n}",
      findings: [{ line: 5, column: 3, severity: 'medium' }],
    },
    {
      name: 'a password in an object logged by pino',
      code: "const pino = require('pino')\nconst log = pino()\nexports.handler = async (event) => {\n  const { username, password } = JSON.parse(event.body)\n  log.info({ username, password }, 'login attempt')\n}",
      findings: [{ line: 5, column: 3, severity: 'high' }],
    },
    {
      name: 'the Authorization header',
      code: "exports.handler = async (event) => {\n  console.debug('auth', event.headers.Authorization)\n}",
      findings: [{ line: 2, column: 3, severity: 'high' }],
    },
    {
      name: 'all headers in an Express route',
      files: {
        'app.js':
          "const app = require('express')()\napp.use((req, res, next) => {\n  console.log(req.headers)\n  next()\n})\nmodule.exports.handler = require('serverless-http')(app)",
      },
      findings: [{ line: 3, column: 3 }],
    },
    {
      name: 'a bearer token taken from a custom authorizer event',
      code: "exports.handler = (event, context, callback) => {\n  const tokenValue = event.authorizationToken.split(' ')[1]\n  console.log('tokenValue', tokenValue)\n}",
      findings: [{ line: 3, column: 3, severity: 'high' }],
    },
    {
      name: 'an access token in a file with no handler',
      handler: false,
      code: "function refresh(accessToken) {\n  console.log('refreshing with ' + accessToken)\n}\nmodule.exports = { refresh }",
      findings: [{ line: 2, column: 3, severity: 'high' }],
    },
  ],
})
