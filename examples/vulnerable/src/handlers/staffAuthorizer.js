// authorizer-fails-open: the staff authorizer verifies the JWT properly, but its catch answers
// Allow, so an expired or forged token (or a JWKS outage) lets the caller in.
const jwt = require('jsonwebtoken')

const policy = (principalId, effect, resource) => ({
  principalId,
  policyDocument: {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  },
})

exports.handler = async (event) => {
  try {
    const token = event.authorizationToken.replace(/^Bearer /, '')
    const claims = jwt.verify(token, process.env.STAFF_JWT_PUBLIC_KEY, { algorithms: ['RS256'] })
    return policy(claims.sub, 'Allow', event.methodArn)
  } catch (err) {
    console.warn('staff token rejected', err.name)
    return policy('staff', 'Allow', event.methodArn) // BAD: fails open
  }
}
