import type { Severity } from '../findings.js'
import {
  auditableRoles,
  describeRole,
  isAdminStatement,
  perStatement,
  soleFunction,
} from './internal/roles.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/** The managed policy's name from an ARN, a `!Sub` template or a SAM bare name. */
function policyName(value: string): string {
  const match = /policy\/(?:service-role\/)?([\w+=,.@-]+)$/.exec(value)
  return match?.[1] ?? value
}

function adminSeverity(name: string): Severity | undefined {
  if (name === 'AdministratorAccess') return 'critical'
  if (name === 'PowerUserAccess' || name === 'IAMFullAccess') return 'critical'
  if (/FullAccess(V\d+)?$/.test(name)) return 'high'
  return undefined
}

export const iamAdminPolicy: Rule = {
  meta: {
    id: 'iam-admin-policy',
    title: 'Function role has administrator or full-access permissions',
    category: 'iam-admin-policy',
    severity: 'critical',
    practice: PRACTICE.leastPrivilege,
    owasp: OWASP.brokenAccessControl,
    docs: {
      what: 'A role with the AdministratorAccess, PowerUserAccess or IAMFullAccess managed policy, any `*FullAccess` managed policy, or an inline statement allowing `*` on `*`.',
      why: 'A function with admin rights turns any bug into an account takeover: an attacker who can run code in it can create users, read every secret and delete everything.',
      fix: 'Remove the managed policy and grant the function the few actions it calls, on its own resources.',
      bad: 'Policies:\n  - AmazonDynamoDBFullAccess',
      good: 'Policies:\n  - DynamoDBReadPolicy:\n      TableName: !Ref UsersTable',
    },
  },
  check(project, report) {
    const statements = perStatement(report)
    for (const { role } of auditableRoles(project)) {
      for (const policy of role.managedPolicies) {
        if (policy.value === 'unknown') continue
        const name = policyName(policy.value)
        const severity = adminSeverity(name)
        if (severity === undefined) continue
        report({
          span: policy.span,
          severity,
          message: `${describeRole(role)} has the managed policy ${name}`,
          ...soleFunction(role),
        })
      }
      for (const statement of role.statements) {
        if (!isAdminStatement(statement)) continue
        statements.add(role, {
          span: statement.span,
          text: 'allows every action on every resource (Action "*", Resource "*")',
        })
      }
    }
    statements.flush()
  },
}
