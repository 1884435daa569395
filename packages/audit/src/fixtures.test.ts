// End to end over the fixture projects (one per format): every finding, by rule and position.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { audit } from './audit.js'
import { TEST_NOW } from './testing/project.js'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

const EXPECTED: Record<string, { findings: string[]; suppressed: string[] }> = {
  'serverless-notes': {
    findings: [
      'missing-lockfile package.json:1',
      'old-runtime serverless.yml:18',
      'iam-wildcard-action serverless.yml:52',
      'iam-wildcard-resource serverless.yml:53',
      'missing-auth serverless.yml:75',
      'api-key-only-mutation serverless.yml:82',
      'api-throttling serverless.yml:16',
      'stage-separation serverless.yml:27',
      'api-throttling serverless.yml:28',
      'cors-wildcard serverless.yml:29',
      'shared-role serverless.yml:38',
      'iam-over-privilege serverless.yml:40',
      'iam-over-privilege serverless.yml:50',
      'api-timeout serverless.yml:80',
      'unencrypted-storage resources/dynamodb.yml:18',
      'api-access-logs serverless.yml:16',
      'api-monitoring serverless.yml:16',
      'log-retention serverless.yml:16',
      'api-access-logs serverless.yml:28',
      'function-concurrency serverless.yml:72',
      'function-concurrency serverless.yml:87',
      'unused-handler-file src/handlers/importLegacy.ts:1',
    ],
    suppressed: ['missing-auth serverless.yml:90'],
  },
  'sam-orders': {
    findings: [
      'secret-in-env template.yaml:90',
      'old-runtime template.yaml:14',
      'iam-wildcard-action template.yaml:96',
      'iam-wildcard-resource template.yaml:97',
      'missing-auth template.yaml:99',
      'iam-admin-policy template.yaml:115',
      'missing-auth template.yaml:116',
      'cors-wildcard template.yaml:118',
      'cors-wildcard template.yaml:30',
      'iam-over-privilege template.yaml:53',
      'insecure-transport template.yaml:91',
      'iam-over-privilege template.yaml:94',
      'iam-over-privilege template.yaml:115',
      'api-monitoring template.yaml:26',
      'log-retention template.yaml:47',
      'iam-over-privilege template.yaml:73',
      'function-concurrency template.yaml:83',
      'function-concurrency template.yaml:108',
    ],
    suppressed: ['unencrypted-storage template.yaml:139'],
  },
  'cloudformation-api': {
    findings: [
      'iam-wildcard-action stack.json:25',
      'iam-wildcard-resource stack.json:25',
      'api-key-only-mutation stack.json:81',
      'unencrypted-storage stack.json:118',
      'old-runtime stack.json:35',
      'stage-separation stack.json:42',
      'log-retention stack.json:32',
      'api-access-logs stack.json:55',
    ],
    suppressed: [],
  },
  'cdk-app': {
    findings: [
      'iam-wildcard-action cdk.out/NotesStack.template.json:97',
      'iam-wildcard-resource cdk.out/NotesStack.template.json:99',
      'old-runtime cdk.out/NotesStack.template.json:138',
      'missing-auth cdk.out/NotesStack.template.json:424',
      'iam-over-privilege cdk.out/NotesStack.template.json:68',
      'iam-over-privilege cdk.out/NotesStack.template.json:96',
      'cors-wildcard cdk.out/NotesStack.template.json:327',
      'function-concurrency cdk.out/NotesStack.template.json:115',
      'api-access-logs cdk.out/NotesStack.template.json:268',
      'api-monitoring cdk.out/NotesStack.template.json:268',
    ],
    suppressed: ['api-throttling cdk.out/NotesStack.template.json:268'],
  },
  'serverless-ts': {
    findings: [
      'secret-in-env serverless.ts:19',
      'old-runtime serverless.ts:11',
      'iam-wildcard-action serverless.ts:23',
      'iam-wildcard-resource serverless.ts:23',
      'missing-auth src/functions/hello/index.ts:5',
      'api-throttling serverless.ts:12',
      'iam-over-privilege serverless.ts:23',
      'log-retention serverless.ts:9',
      'api-access-logs serverless.ts:12',
      'api-monitoring serverless.ts:12',
      'function-concurrency serverless.ts:27',
    ],
    suppressed: [],
  },
}

describe('fixture projects', () => {
  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`${name}: every finding at its position`, () => {
      const result = audit(`${FIXTURES}${name}`, { now: TEST_NOW })
      assert.deepEqual(result.errors, [])
      assert.deepEqual(
        result.findings.map((f) => `${f.rule} ${f.file}:${f.line}`),
        expected.findings,
      )
      assert.deepEqual(
        result.suppressed.map((f) => `${f.rule} ${f.file}:${f.line}`),
        expected.suppressed,
      )
      for (const s of result.suppressed) assert.ok(s.suppression.reason.length > 10)
    })
  }

  it('the CDK framework functions (log retention provider) are not audited', () => {
    const result = audit(`${FIXTURES}cdk-app`, { now: TEST_NOW })
    const fn = result.project.services[0]?.functions.find((f) =>
      f.logicalId?.startsWith('LogRetention'),
    )
    assert.equal(fn?.generated, true)
    assert.ok(result.findings.every((f) => !f.message.includes('LogRetention')))
  })
})
