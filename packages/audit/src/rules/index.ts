/**
 * The rule registry: every rule the auditor runs, in report order. Adding a rule is its file,
 * one line here, and a table-driven test. Other parts of Bulwark (the code analysis) add their
 * rules to this list too.
 */
import { CODE_AUDIT_RULES } from '../code/audit-rules.js'
import { apiAccessLogs } from './api-access-logs.js'
import { apiKeyOnlyMutation } from './api-key-only-mutation.js'
import { apiMonitoring } from './api-monitoring.js'
import { apiThrottling } from './api-throttling.js'
import { apiTimeout } from './api-timeout.js'
import { configUnreadable } from './config-unreadable.js'
import { corsWildcard } from './cors-wildcard.js'
import { functionConcurrency } from './function-concurrency.js'
import { handlerMissing } from './handler-missing.js'
import { iamAdminPolicy } from './iam-admin-policy.js'
import { iamMissingPermission } from './iam-missing-permission.js'
import { iamOverPrivilege } from './iam-over-privilege.js'
import { iamWildcardAction } from './iam-wildcard-action.js'
import { iamWildcardResource } from './iam-wildcard-resource.js'
import { insecureTransport } from './insecure-transport.js'
import { logRetention } from './log-retention.js'
import { missingAuth } from './missing-auth.js'
import { oldRuntime } from './old-runtime.js'
import { secretInDotenv } from './secret-in-dotenv.js'
import { secretInEnv } from './secret-in-env.js'
import { sharedRole } from './shared-role.js'
import { stageSeparation } from './stage-separation.js'
import { suppressionWithoutReason } from './suppression-without-reason.js'
import type { Rule } from './types.js'
import { unencryptedStorage } from './unencrypted-storage.js'
import { untriggeredFunction } from './untriggered-function.js'
import { unusedHandlerFile } from './unused-handler-file.js'

export { OWASP, PRACTICE } from './practices.js'
export type { Report, ReportedFinding, Rule, RuleDocs, RuleMeta } from './types.js'

/** Every rule, configuration then code and dependencies, in the order reports list them. */
export const RULES: readonly Rule[] = [
  iamAdminPolicy,
  iamWildcardAction,
  iamWildcardResource,
  sharedRole,
  iamOverPrivilege,
  iamMissingPermission,
  missingAuth,
  apiKeyOnlyMutation,
  corsWildcard,
  apiThrottling,
  functionConcurrency,
  apiTimeout,
  secretInEnv,
  secretInDotenv,
  unencryptedStorage,
  insecureTransport,
  logRetention,
  apiMonitoring,
  apiAccessLogs,
  oldRuntime,
  handlerMissing,
  untriggeredFunction,
  unusedHandlerFile,
  stageSeparation,
  // The code analysis and dependency rules (src/code, src/deps): one shared analysis per project.
  ...CODE_AUDIT_RULES,
  configUnreadable,
  suppressionWithoutReason,
]

/**
 * A rule by id.
 *
 * @example
 * ruleById('missing-auth')?.meta.docs.fix
 */
export function ruleById(id: string, rules: readonly Rule[] = RULES): Rule | undefined {
  return rules.find((r) => r.meta.id === id)
}
