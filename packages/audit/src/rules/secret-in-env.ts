import { at, type Node, str } from '../load/tree.js'
import type { Service } from '../model/types.js'
import {
  KNOWN_SECRET_FORMATS,
  looksLikeReference,
  NOT_A_SECRET_NAME,
  SECRET_NAME,
} from './internal/secret-patterns.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Report, Rule } from './types.js'

/**
 * A connection string whose password is a deploy-time reference (`{{resolve:secretsmanager:…}}`,
 * a Framework variable the auditor left unresolved): the file holds no password.
 */
function passwordIsReference(text: string): boolean {
  const password = /:\/\/[^:/\s@]+:([^@/\s]+)@/.exec(text)?.[1]
  return password !== undefined && /^(\{\{resolve:|\$\{)/.test(password)
}

/**
 * `DB_PASSWORD: !Ref DbPassword` where the template's `Parameters.DbPassword` has a literal
 * `Default`: that literal is what deploys unless someone overrides it, `NoEcho` or not.
 */
function parameterDefault(
  service: Service,
  value: Node,
): { readonly text: string; readonly node: Node; readonly param: string } | undefined {
  if (value.kind !== 'intrinsic' || value.name !== 'Ref') return undefined
  const param = str(value.arg)
  if (param === undefined) return undefined
  const node = at(service.root, 'Parameters', param, 'Default')
  const text = str(node)
  return node === undefined || text === undefined ? undefined : { text, node, param }
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
      what: 'An environment variable that holds a secret written in the config: a literal value under a secret-looking name (`DB_PASSWORD: hunter2`), or a value in a known credential format (AWS keys, Stripe, GitHub, private keys, passwords in connection strings), also when it is the literal `Default` of a template parameter the variable references. A value taken from Parameter Store or Secrets Manager (`${ssm:…}`, `{{resolve:secretsmanager:…}}`), an environment variable or a file the project does not hold is a reference, not a secret in the config, and is not reported.',
      why: 'Environment variables are visible to anyone who can read the function configuration (console, `lambda:GetFunctionConfiguration`), end up in CloudFormation templates, deploy logs and source control, and are shared by every stage that uses the same file.',
      fix: 'Keep the secret in SSM Parameter Store (SecureString) or Secrets Manager and reference it (`${ssm:…}`, `{{resolve:secretsmanager:…}}`), or better put only its name in the environment and read it at runtime with a cache (`@bulwark/guard/secrets`), so the decrypted value never sits in the function configuration.',
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
          // A parameter's literal default is reported where it is written.
          const fromParameter = parameterDefault(service, env.value)
          const text = fromParameter?.text ?? str(env.value)
          const span = fromParameter?.node.span ?? env.keySpan
          const where = fromParameter
            ? ` (the default of parameter ${fromParameter.param}, deployed unless overridden)`
            : ''
          const known =
            text === undefined || passwordIsReference(text)
              ? undefined
              : KNOWN_SECRET_FORMATS.find((f) => f.pattern.test(text))
          if (known !== undefined) {
            once(report, {
              span,
              severity: 'critical',
              message: `environment variable ${env.name} holds a ${known.name} in clear text${where}`,
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
            span,
            message: `environment variable ${env.name} looks like a secret with a literal value${where}`,
            function: fn.name,
            subject: env.name,
          })
        }
      }
    }
  },
}
