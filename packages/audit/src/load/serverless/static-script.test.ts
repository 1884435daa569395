// serverless.ts as the Serverless TypeScript template writes it: aliases from an extended
// tsconfig, functions and resources imported from their own modules, objects spread in.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { withProject } from '../../testing/project.js'
import { loadProject } from '../index.js'

const HANDLER_RESOLVER = `export const handlerPath = (context: string) =>
  \`\${context.split(process.cwd())[1].substring(1).replace(/\\\\/g, '/')}\`
`
const HELLO_INDEX = `import { handlerPath } from '@libs/handler-resolver'

export default {
  handler: \`\${handlerPath(__dirname)}/handler.main\`,
  events: [{ http: { method: 'post', path: 'hello' } }],
}
`
const config = (
  imports: string,
  functions: string,
  resources = '',
) => `import type { AWS } from '@serverless/typescript'
${imports}
const serverlessConfiguration: AWS = {
  service: 'template-service',
  provider: { name: 'aws', runtime: 'nodejs20.x' },
  functions: ${functions},${resources}
}
module.exports = serverlessConfiguration
`

interface Case {
  readonly name: string
  readonly files: Record<string, string>
  readonly functions: readonly string[]
  readonly handlers?: readonly string[]
  readonly resources?: readonly string[]
  /** Problems expected, by a fragment of their message. */
  readonly problems?: readonly RegExp[]
}

const CASES: readonly Case[] = [
  {
    name: 'aliases kept in tsconfig.paths.json, which tsconfig.json extends',
    files: {
      'serverless.ts': config("import hello from '@functions/hello'", '{ hello }'),
      'tsconfig.json': `{
  "extends": "./tsconfig.paths.json",
  // comments are allowed in tsconfig files
  "compilerOptions": { "lib": ["ESNext"], "target": "ES2020", },
}`,
      'tsconfig.paths.json': `{
  "compilerOptions": {
    "baseUrl": ".",
    "paths": { "@functions/*": ["src/functions/*"], "@libs/*": ["src/libs/*"] }
  }
}`,
      'src/functions/hello/index.ts': HELLO_INDEX,
      'src/functions/hello/handler.ts': 'export const main = async () => ({ statusCode: 200 })\n',
      'src/libs/handler-resolver.ts': HANDLER_RESOLVER,
    },
    functions: ['hello'],
    handlers: ['src/functions/hello/handler.ts'],
  },
  {
    name: 'baseUrl in the extended config, paths in the extending one (extends without .json)',
    files: {
      'serverless.ts': config("import hello from '@fn/hello'", '{ hello }'),
      'tsconfig.json':
        '{ "extends": "./config/base", "compilerOptions": { "paths": { "@fn/*": ["functions/*"] } } }',
      'config/base.json': '{ "compilerOptions": { "baseUrl": "../src" } }',
      'src/functions/hello/index.ts': HELLO_INDEX.replace(
        '@libs/handler-resolver',
        '../../handler-resolver',
      ),
      'src/functions/hello/handler.ts': 'export const main = async () => ({ statusCode: 200 })\n',
      'src/handler-resolver.ts': HANDLER_RESOLVER,
    },
    functions: ['hello'],
    handlers: ['src/functions/hello/handler.ts'],
  },
  {
    // The template's older layout: one index re-exporting every function.
    name: 'functions re-exported from src/functions/index.ts',
    files: {
      'serverless.ts': config(
        "import { hello, goodbye } from './src/functions'",
        '{ hello, goodbye }',
      ),
      'src/functions/index.ts':
        "export { default as hello } from './hello'\nimport goodbye from './goodbye'\nexport { goodbye }\n",
      'src/functions/hello/index.ts': HELLO_INDEX.replace(
        '@libs/handler-resolver',
        '../../handler-resolver',
      ),
      'src/functions/hello/handler.ts': 'export const main = async () => ({ statusCode: 200 })\n',
      'src/functions/goodbye.ts': "export default { handler: 'src/functions/bye.main' }\n",
      'src/functions/bye.ts': 'export const main = async () => ({ statusCode: 200 })\n',
      'src/handler-resolver.ts': HANDLER_RESOLVER,
    },
    functions: ['hello', 'goodbye'],
    handlers: ['src/functions/hello/handler.ts', 'src/functions/bye.ts'],
  },
  {
    name: 'resources spread in from an imported module',
    files: {
      'serverless.ts': config(
        "import dynamoResources from './serverless/dynamo-resources'",
        "{ get: { handler: 'src/get.handler' } }",
        '\n  resources: { Resources: { ...dynamoResources } },',
      ),
      'serverless/dynamo-resources.ts': `const dynamoResources = {
  urlTable: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } },
}
export default dynamoResources
`,
      'src/get.ts': 'export const handler = async () => ({ statusCode: 200 })\n',
    },
    functions: ['get'],
    resources: ['urlTable'],
  },
  {
    name: 'functions imported from a package: said, not silently dropped',
    files: {
      'serverless.ts': config("import functions from '@acme/shared-functions'", 'functions'),
    },
    functions: [],
    problems: [/`functions` is imported from '@acme\/shared-functions'.*not audited/],
  },
]

describe('serverless.ts read statically', () => {
  for (const c of CASES) {
    it(c.name, () => {
      withProject(c.files, (dir) => {
        const { project, problems } = loadProject(dir)
        const [service] = project.services
        assert.ok(service !== undefined)
        assert.deepEqual(
          service.functions.map((f) => f.name),
          c.functions,
        )
        if (c.handlers)
          assert.deepEqual(
            service.functions.map((f) => f.handler?.file),
            c.handlers,
          )
        if (c.resources)
          assert.deepEqual(
            service.resources.map((r) => r.logicalId),
            c.resources,
          )
        assert.equal(
          problems.length,
          c.problems?.length ?? 0,
          problems.map((p) => p.message).join('\n'),
        )
        for (const [i, p] of (c.problems ?? []).entries()) {
          assert.match(problems[i]?.message ?? '', p)
        }
      })
    })
  }
})
