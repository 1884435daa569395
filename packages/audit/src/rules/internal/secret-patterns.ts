/**
 * Known credential formats (from the public formats of each provider), used on environment
 * values. A match is a real credential, whatever the variable is called.
 */
export const KNOWN_SECRET_FORMATS: readonly { readonly name: string; readonly pattern: RegExp }[] =
  [
    { name: 'AWS access key id', pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
    { name: 'private key', pattern: /-----BEGIN ([A-Z]+ )?PRIVATE KEY-----/ },
    { name: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,}\b/ },
    { name: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{60,}\b/ },
    { name: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
    {
      name: 'Slack webhook',
      pattern:
        /https:\/\/hooks\.slack\.com\/services\/T[A-Za-z0-9_]+\/B[A-Za-z0-9_]+\/[A-Za-z0-9_]+/,
    },
    { name: 'Stripe secret key', pattern: /\b(sk|rk)_live_[0-9a-zA-Z]{20,}\b/ },
    { name: 'Stripe webhook secret', pattern: /\bwhsec_[0-9a-zA-Z_]{20,}\b/ },
    { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
    { name: 'SendGrid API key', pattern: /\bSG\.[\w-]{22}\.[\w-]{43}\b/ },
    { name: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
    { name: 'OpenAI API key', pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{32,}\b/ },
    { name: 'Twilio API key', pattern: /\bSK[0-9a-f]{32}\b/ },
    {
      name: 'password in a connection string',
      pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^:/\s@]+:[^@/\s]{3,}@[^\s]+/i,
    },
  ]

/** Variable names that hold secrets. */
export const SECRET_NAME =
  /(secret|passw(or)?d|passwd|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|client[_-]?secret|credential|signing[_-]?key|encryption[_-]?key|auth[_-]?key|session[_-]?key|master[_-]?key|webhook[_-]?url|dsn)/i

/**
 * Names that mention a secret but hold something else: where it is (`SECRET_ARN`,
 * `PASSWORD_PARAM`), how it behaves (`TOKEN_TTL`), or public parts (`KMS_KEY_ID`).
 */
export const NOT_A_SECRET_NAME =
  /(_|^)(arn|name|names|id|ids|key_id|path|param|parameter|ttl|expiry|expires|expires_in|expiration|lifetime|timeout|validity|length|min|max|table|queue|bucket|topic|region|endpoint|url|uri|header|enabled|algorithm|alg|issuer|audience|type|mode|field|version|prefix|ref|stage|duration|seconds|minutes|hours|days|count|limit|policy|rotation|pool|client_id|public_key|pubkey)$/i

/** A value that names where a secret is instead of being one. */
export function looksLikeReference(value: string): boolean {
  return (
    value.startsWith('arn:') ||
    /^\/[\w./-]+$/.test(value) ||
    /^\{\{resolve:/.test(value) ||
    /^(true|false|null|none|undefined)$/i.test(value) ||
    /^\d+$/.test(value) ||
    /^https?:\/\/[^:@]+$/.test(value)
  )
}
