import type { Node } from '../load/tree.js'
import { str, templateText } from '../load/tree.js'
import {
  KNOWN_SECRET_FORMATS,
  looksLikeReference,
  NOT_A_SECRET_NAME,
  SECRET_NAME,
} from './internal/secret-patterns.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Report, Rule } from './types.js'

/** `${ssm:/path~true}`, `${ssm:/aws/reference/secretsmanager/…}` or `{{resolve:secretsmanager:…}}`. */
function pulledSecret(value: Node): string | undefined {
  if (value.kind === 'unknown') {
    for (const ref of value.refs) {
      if (ref.source !== 'ssm') continue
      if (ref.address.includes('/aws/reference/secretsmanager/'))
        return `Secrets Manager secret ${ref.address}`
      if (ref.address.endsWith('~true'))
        return `SecureString parameter ${ref.address.replace(/~true$/, '')}`
      return `parameter ${ref.address}`
    }
    return undefined
  }
  const text = str(value) ?? templateText(value)
  const dynamic =
    text === undefined
      ? undefined
      : /\{\{resolve:(secretsmanager|ssm-secure):([^}]+)\}\}/.exec(text)
  if (dynamic !== null && dynamic !== undefined) return `${dynamic[1]} reference ${dynamic[2]}`
  return undefined
}

export const secretInEnv: Rule = {
  meta: {
    id: 'secret-in-env',
    title: 'Secret in a function environment variable',
    category: 'secret-in-env',
    severity: 'high',
    practice: PRACTICE.protectCredentials,
    owasp: OWASP.sensitiveData,
    docs: {
      what: 'An environment variable that holds a secret: a literal value under a secret-looking name (`DB_PASSWORD: hunter2`), a value in a known credential format (AWS keys, Stripe, GitHub, private keys, passwords in connection strings), or a secret resolved at deploy time (`${ssm:/x~true}`, `{{resolve:secretsmanager:…}}`) and so stored decrypted in the function configuration.',
      why: 'Environment variables are visible to anyone who can read the function configuration (console, `lambda:GetFunctionConfiguration`), end up in CloudFormation templates, deploy logs and source control, and are shared by every stage that uses the same file.',
      fix: 'Keep the secret in SSM Parameter Store (SecureString) or Secrets Manager and put only its name in the environment; read it at runtime with a cache (`@bulwark/guard/secrets`), and grant the function read access to that one parameter.',
      bad: 'environment:\n  STRIPE_KEY: sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      good: 'environment:\n  STRIPE_KEY_PARAM: /payments/${sls:stage}/stripe-key',
    },
  },
  check(project, report) {
    const seen = new Set<string>()
    const once = (r: Report, finding: Parameters<Report>[0]) => {
      const key = `${finding.span.file}:${finding.span.line}:${finding.span.column}`
      if (seen.has(key)) return
      seen.add(key)
      r(finding)
    }
    for (const service of project.services) {
      for (const fn of service.functions) {
        if (fn.generated) continue
        for (const env of fn.environment) {
          const text = str(env.value)
          const known =
            text === undefined ? undefined : KNOWN_SECRET_FORMATS.find((f) => f.pattern.test(text))
          if (known !== undefined) {
            once(report, {
              span: env.keySpan,
              severity: 'critical',
              message: `environment variable ${env.name} holds a ${known.name} in clear text`,
              function: fn.name,
              subject: env.name,
            })
            continue
          }
          const pulled = pulledSecret(env.value)
          if (
            pulled !== undefined &&
            (SECRET_NAME.test(env.name) || !pulled.startsWith('parameter'))
          ) {
            once(report, {
              span: env.keySpan,
              severity: 'medium',
              message: `environment variable ${env.name} is set from ${pulled}: the decrypted value is stored in the function configuration`,
              function: fn.name,
              subject: env.name,
            })
            continue
          }
          if (text === undefined || text.trim() === '') continue
          if (!SECRET_NAME.test(env.name) || NOT_A_SECRET_NAME.test(env.name)) continue
          if (env.value.kind === 'scalar' && typeof env.value.value !== 'string') continue
          if (looksLikeReference(text)) continue
          once(report, {
            span: env.keySpan,
            message: `environment variable ${env.name} looks like a secret with a literal value`,
            function: fn.name,
            subject: env.name,
          })
        }
      }
    }
  },
}
