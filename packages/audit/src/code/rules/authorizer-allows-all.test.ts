import { BLUEPRINT, POLICY } from '../testing/authorizer-policies.js'
import { ruleTable } from '../testing/rule-table.js'
import { authorizerAllowsAll } from './authorizer-allows-all.js'

ruleTable(authorizerAllowsAll, {
  valid: [
    {
      name: 'jose jwtVerify before the allow',
      code: `import { jwtVerify, createRemoteJWKSet } from 'jose'
const jwks = createRemoteJWKSet(new URL(process.env.JWKS_URL))
${POLICY}export const handler = async (event) => {
  const { payload } = await jwtVerify(event.authorizationToken, jwks, { issuer: process.env.ISSUER })
  return policy(payload.sub, 'Allow', event.methodArn)
}`,
      file: 'handler.mjs',
    },
    {
      name: 'jsonwebtoken.verify in a try, Deny in the catch',
      code: `const jwt = require('jsonwebtoken')
${POLICY}exports.handler = async (event) => {
  try {
    const claims = jwt.verify(event.authorizationToken.replace('Bearer ', ''), process.env.KEY, { algorithms: ['RS256'] })
    return policy(claims.sub, 'Allow', event.methodArn)
  } catch {
    return policy('anonymous', 'Deny', event.methodArn)
  }
}`,
    },
    {
      name: 'aws-jwt-verify verifier created at module level',
      code: `const { CognitoJwtVerifier } = require('aws-jwt-verify')
const verifier = CognitoJwtVerifier.create({ userPoolId: 'pool', tokenUse: 'access', clientId: 'client' })
exports.handler = async (event) => {
  const claims = await verifier.verify(event.headers.authorization)
  return { isAuthorized: true, context: { sub: claims.sub } }
}`,
    },
    {
      name: 'HTTP API simple response compared in constant time with a stored key',
      code: `const { timingSafeEqual } = require('crypto')
const expected = Buffer.from(process.env.API_KEY)
exports.handler = async (event) => {
  const given = Buffer.from(event.headers['x-api-key'] || '')
  return { isAuthorized: given.length === expected.length && timingSafeEqual(given, expected) }
}`,
    },
    {
      name: 'the token is compared with a stored value before the allow',
      code: `${POLICY}exports.handler = async (event) => {
  if (event.authorizationToken !== process.env.TOKEN) throw new Error('Unauthorized')
  return policy('partner', 'Allow', event.methodArn)
}`,
    },
    {
      name: 'the token is looked up in the token store',
      code: `const { DynamoDBClient, GetItemCommand } = require('@aws-sdk/client-dynamodb')
const db = new DynamoDBClient({})
${POLICY}exports.handler = async (event) => {
  const { Item } = await db.send(new GetItemCommand({ TableName: 'tokens', Key: { token: { S: event.authorizationToken } } }))
  if (!Item) throw new Error('Unauthorized')
  return policy(Item.owner.S, 'Allow', event.methodArn)
}`,
    },
    {
      name: 'the effect depends on a check (unknown constant)',
      code: `${POLICY}exports.handler = async (event) => {
  const effect = event.authorizationToken === process.env.TOKEN ? 'Allow' : 'Deny'
  return policy('user', effect, event.methodArn)
}`,
    },
    {
      name: 'an IAM policy for another service is not an authorizer',
      code: `const { IAMClient, PutRolePolicyCommand } = require('@aws-sdk/client-iam')
exports.handler = async () => {
  const doc = { Version: '2012-10-17', Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }] }
  await new IAMClient({}).send(new PutRolePolicyCommand({ RoleName: 'r', PolicyName: 'p', PolicyDocument: JSON.stringify(doc) }))
}`,
    },
    {
      name: 'the AWS blueprint switches on the token',
      code: `${BLUEPRINT}exports.handler = (event, context, callback) => {
  switch (event.authorizationToken) {
    case process.env.PARTNER_TOKEN:
      callback(null, generatePolicy('partner', 'Allow', event.methodArn))
      break
    default:
      callback('Unauthorized')
  }
}`,
    },
    {
      name: 'verified by a helper in another module',
      files: {
        'authorizer.js': `const { verifyCaller } = require('./auth')
exports.handler = async (event) => {
  const user = await verifyCaller(event.headers.authorization)
  return { isAuthorized: true, context: { user } }
}`,
        'auth.js': `const jwt = require('jsonwebtoken')
exports.verifyCaller = async (header) => jwt.verify(header.slice(7), process.env.KEY, { algorithms: ['RS256'] }).sub`,
      },
    },
    {
      name: 'Deny-only authorizer',
      code: `${POLICY}exports.handler = async (event) => policy('nobody', 'Deny', event.methodArn)`,
    },
  ],
  invalid: [
    {
      name: 'return allow(...) unconditionally',
      code: `${POLICY}exports.handler = async (event) => {
  return policy('user', 'Allow', event.methodArn)
}`,
      findings: [{ line: 3, column: 88, severity: 'critical' }],
    },
    {
      name: 'isAuthorized: true unconditionally',
      code: `exports.handler = async (event) => {
  console.log('authorizing', event.routeArn)
  return { isAuthorized: true }
}`,
      findings: [{ line: 3, column: 12, severity: 'critical' }],
    },
    {
      name: 'the token is only decoded, never verified',
      code: `const jwt = require('jsonwebtoken')
exports.handler = async (event) => {
  const claims = jwt.decode(event.headers.authorization.split(' ')[1])
  return { isAuthorized: true, context: { sub: claims.sub } }
}`,
      findings: [{ line: 4, column: 12, severity: 'critical' }],
    },
    {
      name: 'Effect taken from the event',
      code: `exports.handler = async (event) => ({
  principalId: 'user',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: event.headers.effect, Resource: event.methodArn }] },
})`,
      findings: [{ line: 3, column: 88, severity: 'critical' }],
    },
    {
      name: 'isAuthorized taken from the event',
      code: `exports.handler = async (event) => ({ isAuthorized: event.queryStringParameters.ok === 'yes' || event.headers['x-admin'] })`,
      findings: [{ line: 1, column: 39, severity: 'critical' }],
    },
    {
      name: 'a debug bypass allows before the token is verified',
      code: `const jwt = require('jsonwebtoken')
${POLICY}exports.handler = async (event) => {
  if (event.headers['x-debug']) return policy('debug', 'Allow', event.methodArn)
  const claims = jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: ['RS256'] })
  return policy(claims.sub, 'Allow', event.methodArn)
}`,
      findings: [{ line: 4, column: 88, severity: 'high' }],
    },
    {
      name: 'the AWS blueprint shape with no check',
      code: `${BLUEPRINT}exports.handler = (event, context, callback) => {
  callback(null, generatePolicy('user', 'Allow', event.methodArn))
}`,
      findings: [{ line: 9, column: 3, severity: 'critical' }],
    },
  ],
})
