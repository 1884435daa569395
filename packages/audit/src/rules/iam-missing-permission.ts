import { resourceText, statementSnippet } from '../iam/format-policy.js'
import { neededStatements, policyAnalysis } from '../iam/policy.js'
import { describeRole } from './internal/roles.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/**
 * The other half of the policy diff: a call the role does not allow. It is not a security hole
 * (the call fails), so its category is `other` and its severity low; it is reported because a
 * role narrowed by hand, or copied from another function, breaks exactly this way.
 */
export const iamMissingPermission: Rule = {
  meta: {
    id: 'iam-missing-permission',
    title: 'Code calls AWS without permission from its role',
    category: 'other',
    severity: 'low',
    practice: PRACTICE.leastPrivilege,
    owasp: OWASP.misconfiguration,
    docs: {
      what: "A function's code makes an AWS SDK call (followed from its handler) that no statement of its role allows, on the resource the call names. Only reported when everything the role grants is known (no role defined elsewhere, no managed policy the auditor does not know, no client made with credentials of its own) and the call is reached from the handler.",
      why: 'The call fails with AccessDenied in production, usually on a path tests with broad local credentials never exercised. The usual fix under pressure is a wildcard: fixing it with the exact statement keeps least privilege.',
      fix: "Add the statement the finding shows to the function's role (`bulwark policy --function NAME` prints the whole policy the function needs).",
      bad: 'functions:\n  notify: # calls sqs:SendMessage on the Jobs queue\n    iamRoleStatements:\n      - Effect: Allow\n        Action: [dynamodb:GetItem]\n        Resource: !GetAtt Orders.Arn',
      good: 'functions:\n  notify:\n    iamRoleStatements:\n      - Effect: Allow\n        Action: [dynamodb:GetItem]\n        Resource: !GetAtt Orders.Arn\n      - Effect: Allow\n        Action: [sqs:SendMessage]\n        Resource: !GetAtt Jobs.Arn',
    },
  },
  check(project, report) {
    for (const p of policyAnalysis(project).functions()) {
      if (p.role === undefined) continue
      const bySite = new Map<string, typeof p.missing>()
      for (const need of p.missing) {
        const key = `${need.site.file}:${need.site.line}:${need.site.column}|${need.action}`
        bySite.set(key, [...(bySite.get(key) ?? []), need])
      }
      for (const needs of bySite.values()) {
        const first = needs[0]
        if (first === undefined) continue
        const resources = needs.map((n) => resourceText(n.resource, p.refs))
        const [statement] = neededStatements(needs)
        report({
          span: first.site,
          function: p.fn.name,
          message: `${p.fn.name} calls ${first.action} on ${resources.join(', ')} but ${describeRole(p.role.role)} does not allow it: the call fails with AccessDenied`,
          ...(statement === undefined
            ? {}
            : {
                fix: `Add to the role of ${p.fn.name}:\n${statementSnippet(statement, p.service, p.refs)}`,
              }),
          subject: first.action,
        })
      }
    }
  },
}
