import { str, templateText } from '../load/tree.js'
import type { Service } from '../model/types.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/** A parameter or secret name that differs per stage: it mentions the stage or a parameter. */
function isPerStage(address: string, service: Service): boolean {
  const stage = service.stage.name
  if (address.includes('${')) return true
  if (stage === undefined) return true
  return address.split(/[/._:-]/).includes(stage)
}

/** SSM/Secrets Manager names a function's environment reads at deploy time. */
function secretAddresses(
  service: Service,
): { address: string; span: Service['span']; fn: string; name: string }[] {
  const out: { address: string; span: Service['span']; fn: string; name: string }[] = []
  for (const fn of service.functions) {
    if (fn.generated) continue
    for (const env of fn.environment) {
      if (env.value.kind === 'unknown') {
        for (const ref of env.value.refs) {
          if (ref.source === 'ssm')
            out.push({
              // `${ssm(raw):/x}`, `${ssm(noDecrypt, eu-west-1):/x}`: the options are not the name.
              address: ref.address.replace(/^\([^)]*\)/, '').replace(/~true$/, ''),
              span: env.keySpan,
              fn: fn.name,
              name: env.name,
            })
        }
        continue
      }
      const text = str(env.value) ?? templateText(env.value)
      const dynamic =
        text === undefined
          ? null
          : /\{\{resolve:(ssm|ssm-secure|secretsmanager):([^:}]+)/.exec(text)
      if (dynamic !== null)
        out.push({ address: dynamic[2] as string, span: env.keySpan, fn: fn.name, name: env.name })
    }
  }
  return out
}

export const stageSeparation: Rule = {
  meta: {
    id: 'stage-separation',
    title: 'Dev and prod share secrets or parameters',
    category: 'other',
    severity: 'medium',
    practice: PRACTICE.separateStages,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A service deployed to several stages (the stage comes from `--stage` or a template parameter) whose functions read the same SSM parameter or secret whatever the stage.',
      why: 'When dev and prod use the same credentials, a developer laptop, a test run or a leaked dev deploy has production access, and rotating the key breaks every stage at once.',
      fix: 'Put the stage in the name (`/app/${sls:stage}/db-password`, `!Sub /app/${Stage}/db-password`) and keep production secrets in a separate account if you can.',
      bad: 'environment:\n  DB_PASSWORD_PARAM: ${ssm:/app/db-password}',
      good: 'environment:\n  DB_PASSWORD_PARAM: ${ssm:/app/${sls:stage}/db-password}',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      if (!service.stage.variable) continue
      const seen = new Set<string>()
      for (const ref of secretAddresses(service)) {
        if (isPerStage(ref.address, service)) continue
        const key = `${ref.span.line}:${ref.span.column}`
        if (seen.has(key)) continue
        seen.add(key)
        report({
          span: ref.span,
          message: `${ref.name} reads ${ref.address} in every stage: dev and prod share it`,
          function: ref.fn,
          subject: ref.name,
        })
      }
    }
  },
}
