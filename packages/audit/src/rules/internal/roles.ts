import type { Project, Role, Service, Statement } from '../../model/types.js'
import type { Report, ReportedFinding } from '../types.js'

/** Roles the user wrote (not the CDK's own), with the service they belong to. */
export function* auditableRoles(project: Project): Generator<{ service: Service; role: Role }> {
  for (const service of project.services) {
    for (const role of service.roles) {
      if (role.kind === 'framework') continue
      yield { service, role }
    }
  }
}

/** Allow statements: a Deny never grants anything. */
export function allowStatements(role: Role): Statement[] {
  return role.statements.filter((s) => s.effect !== 'Deny')
}

/** `role IamRoleLambdaExecution (used by create, list)`, for messages. */
export function describeRole(role: Role): string {
  const users =
    role.functions.length === 0
      ? ''
      : ` (used by ${role.functions.slice(0, 4).join(', ')}${role.functions.length > 4 ? ` and ${role.functions.length - 4} more` : ''})`
  const name = role.kind === 'provider' ? 'the provider role' : `role ${role.id}`
  return `${name}${users}`
}

/** The function a role finding belongs to, when the role serves exactly one. */
export function soleFunction(role: Role): { function?: string } {
  return role.functions.length === 1 ? { function: role.functions[0] as string } : {}
}

/** A statement that is `Action: *` on `Resource: *` without conditions: full admin. */
export function isAdminStatement(statement: Statement): boolean {
  return (
    statement.effect !== 'Deny' &&
    !statement.hasCondition &&
    statement.actions.some((a) => a.value === '*') &&
    statement.resources.some((r) => r.value === '*')
  )
}

/** `roles A and B (used by f1, f2, …)`: the roles one shared statement belongs to. */
function describeRoles(roles: readonly Role[]): string {
  const [first] = roles
  if (roles.length === 1 && first !== undefined) return describeRole(first)
  const names = roles.map((r) => (r.kind === 'provider' ? 'the provider role' : r.id))
  const users = [...new Set(roles.flatMap((r) => r.functions))]
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  const used =
    users.length === 0
      ? ''
      : ` (used by ${users.slice(0, 4).join(', ')}${users.length > 4 ? ` and ${users.length - 4} more` : ''})`
  return `roles ${list}${used}`
}

export interface RoleFinding {
  readonly span: ReportedFinding['span']
  readonly severity?: ReportedFinding['severity']
  /** The message after the role's description: `allows \`dynamodb:*\``. */
  readonly text: string
}

/**
 * Collects role findings so that one statement shared by several roles (an `AWS::IAM::Policy`
 * attached to many, a `${file()}` included twice) is reported once, naming every role.
 *
 * @example
 * const findings = perStatement(report)
 * findings.add(role, { span, text: 'allows `s3:*`' })
 * findings.flush()
 */
export function perStatement(report: Report): {
  add(role: Role, finding: RoleFinding): void
  flush(): void
} {
  const pending = new Map<string, { roles: Role[]; finding: RoleFinding }>()
  return {
    add(role, finding) {
      const { file, line, column } = finding.span
      const key = `${file}:${line}:${column}:${finding.text}`
      const entry = pending.get(key)
      if (entry === undefined) pending.set(key, { roles: [role], finding })
      else if (!entry.roles.includes(role)) entry.roles.push(role)
    },
    flush() {
      for (const { roles, finding } of pending.values()) {
        const users = [...new Set(roles.flatMap((r) => r.functions))]
        report({
          span: finding.span,
          ...(finding.severity === undefined ? {} : { severity: finding.severity }),
          message: `${describeRoles(roles)} ${finding.text}`,
          ...(users.length === 1 ? { function: users[0] as string } : {}),
        })
      }
      pending.clear()
    },
  }
}
