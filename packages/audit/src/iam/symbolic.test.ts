import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { operationNeeds, sdkClassOf } from './sdk-map.js'
import {
  ACCOUNT,
  coverage,
  normalizeArn,
  PARTITION,
  REGION,
  RefTable,
  toSubTemplate,
  WILD,
} from './symbolic.js'

const refs = new RefTable()
const ORDERS = refs.charFor({ logicalId: 'Orders', sub: '${Orders}' })
const USERS = refs.charFor({ logicalId: 'Users', sub: '${Users}' })
const table = (name: string) => `arn:${PARTITION}:dynamodb:${REGION}:${ACCOUNT}:table/${name}`

describe('symbolic ARNs', () => {
  it('literal partitions, regions and accounts become the pseudo parameters', () => {
    assert.equal(normalizeArn('arn:aws:dynamodb:eu-west-1:123456789012:table/t'), table('t'))
    assert.equal(
      normalizeArn('https://sqs.us-east-1.amazonaws.com/123456789012/jobs'),
      `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs`,
    )
    assert.equal(normalizeArn('arn:aws:s3:::bucket/key'), `arn:${PARTITION}:s3:::bucket/key`)
  })

  it('are written back as Fn::Sub templates', () => {
    assert.equal(
      toSubTemplate(`${table(ORDERS)}/index/${WILD}`, refs),
      'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Orders}/index/*',
    )
  })

  const cases: [string, string, string, 'yes' | 'maybe' | 'no'][] = [
    ['the full wildcard', '*', table('t'), 'yes'],
    ['the same ARN', table('t'), table('t'), 'yes'],
    ['a trailing wildcard', `arn:${PARTITION}:dynamodb:*:*:table/*`, table('t'), 'yes'],
    ['another table', table('a'), table('b'), 'no'],
    ['another service', `arn:${PARTITION}:s3:::*`, table('t'), 'no'],
    ['the same resource of the template', table(ORDERS), table(ORDERS), 'yes'],
    ['two resources of the template', table(ORDERS), table(USERS), 'no'],
    ['a template resource and a literal name', table('orders-dev'), table(ORDERS), 'maybe'],
    ['an unresolved grant', table(WILD), table('t'), 'maybe'],
    ['an unresolved need under a narrow grant', table('t'), table(WILD), 'maybe'],
    ['an unresolved need under a wildcard', table('*'), table(WILD), 'yes'],
    ['one-character wildcards', table('t?'), table('t1'), 'yes'],
    ['an index under its table ARN alone', table('t'), `${table('t')}/index/i`, 'no'],
  ]
  for (const [name, pattern, need, expected] of cases) {
    it(`coverage: ${name}`, () => assert.equal(coverage(pattern, need), expected))
  }

  it('coverage never throws, `*` covers everything and a literal covers itself', () => {
    const part = fc.oneof(
      fc.constantFrom(PARTITION, REGION, ACCOUNT, WILD, ORDERS, USERS, '*', '?', ':', '/'),
      fc.string({ maxLength: 4 }),
    )
    const text = fc.array(part, { maxLength: 12 }).map((p) => p.join(''))
    fc.assert(
      fc.property(text, text, (pattern, need) => {
        assert.ok(['yes', 'maybe', 'no'].includes(coverage(pattern, need)))
        assert.equal(coverage('*', need), 'yes')
        if (!/[*?\uE003]/.test(need)) assert.equal(coverage(need, need), 'yes')
      }),
    )
  })
})

describe('SDK → IAM table', () => {
  it('names v3 packages and v2 client files by their v2 class', () => {
    assert.equal(sdkClassOf('sfn'), 'StepFunctions')
    assert.equal(sdkClassOf('dynamodb'), 'DynamoDB')
    assert.equal(sdkClassOf('secrets-manager'), 'SecretsManager')
    assert.equal(sdkClassOf('cognito-identity-provider'), 'CognitoIdentityServiceProvider')
  })

  it('maps operations whose action has another name', () => {
    assert.deepEqual(
      operationNeeds('Lambda', 'Invoke').actions.map((a) => a.action),
      ['lambda:InvokeFunction'],
    )
    assert.deepEqual(
      operationNeeds('S3', 'ListObjectsV2').actions.map((a) => a.action),
      ['s3:ListBucket'],
    )
    assert.deepEqual(operationNeeds('STS', 'GetCallerIdentity').actions, [])
  })

  it('falls back to prefix:Operation when the IAM data has that action', () => {
    const needs = operationNeeds('DynamoDB', 'GetItem')
    assert.equal(needs.known, true)
    assert.equal(needs.actions[0]?.action, 'dynamodb:GetItem')
    assert.match(needs.actions[0]?.templates[0] ?? '', /table\/\$\{TableName\}$/)
    assert.equal(
      operationNeeds('BedrockRuntime', 'InvokeModel').actions[0]?.action,
      'bedrock:InvokeModel',
    )
    assert.equal(operationNeeds('DynamoDB', 'NoSuchOperation').known, false)
  })
})
