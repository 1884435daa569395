// The policy fixtures audited: over-privilege at the role statements, missing permissions at the calls.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { audit } from '../audit.js'
import { iamMissingPermission } from '../rules/iam-missing-permission.js'
import { iamOverPrivilege } from '../rules/iam-over-privilege.js'
import { TEST_NOW } from '../testing/project.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))

const EXPECTED: Record<string, string[]> = {
  'policy-serverless': [
    'iam-over-privilege serverless.yml:22 createOrder: this statement grants dynamodb:DeleteItem that no function using it calls',
    'iam-over-privilege serverless.yml:36 getOrder: this statement grants dynamodb:* where the code it loads only calls dynamodb:GetItem, dynamodb:PutItem; applies to every resource where the calls only touch ${OrdersTable.Arn}',
    'iam-missing-permission src/handlers/export.ts:15 exportOrders: exportOrders calls s3:PutObject on arn:${AWS::Partition}:s3:::shop-dev-exports/exports/*.json but role ExportOrdersIamRoleLambdaExecution (used by exportOrders) does not allow it: the call fails with AccessDenied',
    'iam-missing-permission src/handlers/export.ts:15 exportOrders: exportOrders calls s3:AbortMultipartUpload on arn:${AWS::Partition}:s3:::shop-dev-exports/exports/*.json but role ExportOrdersIamRoleLambdaExecution (used by exportOrders) does not allow it: the call fails with AccessDenied',
    'iam-missing-permission src/handlers/legacy.js:6 legacyReport: legacyReport calls dynamodb:Scan on ${OrdersTable.Arn} but the provider role (used by legacyReport) does not allow it: the call fails with AccessDenied',
  ],
  'policy-sam': [
    'iam-over-privilege template.yaml:19 ListItemsFunction: policy template DynamoDBCrudPolicy grants dynamodb:GetItem, dynamodb:DeleteItem, dynamodb:PutItem, dynamodb:Scan, dynamodb:UpdateItem, dynamodb:BatchWriteItem and 3 more that no function using it calls',
    'iam-over-privilege template.yaml:42 ThumbnailFunction: managed policy AmazonS3FullAccess grants s3-object-lambda:* that no function using it calls; grants s3:* where the code it loads only calls s3:GetObject, s3:PutObject; applies to every resource where the calls only touch ${ImagesBucket.Arn}/originals/*, ${ImagesBucket.Arn}/thumbnails/*',
  ],
}

describe('policy fixtures audited', () => {
  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    it(fixture, () => {
      const result = audit(`${FIXTURES}${fixture}`, {
        now: TEST_NOW,
        rules: [iamOverPrivilege, iamMissingPermission],
      })
      assert.deepEqual(result.errors, [])
      assert.deepEqual(
        result.findings.map(
          (f) =>
            `${f.rule} ${f.file}:${f.line} ${f.function}: ${f.message.replace(/^.*?\): /, '')}`,
        ),
        expected,
      )
    })
  }
})
