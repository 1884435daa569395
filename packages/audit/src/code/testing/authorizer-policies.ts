// Lambda authorizer building blocks the authorizer rules' tests write their handlers from.

// A REQUEST/TOKEN authorizer's IAM policy, with the effect as a parameter, as the AWS blueprint writes it.
export const POLICY = `const policy = (principalId, effect, resource) => ({
  principalId,
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
})
`

// The AWS blueprint: the policy is built by assignments.
export const BLUEPRINT = `const generatePolicy = (principalId, effect, resource) => {
  const authResponse = {}
  authResponse.principalId = principalId
  const policyDocument = {}
  policyDocument.Version = '2012-10-17'
  policyDocument.Statement = []
  const statementOne = {}
  statementOne.Action = 'execute-api:Invoke'
  statementOne.Effect = effect
  statementOne.Resource = resource
  policyDocument.Statement[0] = statementOne
  authResponse.policyDocument = policyDocument
  return authResponse
}
`
