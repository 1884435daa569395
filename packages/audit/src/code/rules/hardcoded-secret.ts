import type { CodeRule, Site } from '../rule.js'
import type { Value } from '../values.js'
import { findSecretFormat, isTestPath, looksLikeSecretValue } from './secret-formats.js'
import { isSensitiveName, OWASP, PRACTICE, words } from './support.js'

/** Names whose value is a credential (a subset of sensitive names: not cookies or card numbers). */
function secretName(name: string): { secret: boolean; password: boolean } {
  const w = words(name)
  const last = w[w.length - 1] ?? ''
  // Passwords and secrets are often words; tokens and keys must also look random.
  const password = /^(?:password|passwd|pwd|passphrase|secret)$/.test(last)
  const secret =
    password ||
    (isSensitiveName(name) && !/^(?:cookie|ssn|cvv|cvc|pin|otp|number|card)$/.test(last))
  return { secret, password }
}

/** AWS keys, private keys, known token formats and literal secrets assigned to secret-like names. */
export const hardcodedSecret: CodeRule = {
  meta: {
    id: 'hardcoded-secret',
    title: 'Credential written in the source',
    category: 'hardcoded-secret',
    severity: 'high',
    practice: PRACTICE.keys,
    owasp: OWASP.dataExposure,
    docs: {
      what: 'A credential written in the source: an AWS access key, a private key, a known token format (GitHub, Slack, Stripe, …) or a literal assigned to a name like `password`, `apiKey` or `clientSecret`.',
      why: 'Source code is copied to laptops, CI logs, bundles and repositories; a key in it cannot be rotated without a deploy and is shared by every stage.',
      fix: 'Read secrets at run time from SSM Parameter Store or Secrets Manager (cached per container), give each stage its own, and rotate the exposed key now.',
      bad: "const stripe = new Stripe('sk_live_51H8x…')\nconst DB_PASSWORD = 'Winter2024!'",
      good: "const stripe = new Stripe(await getSecret('/prod/stripe/key'))\nconst DB_PASSWORD = await getSecret('/prod/db/password')",
    },
  },
  create(ctx) {
    const checkNamed = (site: Site, name: string, value: Value) => {
      const literal = (site.node as { type: string }).type
      if (literal !== 'Literal' && literal !== 'TemplateLiteral') return
      if (value.str === undefined || isTestPath(site.module.file)) return
      if (findSecretFormat(value.str)) return
      const kind = secretName(name)
      if (kind.secret && looksLikeSecretValue(value.str, kind.password)) {
        ctx.report(site, `\`${name}\` is set to a literal secret in the code.`)
      }
    }
    return {
      literal(site) {
        if (isTestPath(site.module.file)) return
        const format = findSecretFormat(site.text)
        if (format)
          ctx.report(
            site,
            `${/^[AEIOU]/.test(format.name) ? 'An' : 'A'} ${format.name} is written in the code.`,
            format.severity,
          )
      },
      store(site) {
        checkNamed({ module: site.module, node: site.valueNode }, site.name, site.value)
      },
      object(site) {
        for (const [key, { value, node }] of site.props) {
          const valueNode = (node as { value?: Site['node'] }).value ?? node
          checkNamed({ module: site.module, node: valueNode }, key, value)
        }
      },
    }
  },
}
