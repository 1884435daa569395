import { auditableRoles } from './internal/roles.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const sharedRole: Rule = {
  meta: {
    id: 'shared-role',
    title: 'Functions share one role',
    category: 'shared-role',
    severity: 'medium',
    practice: PRACTICE.perFunctionRoles,
    owasp: OWASP.brokenAccessControl,
    docs: {
      what: 'Several functions run with the same IAM role that grants more than logging: each of them holds every permission any of them needs. In the Serverless Framework this is the default (one provider role for the whole service).',
      why: 'A function that only reads a table can then also delete users or send messages, because another function sharing the role needs to. One bug in the most exposed function gives the attacker the permissions of all of them.',
      fix: 'Give each function its own role with only what it calls: `iam.role.statements` per function (Framework v4) or the `serverless-iam-roles-per-function` plugin, SAM `Policies` per function, or one `iam.Role` per CDK function.',
      bad: 'provider:\n  iam:\n    role:\n      statements:\n        - Effect: Allow\n          Action: [dynamodb:PutItem, sns:Publish]\n          Resource: ...\nfunctions:\n  createOrder: ...\n  listOrders: ...',
      good: 'functions:\n  createOrder:\n    iamRoleStatements:\n      - Effect: Allow\n        Action: dynamodb:PutItem\n        Resource: !GetAtt Orders.Arn\n  listOrders:\n    iamRoleStatements:\n      - Effect: Allow\n        Action: dynamodb:Query\n        Resource: !GetAtt Orders.Arn',
    },
  },
  check(project, report) {
    for (const { role, service } of auditableRoles(project)) {
      const users = role.functions.filter((name) =>
        service.functions.some((f) => f.name === name && !f.generated),
      )
      if (users.length < 2) continue
      const grants =
        role.statements.some((s) => s.effect !== 'Deny') ||
        role.managedPolicies.some(
          (m) => !/AWSLambda(Basic|VPCAccess)ExecutionRole|AWSXRayDaemonWriteAccess/.test(m.value),
        )
      if (!grants) continue
      const name = role.kind === 'provider' ? 'the provider role' : `role ${role.id}`
      const shown = `${users.slice(0, 5).join(', ')}${users.length > 5 ? ` and ${users.length - 5} more` : ''}`
      report({
        span: role.span,
        message: `${users.length} functions (${shown}) share ${name}: each holds every permission any of them needs`,
        subject: role.id,
      })
    }
  },
}
