import { expandAction } from '../iam/actions.js'
import { resourceText, statementSnippet } from '../iam/format-policy.js'
import { type OverGrant, policyAnalysis } from '../iam/policy.js'
import { SAM_POLICY_TEMPLATES } from '../load/cloudformation/sam-policy-templates.js'
import { describeRole, soleFunction } from './internal/roles.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

const list = (items: readonly string[], max = 6) =>
  `${items
    .slice(0, max)
    .map((i) => (i === '*' ? 'every action (*)' : i))
    .join(', ')}${items.length > max ? ` and ${items.length - max} more` : ''}`

/** Only reads and lists are left over: less at stake than writes or permission changes. */
function onlyReads(patterns: readonly string[]): boolean {
  return patterns.every((p) => {
    const matched = expandAction(p)
    return matched.length > 0 && matched.every((a) => a.level === 'read' || a.level === 'list')
  })
}

/** A SAM policy template of the same family that grants every used action, and fewer. */
function narrowerTemplate(over: OverGrant): string | undefined {
  const current = over.grant.samTemplate
  if (current === undefined) return undefined
  const used = over.replacement.flatMap((r) => r.actions)
  const family = /^[A-Z][a-z]+|^DynamoDB|^S3|^SQS|^SNS|^SES|^SSM|^KMS/.exec(current)?.[0]
  const size = SAM_POLICY_TEMPLATES[current]?.actions.length ?? 0
  let best: string | undefined
  for (const [name, template] of Object.entries(SAM_POLICY_TEMPLATES)) {
    if (name === current || family === undefined || !name.startsWith(family)) continue
    if (template.actions.length >= size) continue
    const covers = used.every((a) =>
      template.actions.some((t) => t.toLowerCase() === a.toLowerCase()),
    )
    if (!covers) continue
    if (
      best === undefined ||
      template.actions.length < (SAM_POLICY_TEMPLATES[best]?.actions.length ?? 0)
    )
      best = name
  }
  return best
}

function describe(over: OverGrant): { message: string; fix: string } {
  const who = describeRole(over.role)
  const source =
    over.grant.managed !== undefined
      ? `managed policy ${over.grant.managed}`
      : over.grant.samTemplate !== undefined
        ? `policy template ${over.grant.samTemplate}`
        : 'this statement'
  const refs = over.functions[0]?.refs
  const parts: string[] = []
  const never = over.unused.filter((p) => !over.elsewhere.has(p))
  if (never.length > 0) parts.push(`grants ${list(never)} that no function using it calls`)
  for (const [pattern, resources] of over.elsewhere) {
    const shown = refs === undefined ? [] : resources.map((r) => resourceText(r, refs))
    parts.push(
      `grants ${pattern} on resources the code never touches (it calls it on ${list(shown, 3)})`,
    )
  }
  for (const [pattern, used] of over.narrowed)
    parts.push(`grants ${pattern} where the code it loads only calls ${list(used)}`)
  if (over.resources !== undefined && refs !== undefined)
    parts.push(
      `applies to every resource where the calls only touch ${list(
        over.resources.map((r) => refs.subTemplate(r)),
        3,
      )}`,
    )
  const message = `${who}: ${source} ${parts.join('; ')}`
  if (over.replacement.length === 0 || refs === undefined) {
    return {
      message,
      fix:
        over.grant.managed !== undefined
          ? `Detach ${over.grant.managed}: the code of ${list(
              over.functions.map((f) => f.fn.name),
              4,
            )} makes none of its calls.`
          : 'Remove the statement: no function using the role makes any of its calls (`bulwark policy` prints what each function needs).',
    }
  }
  const snippet = over.replacement
    .map((statement) => statementSnippet(statement, over.service, refs))
    .join('\n')
  const template = narrowerTemplate(over)
  const lead =
    template !== undefined
      ? `Use the policy template ${template} instead of ${over.grant.samTemplate}, or an inline statement:`
      : over.grant.managed !== undefined
        ? `Replace ${over.grant.managed} with a statement of what the code calls:`
        : 'Replace it with what the code calls:'
  return { message, fix: `${lead}\n${snippet}` }
}

export const iamOverPrivilege: Rule = {
  meta: {
    id: 'iam-over-privilege',
    title: 'Role grants more than its functions call',
    category: 'iam-over-privilege',
    severity: 'medium',
    practice: PRACTICE.leastPrivilege,
    owasp: OWASP.brokenAccessControl,
    docs: {
      what: "A role statement (or managed policy, or SAM policy template) grants actions that no function using the role calls, a wildcard action where the code calls only a few of its actions, or `Resource: \"*\"` where every call names its resource. The auditor follows each function's handler and its local imports, finds the AWS SDK calls (v2 and v3, DynamoDB document clients, lib-storage uploads) and resolves the resources they touch through the environment variables the template sets. It says nothing about a role unless it could follow all the code of every function using it: no layer or monitoring extension, no unresolved import, no package that calls AWS on its own (an ORM, a parameter loader), no SDK call with a computed operation. Lambda's own uses of the role (logs, traces, VPC network interfaces, polling the function's queues and streams, dead-letter queues and destinations, KMS decryption) never count as unused.",
      why: 'Permissions nobody uses are pure risk: an injection or a leaked credential in the function gets every one of them. Roles drift from what the code does as features are removed or copied from examples; the unused grants are the ones nobody would notice being abused.',
      fix: "Replace the statement with the actions and resources the code uses (the finding shows the narrowed statement; `bulwark policy` prints the whole least-privilege policy of each function in the project's own format).",
      bad: 'functions:\n  getOrder: # calls GetCommand only\n    iamRoleStatements:\n      - Effect: Allow\n        Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:DeleteItem]\n        Resource: !GetAtt Orders.Arn',
      good: 'functions:\n  getOrder:\n    iamRoleStatements:\n      - Effect: Allow\n        Action: [dynamodb:GetItem]\n        Resource: !GetAtt Orders.Arn',
    },
  },
  check(project, report) {
    for (const over of policyAnalysis(project).overGrants()) {
      const { message, fix } = describe(over)
      const wide = [...over.unused, ...over.narrowed.keys()]
      report({
        span: over.grant.span,
        message,
        fix,
        severity: wide.length > 0 && onlyReads(wide) ? 'low' : 'medium',
        subject: over.role.id,
        ...soleFunction(over.role),
      })
    }
  },
}
