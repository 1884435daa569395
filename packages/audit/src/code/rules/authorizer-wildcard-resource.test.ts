import { ruleTable } from '../testing/rule-table.js'
import { authorizerWildcardResource } from './authorizer-wildcard-resource.js'

const handler = (effect: string, resource: string) => `const jwt = require('jsonwebtoken')
exports.handler = async (event) => {
  const claims = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
  return {
    principalId: claims.sub,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: ${effect}, Resource: ${resource} }] },
  }
}`

ruleTable(authorizerWildcardResource, {
  valid: [
    { name: 'the route being called', code: handler("'Allow'", 'event.methodArn') },
    { name: 'a wildcard Deny', code: handler("'Deny'", "'*'") },
    {
      name: 'one method of one path',
      code: handler(
        "'Allow'",
        "'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/profile'",
      ),
    },
    {
      name: 'an IAM policy for another service',
      code: "exports.handler = async () => ({ Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }] })",
    },
  ],
  invalid: [
    {
      name: "Resource: '*'",
      code: handler("'Allow'", "'*'"),
      findings: [{ line: 6, column: 107 }],
    },
    {
      name: 'every stage, method and path of the API',
      code: handler("'Allow'", "['arn:aws:execute-api:eu-west-1:123456789012:abc123/*/*']"),
      findings: [{ line: 6, column: 107, severity: 'medium' }],
    },
    {
      name: 'built from the method ARN with a wildcard tail',
      code: handler("'Allow'", "`${event.methodArn.split('/')[0]}/*/*`"),
      findings: [{ line: 6, column: 107 }],
    },
  ],
})
