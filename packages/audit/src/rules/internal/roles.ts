import type { Project, Role, Service, Statement } from '../../model/types.js'

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
