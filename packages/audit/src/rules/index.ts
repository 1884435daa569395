/**
 * The rule registry: every rule the auditor runs, in report order. Adding a rule is its file,
 * one line here, and a table-driven test. Other parts of Bulwark (the code analysis) add their
 * rules to this list too.
 */
import { apiKeyOnlyMutation } from './api-key-only-mutation.js'
import { configUnreadable } from './config-unreadable.js'
import { corsWildcard } from './cors-wildcard.js'
import { iamAdminPolicy } from './iam-admin-policy.js'
import { iamWildcardAction } from './iam-wildcard-action.js'
import { iamWildcardResource } from './iam-wildcard-resource.js'
import { missingAuth } from './missing-auth.js'
import { oldRuntime } from './old-runtime.js'
import { secretInEnv } from './secret-in-env.js'
import { suppressionWithoutReason } from './suppression-without-reason.js'
import type { Rule } from './types.js'

export { OWASP, PRACTICE } from './practices.js'
export type { Report, ReportedFinding, Rule, RuleDocs, RuleMeta } from './types.js'

/** Every configuration rule, in the order reports list them. */
export const RULES: readonly Rule[] = [
  iamAdminPolicy,
  iamWildcardAction,
  iamWildcardResource,
  missingAuth,
  apiKeyOnlyMutation,
  corsWildcard,
  secretInEnv,
  oldRuntime,
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
