import { at } from '../load/tree.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const logRetention: Rule = {
  meta: {
    id: 'log-retention',
    title: 'Logs kept forever (no retention)',
    category: 'no-log-retention-or-alarms',
    severity: 'low',
    practice: PRACTICE.logging,
    owasp: OWASP.logging,
    docs: {
      what: 'Functions whose log groups have no retention (Lambda creates them with "never expire"), and log groups declared without `RetentionInDays`.',
      why: 'Logs kept forever accumulate whatever personal data or tokens ever slipped into them, for as long as the account exists, and make a breach of the logs worse. A retention period is also what data protection rules expect.',
      fix: 'Set `provider.logRetentionInDays` (Serverless), a `AWS::Logs::LogGroup` with `RetentionInDays` per function (SAM/CloudFormation, with `LoggingConfig.LogGroup`), or `logRetention` / `logGroup` on CDK functions.',
      bad: 'provider:\n  name: aws\n  runtime: nodejs22.x',
      good: 'provider:\n  name: aws\n  runtime: nodejs22.x\n  logRetentionInDays: 30',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      const pluginRetention =
        at(service.root, 'custom', 'logRetentionInDays') !== undefined ||
        service.plugins.includes('serverless-plugin-log-retention')
      const without = service.functions.filter((f) => !f.generated && f.logRetention === undefined)
      if (service.logRetention === undefined && !pluginRetention && without.length > 0) {
        const first = without[0]
        const span =
          service.format === 'serverless' || first === undefined ? service.settingsSpan : first.span
        report({
          span,
          message: `${without.length} function${without.length === 1 ? '' : 's'} (${without
            .slice(0, 4)
            .map((f) => f.name)
            .join(
              ', ',
            )}${without.length > 4 ? ', …' : ''}) ${without.length === 1 ? 'keeps its' : 'keep their'} logs forever: no log retention is set`,
          ...(without.length === 1 && first !== undefined ? { function: first.name } : {}),
        })
      }
      for (const group of service.resources.filter((r) => r.type === 'AWS::Logs::LogGroup')) {
        if (at(group.properties, 'RetentionInDays') !== undefined) continue
        report({
          span: group.span,
          message: `log group ${group.logicalId} has no RetentionInDays: its logs never expire`,
          subject: group.logicalId,
        })
      }
    }
  },
}
