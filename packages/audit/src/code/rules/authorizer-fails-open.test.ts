import { BLUEPRINT, POLICY } from '../testing/authorizer-policies.js'
import { ruleTable } from '../testing/rule-table.js'
import { authorizerFailsOpen } from './authorizer-fails-open.js'

// An HTTP API authorizer verifying a bearer token with jose; `failure` is its catch block.
const joseHttpApi = (failure: string) => `import { createRemoteJWKSet, jwtVerify } from 'jose'
const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
export const handler = async (event) => {
  try {
    const token = (event.headers.authorization ?? '').replace(/^Bearer /, '')
    const { payload } = await jwtVerify(token, JWKS, { issuer: process.env.ISSUER, audience: 'api' })
    return { isAuthorized: true, context: { sub: payload.sub } }
  } catch (error) {
    console.error('token rejected', error)
    ${failure}
  }
}`

// A TOKEN authorizer verifying with jsonwebtoken; `failure` is its catch block.
const jsonwebtokenToken = (failure: string) => `const jwt = require('jsonwebtoken')
${POLICY}exports.handler = async (event) => {
  try {
    const token = event.authorizationToken.split(' ')[1]
    const claims = jwt.verify(token, process.env.PUBLIC_KEY, { algorithms: ['RS256'], issuer: process.env.ISSUER })
    return policy(claims.sub, 'Allow', event.methodArn)
  } catch (err) {
    ${failure}
  }
}`

// The same with a promise chain: jose's verification, then `onRejected`.
const josePromise = (
  onRejected: string,
) => `const { createRemoteJWKSet, jwtVerify } = require('jose')
const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
exports.handler = (event) =>
  jwtVerify(event.headers.authorization.slice(7), JWKS, { issuer: process.env.ISSUER })
    .then(({ payload }) => ({ isAuthorized: true, context: { sub: payload.sub } }))
    .catch(${onRejected})`

// A TOKEN authorizer with jsonwebtoken's callback form and the blueprint's policy helper;
// `verified` is the body of the verification callback `(err, decoded) => { … }`.
const jsonwebtokenCallback = (verified: string) => `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  const token = event.authorizationToken.replace(/^Bearer /, '')
  jwt.verify(token, process.env.PUBLIC_KEY, { algorithms: ['RS256'] }, (err, decoded) => {
    ${verified}
  })
}`

// An HTTP API authorizer wrapping jsonwebtoken's callback in a promise, keys from jwks-rsa;
// `verified` is the body of the verification callback.
const jwksPromise = (verified: string) => `const jwt = require('jsonwebtoken')
const jwksClient = require('jwks-rsa')
const client = jwksClient({ jwksUri: process.env.JWKS_URI })
const getKey = (header, done) => client.getSigningKey(header.kid, (err, key) => done(err, key?.getPublicKey()))
exports.handler = (event) =>
  new Promise((resolve, reject) => {
    jwt.verify(event.headers.authorization?.slice(7), getKey, { algorithms: ['RS256'] }, (err, decoded) => {
      ${verified}
    })
  })`

// Answers built once, at module level, as many authorizers keep them.
const CONSTANTS = `const ALLOW = { isAuthorized: true }
const DENY = { isAuthorized: false }
`
const ALLOW_ALL = `const allowAll = {
  principalId: 'anonymous',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] },
}
`

// jose with the answer kept in a variable and returned after the try; `failure` is its catch block.
const joseResult = (failure: string) => `import { createRemoteJWKSet, jwtVerify } from 'jose'
${CONSTANTS}const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
export const handler = async (event) => {
  let result = DENY
  try {
    const { payload } = await jwtVerify(event.headers.authorization.slice(7), JWKS, { issuer: process.env.ISSUER })
    result = { isAuthorized: true, context: { sub: payload.sub } }
  } catch (error) {
    console.warn('token rejected', error.code)
    ${failure}
  }
  return result
}`

// A TOKEN authorizer that starts from an anonymous principal, verifies with jose and logs the
// error; `after` is what follows the try.
const joseSwallowed = (after: string) => `import { createRemoteJWKSet, jwtVerify } from 'jose'
const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
export const handler = async (event) => {
  let principal = 'anonymous'
  try {
    principal = (await jwtVerify(event.authorizationToken.slice(7), JWKS, { issuer: process.env.ISSUER })).payload.sub
  } catch (error) {
    console.warn('token rejected', error.code)
  }
  ${after}
}`

// An HTTP API authorizer that keeps jsonwebtoken's claims in a variable and ignores the error;
// `after` is what follows the try.
const jsonwebtokenSwallowed = (after: string) => `const jwt = require('jsonwebtoken')
${CONSTANTS}exports.handler = async (event) => {
  let claims
  try {
    claims = jwt.verify(event.headers.authorization?.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
  } catch {}
  ${after}
}`

// A jose HTTP API authorizer whose catch hands the error to a helper of the module; `helper` is
// that helper's declaration, `failure` the catch block.
const joseWithHelper = (
  helper: string,
  failure: string,
) => `import { createRemoteJWKSet, jwtVerify } from 'jose'
const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
${helper}
export const handler = async (event) => {
  let payload
  try {
    ;({ payload } = await jwtVerify((event.headers?.authorization ?? '').replace(/^Bearer /, ''), JWKS))
  } catch (error) {
    ${failure}
  }
  return { isAuthorized: true, context: { sub: payload?.sub ?? '' } }
}`

// A TOKEN authorizer verifying with jose that lets some errors through its catch, the
// "let expired tokens through" bug; `failure` is its catch block, `after` what follows the try.
const joseRethrow = (
  failure: string,
  after = "return policy(claims?.sub ?? 'expired', 'Allow', event.methodArn)",
) => `import { createRemoteJWKSet, errors, jwtVerify } from 'jose'
${POLICY}const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
export const handler = async (event) => {
  let claims
  try {
    claims = (await jwtVerify(event.authorizationToken.replace(/^Bearer /, ''), JWKS, { issuer: process.env.ISSUER })).payload
  } catch (error) {
    ${failure}
  }
  ${after}
}`

// The same with jsonwebtoken in an HTTP API authorizer; `failure` is its catch block.
const jsonwebtokenRethrow = (failure: string) => `const jwt = require('jsonwebtoken')
exports.handler = async (event) => {
  let claims
  try {
    claims = jwt.verify(event.headers.authorization?.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
  } catch (err) {
    ${failure}
  }
  return { isAuthorized: true, context: { sub: claims?.sub ?? 'expired' } }
}`

ruleTable(authorizerFailsOpen, {
  valid: [
    { name: 'jose: the catch denies', code: joseHttpApi('return { isAuthorized: false }') },
    {
      name: 'jose: the catch throws Unauthorized',
      code: joseHttpApi("throw new Error('Unauthorized')"),
    },
    { name: 'jose: the catch rethrows', code: joseHttpApi('throw error') },
    {
      name: 'jsonwebtoken: the catch returns a Deny policy',
      code: jsonwebtokenToken("return policy('anonymous', 'Deny', event.methodArn)"),
    },
    {
      name: 'jsonwebtoken: the catch throws Unauthorized',
      code: jsonwebtokenToken("throw new Error('Unauthorized')"),
    },
    {
      name: "the blueprint calls callback('Unauthorized') in the catch",
      code: `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  try {
    const claims = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
    callback(null, generatePolicy(claims.sub, 'Allow', event.methodArn))
  } catch (err) {
    callback('Unauthorized')
  }
}`,
    },
    {
      name: 'the blueprint answers a Deny policy in the catch',
      code: `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  try {
    const claims = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
    callback(null, generatePolicy(claims.sub, 'Allow', event.methodArn))
  } catch (err) {
    callback(null, generatePolicy('user', 'Deny', event.methodArn))
  }
}`,
    },
    {
      name: '.catch throws Unauthorized',
      code: josePromise("() => { throw new Error('Unauthorized') }"),
    },
    { name: '.catch denies', code: josePromise('() => ({ isAuthorized: false })') },
    {
      name: 'the Allow comes after the try, on the path where verification returned',
      code: `const jwt = require('jsonwebtoken')
${POLICY}exports.handler = async (event) => {
  let claims
  try {
    claims = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
  } catch (err) {
    console.warn('invalid token', err.name)
    return policy('anonymous', 'Deny', event.methodArn)
  }
  return policy(claims.sub, 'Allow', event.methodArn)
}`,
    },
    {
      name: 'an unconditional allow outside any catch (authorizer-allows-all reports it)',
      code: `exports.handler = async (event) => {
  console.log('authorizing', event.routeArn)
  return { isAuthorized: true }
}`,
    },
    {
      name: 'the try around something else than the verification (a malformed body)',
      code: `exports.handler = async (event) => {
  try {
    return { isAuthorized: JSON.parse(event.body).ok === 1 }
  } catch {
    return { isAuthorized: true }
  }
}`,
    },
    {
      name: 'the catch is around recording the login, after the token was verified',
      code: `const jwt = require('jsonwebtoken')
const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb')
const db = new DynamoDBClient({})
${POLICY}exports.handler = async (event) => {
  const claims = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
  try {
    await db.send(new PutItemCommand({ TableName: 'logins', Item: { sub: { S: claims.sub } } }))
  } catch (err) {
    console.warn('login not recorded', err)
    return policy(claims.sub, 'Allow', event.methodArn)
  }
  return policy(claims.sub, 'Allow', event.methodArn)
}`,
    },
    {
      name: 'the catch verifies again with the previous key before allowing (key rotation)',
      code: jsonwebtokenToken(`const claims = jwt.verify(event.authorizationToken.split(' ')[1], process.env.PREVIOUS_KEY, { algorithms: ['RS256'] })
    return policy(claims.sub, 'Allow', event.methodArn)`),
    },
    {
      name: 'an IAM policy for another service in a catch',
      code: `const jwt = require('jsonwebtoken')
exports.handler = async (event) => {
  try {
    jwt.verify(event.headers.authorization, process.env.KEY, { algorithms: ['RS256'] })
  } catch {
    return { Statement: [{ Action: 's3:GetObject', Effect: 'Allow', Resource: '*' }] }
  }
}`,
    },
    {
      name: 'jsonwebtoken callback: the error branch answers Unauthorized',
      code: jsonwebtokenCallback(`if (err) return callback('Unauthorized')
    callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))`),
    },
    {
      name: 'jsonwebtoken callback: the error branch answers a Deny policy',
      code: jsonwebtokenCallback(`if (err) {
      console.warn('invalid token', err.name)
      return callback(null, generatePolicy('anonymous', 'Deny', event.methodArn))
    }
    callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))`),
    },
    {
      name: 'jsonwebtoken callback: allows only if (!err)',
      code: jsonwebtokenCallback(`if (!err) return callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))
    callback('Unauthorized')`),
    },
    {
      name: 'jsonwebtoken callback: the error is compared with null, allow on the other branch',
      code: jsonwebtokenCallback(`if (err === null) callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))
    else callback('Unauthorized')`),
    },
    {
      name: 'jsonwebtoken callback in a promise: the error rejects',
      code: jwksPromise(`if (err) return reject(new Error('Unauthorized'))
      resolve({ isAuthorized: true, context: { sub: decoded.sub } })`),
    },
    {
      name: 'jsonwebtoken callback in a promise: ?: resolves a denial on error',
      code: jwksPromise(
        'resolve(err ? { isAuthorized: false } : { isAuthorized: true, context: { sub: decoded.sub } })',
      ),
    },
    {
      name: 'jsonwebtoken callback: the error branch verifies with the previous key before allowing',
      code: jsonwebtokenCallback(`if (err) {
      return jwt.verify(token, process.env.PREVIOUS_PUBLIC_KEY, { algorithms: ['RS256'] }, (previousErr, previous) => {
        if (previousErr) return callback('Unauthorized')
        callback(null, generatePolicy(previous.sub, 'Allow', event.methodArn))
      })
    }
    callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))`),
    },
    {
      name: 'module constants: ALLOW on success, DENY from the catch',
      code: `const jwt = require('jsonwebtoken')
${CONSTANTS}exports.handler = async (event) => {
  try {
    jwt.verify(event.headers.authorization.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
    return ALLOW
  } catch {
    return DENY
  }
}`,
    },
    {
      name: "module constant: allowAll on success, callback('Unauthorized') in the catch",
      code: `const jwt = require('jsonwebtoken')
${ALLOW_ALL}exports.handler = (event, context, callback) => {
  try {
    jwt.verify(event.authorizationToken, process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
    callback(null, allowAll)
  } catch (err) {
    console.error(err)
    callback('Unauthorized')
  }
}`,
    },
    {
      name: 'result variable: the catch keeps the denial',
      code: joseResult("console.error('denying')"),
    },
    {
      name: 'result variable: the catch assigns DENY',
      code: joseResult('result = DENY'),
    },
    {
      name: 'swallowed: if (!claims) return a denial before allowing',
      code: jsonwebtokenSwallowed(`if (!claims) return DENY
  return { isAuthorized: true, context: { sub: claims.sub } }`),
    },
    {
      name: 'swallowed: the allow only if (claims)',
      code: jsonwebtokenSwallowed(`if (claims) return { isAuthorized: true, context: { sub: claims.sub } }
  return { isAuthorized: false }`),
    },
    {
      name: 'swallowed: claims ? allow : deny',
      code: jsonwebtokenSwallowed('return claims ? ALLOW : DENY'),
    },
    {
      name: 'swallowed: isAuthorized is claims !== undefined',
      code: jsonwebtokenSwallowed(
        'return { isAuthorized: claims !== undefined, context: { sub: claims?.sub } }',
      ),
    },
    {
      name: 'swallowed: isAuthorized is Boolean(claims)',
      code: jsonwebtokenSwallowed('return { isAuthorized: Boolean(claims) }'),
    },
    {
      name: 'swallowed: a flag computed from the claims is checked before allowing',
      code: jsonwebtokenSwallowed(`const verified = Boolean(claims?.sub)
  if (!verified) throw new Error('Unauthorized')
  return ALLOW`),
    },
    {
      name: 'swallowed: the allow reads the claims without ?. (a TypeError when verification failed)',
      code: jsonwebtokenSwallowed(
        "return { isAuthorized: true, context: { sub: claims.sub, scope: claims.scope ?? '' } }",
      ),
    },
    {
      name: 'swallowed: the principal is checked against the anonymous default',
      code: joseSwallowed(`if (principal === 'anonymous') throw new Error('Unauthorized')
  return {
    principalId: principal,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
  }`),
    },
    {
      name: 'swallowed: the Effect is set to Allow in the try, after the verification',
      code: `import { createRemoteJWKSet, jwtVerify } from 'jose'
${POLICY}const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
export const handler = async (event) => {
  let effect = 'Deny'
  let principal = 'anonymous'
  try {
    const { payload } = await jwtVerify(event.authorizationToken.slice(7), JWKS)
    principal = payload.sub
    effect = 'Allow'
  } catch (error) {
    console.warn('token rejected', error.code)
  }
  return policy(principal, effect, event.methodArn)
}`,
    },
    {
      name: 'swallowed: a flag set after the verification is the answer',
      code: `const jwt = require('jsonwebtoken')
exports.handler = async (event) => {
  let valid = false
  try {
    jwt.verify(event.headers.authorization?.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
    valid = true
  } catch (err) {
    console.info('invalid token', err.name)
  }
  return { isAuthorized: valid }
}`,
    },
    {
      name: 'swallowed: the catch sets a failure flag that is checked before allowing',
      code: `const jwt = require('jsonwebtoken')
${CONSTANTS}exports.handler = async (event) => {
  let failed = false
  try {
    jwt.verify(event.headers.authorization?.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
  } catch (err) {
    console.info('invalid token', err.name)
    failed = true
  }
  if (failed) return DENY
  return ALLOW
}`,
    },
    {
      name: "the blueprint's catch calls callback('Unauthorized') without returning",
      code: `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  let principal = 'user'
  try {
    principal = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] }).sub
  } catch (err) {
    callback('Unauthorized')
  }
  callback(null, generatePolicy(principal, 'Allow', event.methodArn))
}`,
    },
    {
      name: 'the catch throws, the allow comes after the try',
      code: joseSwallowed(`return {
    principalId: principal,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
  }`).replace("console.warn('token rejected', error.code)", "throw new Error('Unauthorized')"),
    },
    {
      name: 'the allow is inside the try, the catch logs, a denial comes after the try',
      code: `const jwt = require('jsonwebtoken')
${CONSTANTS}exports.handler = async (event) => {
  try {
    const claims = jwt.verify(event.headers.authorization?.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
    return { isAuthorized: true, context: { sub: claims.sub } }
  } catch (err) {
    console.warn('invalid token', err.name)
  }
  return DENY
}`,
    },
    {
      name: 'the catch calls a helper of the module that always throws',
      code: joseWithHelper(
        `const unauthorized = (reason) => {
  console.warn('denied', reason)
  throw new Error('Unauthorized')
}`,
        'unauthorized(error.code)',
      ),
    },
    {
      name: 'the catch awaits an async helper that always throws, through another helper',
      code: joseWithHelper(
        `function fail(reason) { throw new Error('Unauthorized: ' + reason) }
async function deny(reason) {
  if (reason === 'ERR_JWKS_TIMEOUT') fail('keys unavailable')
  else fail(reason)
}`,
        'await deny(error.code)',
      ),
    },
    {
      name: 'rethrows some: every path of the catch throws',
      code: joseRethrow(`if (error.code === 'ERR_JWT_EXPIRED') throw new Error('Unauthorized')
    throw error`),
    },
    {
      name: 'rethrows some: the expired case returns a Deny policy, the others rethrow',
      code: joseRethrow(`if (error instanceof errors.JWTExpired) return policy('expired', 'Deny', event.methodArn)
    throw error`),
    },
    {
      name: 'rethrows some: a switch on the error code whose every case leaves',
      code: joseRethrow(`switch (error.code) {
      case 'ERR_JWT_EXPIRED':
        console.info('expired token')
        return policy('expired', 'Deny', event.methodArn)
      default:
        throw error
    }`),
    },
    {
      name: 'rethrows some: the expired case is checked again after the try before allowing',
      code: joseRethrow(
        "if (error.code !== 'ERR_JWT_EXPIRED') throw error",
        `if (!claims) throw new Error('Unauthorized')
  return policy(claims.sub, 'Allow', event.methodArn)`,
      ),
    },
    {
      name: 'rethrows the expired case, falls through for the others, the allow guarded by the claims',
      code: joseRethrow(
        `if (error instanceof errors.JWTExpired) throw error
    console.warn('token rejected', error.code)`,
        "return claims ? policy(claims.sub, 'Allow', event.methodArn) : policy('anonymous', 'Deny', event.methodArn)",
      ),
    },
    {
      name: 'rethrows some: isAuthorized is taken from the claims',
      code: joseRethrow(
        "if (error.code !== 'ERR_JWT_EXPIRED') throw error",
        "return { isAuthorized: claims !== undefined, context: { sub: claims?.sub ?? '' } }",
      ),
    },
    {
      name: "rethrows some: the blueprint calls callback('Unauthorized') for the others",
      code: `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  let principal = 'user'
  try {
    principal = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] }).sub
  } catch (err) {
    if (err.name !== 'TokenExpiredError') throw err
    callback('Unauthorized')
  }
  callback(null, generatePolicy(principal, 'Allow', event.methodArn))
}`,
    },
  ],
  invalid: [
    {
      name: 'the catch calls an async helper without awaiting it: its throw only rejects a promise',
      code: joseWithHelper(
        `async function deny(reason) { throw new Error('Unauthorized: ' + reason) }`,
        'deny(error.code)',
      ),
      file: 'handler.mjs',
      findings: [{ line: 11, column: 12 }],
    },
    {
      name: 'the catch calls a helper that throws on some paths only',
      code: joseWithHelper(
        `function check(code) {
  if (code !== 'ERR_JWT_EXPIRED') throw new Error('Unauthorized')
  console.info('expired token accepted')
}`,
        'check(error.code)',
      ),
      file: 'handler.mjs',
      findings: [{ line: 14, column: 12 }],
    },
    {
      name: 'jose: the catch answers isAuthorized: true',
      code: joseHttpApi('return { isAuthorized: true, context: { sub: "guest" } }'),
      file: 'handler.mjs',
      findings: [{ line: 10, column: 14, severity: 'high' }],
    },
    {
      name: 'jsonwebtoken: the catch returns an Allow policy through the helper',
      code: jsonwebtokenToken("return policy('anonymous', 'Allow', event.methodArn)"),
      findings: [{ line: 12, column: 12 }],
    },
    {
      name: 'the helper is called with the same arguments as in the try (memoized)',
      code: jsonwebtokenToken("return policy(err.principal, 'Allow', event.methodArn)"),
      findings: [{ line: 12, column: 12 }],
    },
    {
      name: 'an Allow policy written out in the catch',
      code: jsonwebtokenToken(`return {
      principalId: 'anonymous',
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
    }`),
      findings: [{ line: 14, column: 92 }],
    },
    {
      name: 'the blueprint answers Allow through the callback in the catch',
      code: `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  try {
    const claims = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
    callback(null, generatePolicy(claims.sub, 'Allow', event.methodArn))
  } catch (err) {
    console.log(err)
    callback(null, generatePolicy('user', 'Allow', event.methodArn))
  }
}`,
      findings: [{ line: 22, column: 20 }],
    },
    {
      name: 'only expired tokens are let through',
      code: `const { CognitoJwtVerifier } = require('aws-jwt-verify')
const verifier = CognitoJwtVerifier.create({ userPoolId: 'pool', tokenUse: 'access', clientId: 'client' })
exports.handler = async (event) => {
  try {
    const claims = await verifier.verify(event.headers.authorization)
    return { isAuthorized: true, context: { sub: claims.sub } }
  } catch (err) {
    if (err.name === 'JwtExpiredError') return { isAuthorized: true }
    return { isAuthorized: false }
  }
}`,
      findings: [{ line: 8, column: 50 }],
    },
    {
      name: '.catch callback answers isAuthorized: true',
      code: josePromise(
        '(error) => {\n      console.error(error)\n      return { isAuthorized: true }\n    }',
      ),
      findings: [{ line: 8, column: 16 }],
    },
    {
      name: 'the rejection callback of .then(ok, onRejected) allows',
      code: `const { createRemoteJWKSet, jwtVerify } = require('jose')
const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
exports.handler = (event) =>
  jwtVerify(event.headers.authorization.slice(7), JWKS).then(
    ({ payload }) => ({ isAuthorized: true, context: { sub: payload.sub } }),
    () => ({ isAuthorized: true }),
  )`,
      findings: [{ line: 6, column: 14 }],
    },
    {
      name: 'jsonwebtoken promisified, .catch answers an Allow policy',
      code: `const { promisify } = require('util')
const jwt = require('jsonwebtoken')
const verify = promisify(jwt.verify)
${POLICY}exports.handler = (event) =>
  verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] })
    .then((claims) => policy(claims.sub, 'Allow', event.methodArn))
    .catch(() => policy('anonymous', 'Allow', event.methodArn))`,
      findings: [{ line: 11, column: 18 }],
    },
    {
      name: 'verified by a helper in another module, allowed by a helper in the catch',
      files: {
        'authorizer.ts': `import type { APIGatewayTokenAuthorizerEvent, APIGatewayAuthorizerResult } from 'aws-lambda'
import { allowAll, verifyCaller } from './auth'
export const handler = async (event: APIGatewayTokenAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
  try {
    const sub = await verifyCaller(event.authorizationToken)
    return { principalId: sub, policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] } }
  } catch (error) {
    console.error({ error })
    return allowAll()
  }
}`,
        'auth.ts': `import jwt from 'jsonwebtoken'
export const verifyCaller = async (header: string) =>
  (jwt.verify(header.slice(7), process.env.KEY as string, { algorithms: ['RS256'] }) as jwt.JwtPayload).sub as string
export const allowAll = () => ({
  principalId: 'anonymous',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: '*' }] },
})`,
      },
      findings: [{ line: 9, column: 12 }],
    },
    {
      name: 'jsonwebtoken callback: the error branch answers Allow through the callback',
      code: jsonwebtokenCallback(`if (err) {
      console.log('verification failed', err.message)
      return callback(null, generatePolicy('user', 'Allow', event.methodArn))
    }
    callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))`),
      findings: [{ line: 21, column: 29 }],
    },
    {
      name: 'jsonwebtoken callback: expired tokens are let through',
      code: jsonwebtokenCallback(`if (err && err.name === 'TokenExpiredError') return callback(null, generatePolicy('expired', 'Allow', event.methodArn))
    if (err) return callback('Unauthorized')
    callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))`),
      findings: [{ line: 19, column: 72 }],
    },
    {
      name: 'jsonwebtoken callback: allows if (!err), then allows a guest anyway',
      code: jsonwebtokenCallback(`if (!err) return callback(null, generatePolicy(decoded.sub, 'Allow', event.methodArn))
    console.warn('guest access', err.name)
    callback(null, generatePolicy('guest', 'Allow', event.methodArn))`),
      findings: [{ line: 21, column: 20 }],
    },
    {
      name: 'jsonwebtoken callback in a promise: the error resolves isAuthorized: true',
      code: jwksPromise(`if (err) resolve({ isAuthorized: true })
      else resolve({ isAuthorized: true, context: { sub: decoded.sub } })`),
      findings: [{ line: 8, column: 26 }],
    },
    {
      name: 'jsonwebtoken callback: a module constant answered on error',
      code: `const jwt = require('jsonwebtoken')
${ALLOW_ALL}exports.handler = (event, context, callback) => {
  jwt.verify(event.authorizationToken, process.env.PUBLIC_KEY, { algorithms: ['RS256'] }, (err) => {
    if (err) return callback(null, allowAll)
    callback(null, allowAll)
  })
}`,
      findings: [{ line: 8, column: 36 }],
    },
    {
      name: 'module constant: the catch returns ALLOW',
      code: `const jwt = require('jsonwebtoken')
${CONSTANTS}exports.handler = async (event) => {
  try {
    jwt.verify(event.headers.authorization.slice(7), process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
    return ALLOW
  } catch (err) {
    console.error('token rejected', err)
    return ALLOW
  }
}`,
      findings: [{ line: 10, column: 12 }],
    },
    {
      name: 'module constant: the blueprint answers allowAll through the callback in the catch',
      code: `const jwt = require('jsonwebtoken')
${ALLOW_ALL}exports.handler = (event, context, callback) => {
  try {
    jwt.verify(event.authorizationToken, process.env.PUBLIC_KEY, { algorithms: ['RS256'] })
    callback(null, allowAll)
  } catch (err) {
    callback(null, allowAll)
  }
}`,
      findings: [{ line: 11, column: 20 }],
    },
    {
      name: 'module constant: .catch answers ALLOW',
      code: `const { createRemoteJWKSet, jwtVerify } = require('jose')
${CONSTANTS}const JWKS = createRemoteJWKSet(new URL(process.env.JWKS_URL))
exports.handler = (event) =>
  jwtVerify(event.headers.authorization.slice(7), JWKS)
    .then(() => ALLOW)
    .catch(() => ALLOW)`,
      findings: [{ line: 8, column: 18 }],
    },
    {
      name: 'result variable: the catch assigns ALLOW, returned after the try',
      code: joseResult('result = ALLOW'),
      file: 'handler.mjs',
      findings: [{ line: 12, column: 5 }],
    },
    {
      name: 'result variable: the catch assigns an allow literal',
      code: joseResult("result = { isAuthorized: true, context: { sub: 'guest' } }"),
      file: 'handler.mjs',
      findings: [{ line: 12, column: 16 }],
    },
    {
      name: 'swallowed: an anonymous principal is allowed after the catch logs the error',
      code: joseSwallowed(`return {
    principalId: principal,
    policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
  }`),
      file: 'handler.mjs',
      findings: [{ line: 12, column: 90 }],
    },
    {
      name: 'swallowed: an empty catch, then isAuthorized: true with the claims if any',
      code: jsonwebtokenSwallowed('return { isAuthorized: true, context: { sub: claims?.sub } }'),
      findings: [{ line: 9, column: 12 }],
    },
    {
      name: 'swallowed: a module constant answered after the try',
      code: jsonwebtokenSwallowed('return ALLOW'),
      findings: [{ line: 9, column: 10 }],
    },
    {
      name: 'swallowed: a check of something else than the verification does not guard the allow',
      code: jsonwebtokenSwallowed(`if (!event.routeArn) throw new Error('no route')
  return { isAuthorized: true, context: { sub: claims?.sub ?? 'guest' } }`),
      findings: [{ line: 10, column: 12 }],
    },
    {
      name: 'swallowed: the blueprint answers Allow through the callback after the try',
      code: `const jwt = require('jsonwebtoken')
${BLUEPRINT}exports.handler = (event, context, callback) => {
  let principal = 'user'
  try {
    principal = jwt.verify(event.authorizationToken, process.env.KEY, { algorithms: ['RS256'] }).sub
  } catch (err) {
    console.log('verification failed', err.message)
  }
  callback(null, generatePolicy(principal, 'Allow', event.methodArn))
}`,
      findings: [{ line: 23, column: 18 }],
    },
    {
      name: 'swallowed: aws-jwt-verify, the claims kept in a variable declared in the try',
      code: `import { CognitoJwtVerifier } from 'aws-jwt-verify'
${POLICY}const verifier = CognitoJwtVerifier.create({ userPoolId: process.env.USER_POOL_ID, tokenUse: 'access', clientId: process.env.CLIENT_ID })
export const handler = async (event) => {
  let sub = 'guest'
  try {
    const claims = await verifier.verify(event.authorizationToken)
    sub = claims.sub
  } catch (err) {
    console.error({ err })
  }
  return policy(sub, 'Allow', event.methodArn)
}`,
      file: 'handler.mjs',
      findings: [{ line: 15, column: 10 }],
    },
    {
      name: 'jose: the expired case allows in the catch, the others rethrow',
      code: joseHttpApi(`if (error.code === 'ERR_JWT_EXPIRED') return { isAuthorized: true, context: { sub: 'expired' } }
    throw error`),
      file: 'handler.mjs',
      findings: [{ line: 10, column: 52 }],
    },
    {
      name: 'jsonwebtoken: TokenExpiredError allows in the catch, the others rethrow',
      code: jsonwebtokenToken(`if (err.name === 'TokenExpiredError') return policy(err.expiredAt, 'Allow', event.methodArn)
    throw err`),
      findings: [{ line: 12, column: 50 }],
    },
    {
      name: 'rethrows some: jose, all but ERR_JWT_EXPIRED rethrown, then an allow',
      code: joseRethrow("if (error.code !== 'ERR_JWT_EXPIRED') throw error"),
      file: 'handler.mjs',
      findings: [{ line: 14, column: 10 }],
    },
    {
      name: 'rethrows some: jose, all but errors.JWTExpired rethrown',
      code: joseRethrow('if (!(error instanceof errors.JWTExpired)) throw error'),
      file: 'handler.mjs',
      findings: [{ line: 14, column: 10 }],
    },
    {
      name: 'rethrows some: the others get a Deny policy, the expired ones fall through',
      code: joseRethrow(
        "if (error.code !== 'ERR_JWT_EXPIRED') return policy('anonymous', 'Deny', event.methodArn)",
      ),
      file: 'handler.mjs',
      findings: [{ line: 14, column: 10 }],
    },
    {
      name: 'rethrows some: a switch whose expired case breaks out',
      code: joseRethrow(`switch (error.code) {
      case 'ERR_JWT_EXPIRED':
        console.info('expired token', error.payload?.sub)
        break
      default:
        throw error
    }`),
      file: 'handler.mjs',
      findings: [{ line: 20, column: 10 }],
    },
    {
      name: 'rethrows some: the expired case logs, else rethrows',
      code: joseRethrow(`if (error.code === 'ERR_JWT_EXPIRED') console.warn('expired token')
    else throw error`),
      file: 'handler.mjs',
      findings: [{ line: 15, column: 10 }],
    },
    {
      name: 'rethrows some: jsonwebtoken, all but TokenExpiredError rethrown',
      code: jsonwebtokenRethrow("if (err.name !== 'TokenExpiredError') throw err"),
      findings: [{ line: 9, column: 12 }],
    },
    {
      name: 'rethrows some: jsonwebtoken, Unauthorized unless a jwt.TokenExpiredError',
      code: jsonwebtokenRethrow(
        "if (!(err instanceof jwt.TokenExpiredError)) throw new Error('Unauthorized')",
      ),
      findings: [{ line: 9, column: 12 }],
    },
    {
      name: 'rethrows some: aws-jwt-verify, Unauthorized unless a JwtExpiredError',
      code: `import { CognitoJwtVerifier } from 'aws-jwt-verify'
import { JwtExpiredError } from 'aws-jwt-verify/error'
const verifier = CognitoJwtVerifier.create({ userPoolId: process.env.USER_POOL_ID, tokenUse: 'access', clientId: process.env.CLIENT_ID })
export const handler = async (event) => {
  let payload
  try {
    payload = await verifier.verify(event.headers.authorization ?? '')
  } catch (err) {
    if (!(err instanceof JwtExpiredError)) throw new Error('Unauthorized')
    console.warn('expired token', err.rawJwt?.payload?.sub)
  }
  return { isAuthorized: true, context: { sub: payload?.sub ?? 'expired' } }
}`,
      file: 'handler.mjs',
      findings: [{ line: 12, column: 12 }],
    },
  ],
})
