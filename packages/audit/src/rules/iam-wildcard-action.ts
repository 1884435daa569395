import type { Severity } from '../findings.js'
import { expandAction } from '../iam/actions.js'
import {
  allowStatements,
  auditableRoles,
  isAdminStatement,
  perStatement,
} from './internal/roles.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/** Services where a wildcard lets the holder change permissions or reach every secret. */
const SENSITIVE_SERVICES = new Set([
  'iam',
  'sts',
  'kms',
  'secretsmanager',
  'organizations',
  'lambda',
])

/** How bad a wildcard action is: what it can reach decides, not just that it has a `*`. */
function severityOf(action: string): Severity {
  if (action === '*') return 'critical'
  const [service = '', name = ''] = action.split(':')
  if (name === '*') return SENSITIVE_SERVICES.has(service.toLowerCase()) ? 'critical' : 'high'
  const matched = expandAction(action)
  if (matched.some((a) => a.level === 'permissions')) return 'high'
  if (matched.some((a) => a.level === 'write' || a.level === 'tagging')) return 'medium'
  return 'low'
}

export const iamWildcardAction: Rule = {
  meta: {
    id: 'iam-wildcard-action',
    title: 'IAM statement allows wildcard actions',
    category: 'iam-wildcard-action',
    severity: 'high',
    practice: PRACTICE.leastPrivilege,
    owasp: OWASP.brokenAccessControl,
    docs: {
      what: 'An IAM statement that allows `*`, a whole service (`dynamodb:*`), a prefix wildcard (`iam:Create*`) or uses `NotAction` with Allow.',
      why: 'A function compromised through injection or a vulnerable dependency can do everything its role allows. Wildcards grant actions nobody reviewed, including deleting tables or creating IAM users, and grow as AWS adds new actions.',
      fix: 'List the exact actions the function calls (`dynamodb:GetItem`, `dynamodb:PutItem`). `bulwark policy` computes them from the code.',
      bad: 'iamRoleStatements:\n  - Effect: Allow\n    Action: dynamodb:*\n    Resource: !GetAtt UsersTable.Arn',
      good: 'iamRoleStatements:\n  - Effect: Allow\n    Action: [dynamodb:GetItem, dynamodb:PutItem]\n    Resource: !GetAtt UsersTable.Arn',
    },
  },
  check(project, report) {
    const findings = perStatement(report)
    for (const { role } of auditableRoles(project)) {
      for (const statement of allowStatements(role)) {
        // `*` on `*` is reported once, by iam-admin-policy.
        const admin = isAdminStatement(statement)
        for (const action of statement.actions) {
          if (action.value === 'unknown' || !/[*?]/.test(action.value)) continue
          if (admin && action.value === '*') continue
          const origin = statement.origin === undefined ? '' : ` (from ${statement.origin})`
          findings.add(role, {
            span: action.span,
            severity: severityOf(action.value),
            text: `allows \`${action.value}\`${origin}: grant the exact actions the code calls`,
          })
        }
        const notAction = statement.notActions[0]
        if (notAction !== undefined) {
          findings.add(role, {
            span: notAction.span,
            severity: 'high',
            text: `uses NotAction with Allow: it grants every action except \`${notAction.value}\``,
          })
        }
      }
    }
    findings.flush()
  },
}
