import type { CodeRule } from '../rule.js'
import { authorizerAllowsAll } from './authorizer-allows-all.js'
import { authorizerFailsOpen } from './authorizer-fails-open.js'
import { authorizerWildcardResource } from './authorizer-wildcard-resource.js'
import { commandInjection } from './command-injection.js'
import { cookieAuth } from './cookie-auth.js'
import { corsWildcardInCode } from './cors-wildcard-in-code.js'
import { evalInjection } from './eval-injection.js'
import { hardcodedSecret } from './hardcoded-secret.js'
import { insecureRandom } from './insecure-random.js'
import { jwtDecodeAuth } from './jwt-decode-auth.js'
import { jwtWeakVerify } from './jwt-weak-verify.js'
import { missingAuthInCode } from './missing-auth-in-code.js'
import { moduleScopeUserData } from './module-scope-user-data.js'
import { nosqlInjection } from './nosql-injection.js'
import { pathTraversal } from './path-traversal.js'
import { reflectedXss } from './reflected-xss.js'
import { sensitiveLogging } from './sensitive-logging.js'
import { sqlInjection } from './sql-injection.js'
import { ssrf } from './ssrf.js'
import { tlsVerificationOff } from './tls-verification-off.js'
import { unsafeDeserialization } from './unsafe-deserialization.js'
import { weakCipher } from './weak-cipher.js'
import { weakPasswordHash } from './weak-password-hash.js'

/** Every code rule, in the order `bulwark rules` lists them. */
export const CODE_RULES: readonly CodeRule[] = [
  evalInjection,
  commandInjection,
  sqlInjection,
  nosqlInjection,
  unsafeDeserialization,
  reflectedXss,
  ssrf,
  pathTraversal,
  sensitiveLogging,
  moduleScopeUserData,
  hardcodedSecret,
  cookieAuth,
  jwtDecodeAuth,
  jwtWeakVerify,
  weakPasswordHash,
  weakCipher,
  insecureRandom,
  tlsVerificationOff,
  corsWildcardInCode,
  missingAuthInCode,
  authorizerAllowsAll,
  authorizerWildcardResource,
  authorizerFailsOpen,
]
