// authorizer-allows-all: the partner authorizer reads the token but never checks it, so every
// caller of GET /partner/accounts is let through; authorizer-wildcard-resource: its policy allows
// every route of the API, not only the one called.
exports.handler = async (event) => {
  console.log('partner call', event.methodArn)
  return {
    principalId: event.authorizationToken || 'partner',
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }], // BAD (both)
    },
  }
}
