import type { Severity } from '../../findings.js'

/** A credential format recognizable wherever it appears. */
export interface SecretFormat {
  readonly name: string
  readonly pattern: RegExp
  readonly severity: Severity
}

/**
 * Formats of keys and tokens that are secrets by their shape alone (the same families secretlint's
 * recommended preset knows). The AWS documentation's example keys contain `EXAMPLE` and are skipped.
 */
export const SECRET_FORMATS: readonly SecretFormat[] = [
  { name: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/, severity: 'critical' },
  {
    name: 'private key',
    pattern: /-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----/,
    severity: 'critical',
  },
  {
    name: 'GitHub token',
    pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})\b/,
    severity: 'high',
  },
  { name: 'Slack token', pattern: /\bxox[baprs]-[A-Za-z0-9-]{10,}/, severity: 'high' },
  {
    name: 'Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/,
    severity: 'medium',
  },
  { name: 'Stripe live key', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/, severity: 'critical' },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/, severity: 'high' },
  {
    name: 'SendGrid API key',
    pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/,
    severity: 'high',
  },
  { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/, severity: 'high' },
  {
    name: 'OpenAI API key',
    pattern: /\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}/,
    severity: 'high',
  },
  {
    name: 'Anthropic API key',
    pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{40,}/,
    severity: 'high',
  },
  { name: 'Mailgun API key', pattern: /\bkey-[0-9a-f]{32}\b/, severity: 'medium' },
  {
    name: 'Azure storage account key',
    pattern: /AccountKey=[A-Za-z0-9+/=]{80,}/,
    severity: 'high',
  },
  {
    name: 'JSON Web Token',
    pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}/,
    severity: 'medium',
  },
  {
    name: 'password in a connection string',
    pattern:
      /\b(?:postgres(?:ql)?|mysql|mariadb|mssql|mongodb(?:\+srv)?|rediss?|amqps?):\/\/[^:\s/@]+:(?!\$\{|<|\*|password@|pass@|xxx)[^@\s/]{3,}@/,
    severity: 'high',
  },
]

const PREFILTER =
  /AKIA|ASIA|-----BEGIN|gh[pousr]_|github_pat_|xox[baprs]-|hooks\.slack|_live_|AIza|SG\.|npm_|sk-|key-|eyJ|:\/\/[^/\s]*:[^@\s]*@|AccountKey=/

/**
 * The known credential format a text contains, if any.
 *
 * @example
 * findSecretFormat("const k = 'AKIAIOSFODNN7REALKEY'")?.name // 'AWS access key ID'
 */
export function findSecretFormat(text: string): SecretFormat | undefined {
  if (!PREFILTER.test(text) || /EXAMPLE/.test(text)) return undefined
  return SECRET_FORMATS.find((f) => f.pattern.test(text))
}

/** Shannon entropy in bits per character: random keys score high, words and names low. */
export function entropy(text: string): number {
  const counts = new Map<string, number>()
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) {
    const p = n / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

const PLACEHOLDER =
  /^(?:x+|\*+|\.+|-+|_+|0+|changeme|change[-_ ]?me|change[-_ ]?it|password\d*|passw0rd|secret|token|todo|tbd|fixme|null|none|undefined|empty|redacted|hidden|masked|default|placeholder|(?:your|my|some|the|insert|enter|replace|put)[-_ ].*|example.*|dummy.*|test.*|fake.*|sample.*|mock.*|xxx.*|<.*>|\[.*\]|\$\{.*\}|\{\{.*\}\}|%.*%|\$[A-Z_]+)$/i

/** A literal that is a real-looking secret value rather than a placeholder, a reference or a label. */
export function looksLikeSecretValue(value: string, passwordLike: boolean): boolean {
  const v = value.trim()
  if (PLACEHOLDER.test(v) || /EXAMPLE/.test(v)) return false
  if (/\s/.test(v) || /^(?:arn:|\/|https?:\/\/|s3:\/\/|ssm:|secretsmanager:|process\.env)/i.test(v))
    return false
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)) return false
  if (/\$\{|\{\{/.test(v)) return false
  if (passwordLike) return v.length >= 6 && !/^[a-z]+(?:[-_.][a-z]+)*$/.test(v)
  return v.length >= 16 && entropy(v) >= 3.2
}

/** Test files, fixtures, mocks and examples: their keys are fake by design. */
export function isTestPath(file: string): boolean {
  return /(?:^|\/)(?:__tests__|__mocks__|__fixtures__|tests?|spec|specs|fixtures?|mocks?|e2e|cypress|stories|\.storybook)\/|\.(?:test|spec|stories|e2e)\.[cm]?[jt]sx?$/.test(
    file,
  )
}
