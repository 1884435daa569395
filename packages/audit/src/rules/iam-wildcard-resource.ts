import { acceptsOnlyWildcardResource, expandAction } from '../iam/actions.js'
import type { Statement } from '../model/types.js'
import {
  allowStatements,
  auditableRoles,
  isAdminStatement,
  perStatement,
} from './internal/roles.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/**
 * Actions AWS's own Lambda VPC policy grants on `*`: their resource types are only usable with
 * conditions, and every VPC function needs them.
 */
const VPC_NETWORK_ACTIONS = new Set([
  'ec2:createnetworkinterface',
  'ec2:describenetworkinterfaces',
  'ec2:deletenetworkinterface',
  'ec2:assignprivateipaddresses',
  'ec2:unassignprivateipaddresses',
  'ec2:detachnetworkinterface',
])

/**
 * What `AWSLambdaBasicExecutionRole` grants on `*`: writing the function's own logs. Scoping it
 * to a log group is tidy but not a least-privilege finding (the managed policy is not one).
 */
const LAMBDA_LOG_ACTIONS = new Set([
  'logs:createloggroup',
  'logs:createlogstream',
  'logs:putlogevents',
])

function needsNoResource(action: string): boolean {
  const lower = action.toLowerCase()
  return (
    VPC_NETWORK_ACTIONS.has(lower) ||
    LAMBDA_LOG_ACTIONS.has(lower) ||
    acceptsOnlyWildcardResource(action)
  )
}

/** `arn:aws:dynamodb:*:*:table/*`, `arn:aws:s3:::*`, `arn:aws:logs:*:*:*`: every resource of a kind. */
export function isWildcardArn(resource: string): boolean {
  const parts = resource.split(':')
  if (parts[0] !== 'arn' || parts.length < 6) return false
  const resourcePart = parts.slice(5).join(':')
  // S3 ARNs have no resource type: `bucket/*` is every object of one bucket.
  if (parts[2] === 's3') return /^\*(\/.*)?$/.test(resourcePart)
  return /^\*$|^[\w-]+[/:]\*$|^\*(:\*)*$/.test(resourcePart)
}

/** The statement's actions that could be scoped to resources (so `*` is a real over-grant). */
function scopableActions(statement: Statement): string[] | undefined {
  const out: string[] = []
  for (const action of statement.actions) {
    if (action.value === 'unknown') return undefined
    if (!needsNoResource(action.value)) out.push(action.value)
  }
  return out
}

function writes(actions: string[]): boolean {
  return actions.some(
    (a) =>
      a === '*' ||
      a.endsWith(':*') ||
      expandAction(a).some((i) => i.level !== 'read' && i.level !== 'list'),
  )
}

export const iamWildcardResource: Rule = {
  meta: {
    id: 'iam-wildcard-resource',
    title: 'IAM statement applies to every resource',
    category: 'iam-wildcard-resource',
    severity: 'medium',
    practice: PRACTICE.leastPrivilege,
    owasp: OWASP.brokenAccessControl,
    docs: {
      what: 'An Allow statement with `Resource: "*"` (or an ARN whose resource part is only a wildcard, such as `table/*`) for actions that can be scoped to resources. Actions that only accept `*` (such as `xray:PutTraceSegments`), the network actions of VPC functions and the logging actions of `AWSLambdaBasicExecutionRole` (`logs:CreateLogGroup`, `logs:CreateLogStream`, `logs:PutLogEvents`) are not reported.',
      why: 'With `*` the function can read or change every table, bucket or queue in the account, not just its own: one injection bug exposes all the data in the account.',
      fix: 'Name the resources: `!GetAtt UsersTable.Arn`, `arn:aws:s3:::my-bucket/*`, or an ARN built with `!Sub`. Keep actions that only accept `*` in a statement of their own.',
      bad: '- Effect: Allow\n  Action: [dynamodb:GetItem, dynamodb:PutItem]\n  Resource: "*"',
      good: '- Effect: Allow\n  Action: [dynamodb:GetItem, dynamodb:PutItem]\n  Resource: !GetAtt UsersTable.Arn',
    },
  },
  check(project, report) {
    const findings = perStatement(report)
    for (const { role } of auditableRoles(project)) {
      for (const statement of allowStatements(role)) {
        if (isAdminStatement(statement)) continue
        const scopable = scopableActions(statement)
        if (scopable === undefined || scopable.length === 0) continue
        const shown = `${scopable.slice(0, 3).join(', ')}${scopable.length > 3 ? ', …' : ''}`
        for (const resource of statement.resources) {
          if (resource.value === 'unknown') continue
          if (resource.value === '*') {
            findings.add(role, {
              span: resource.span,
              severity: writes(scopable) ? 'high' : 'medium',
              text: `allows ${shown} on every resource ("*")`,
            })
          } else if (isWildcardArn(resource.value)) {
            findings.add(role, {
              span: resource.span,
              severity: writes(scopable) ? 'medium' : 'low',
              text: `allows ${shown} on \`${resource.value}\`: every resource of that kind`,
            })
          }
        }
        const first = statement.notResources[0]
        if (first !== undefined) {
          findings.add(role, {
            span: first.span,
            text: `uses NotResource with Allow: it applies to every resource but \`${first.value}\``,
          })
        }
      }
    }
    findings.flush()
  },
}
