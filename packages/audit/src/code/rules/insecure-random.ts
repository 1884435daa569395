import type { CodeRule, Site } from '../rule.js'
import type { Value } from '../values.js'
import { OWASP, PRACTICE, words } from './support.js'

const SECRET_WORDS = new Set([
  'token',
  'secret',
  'password',
  'passwd',
  'nonce',
  'salt',
  'otp',
  'key',
  'iv',
  'csrf',
  'code',
  'pin',
  'session',
  'sid',
  'apikey',
  'uuid',
  'guid',
])

function secretName(name: string): boolean {
  const w = words(name)
  const last = w[w.length - 1] ?? ''
  if (last === 'code' || last === 'key' || last === 'id') {
    const prev = w[w.length - 2] ?? ''
    return /^(?:reset|verification|verify|confirm|confirmation|auth|otp|access|invite|activation|login|api|secret|session|signing|magic|recovery)$/.test(
      prev,
    )
  }
  return SECRET_WORDS.has(last)
}

/** `Math.random()` used to make tokens, passwords, codes or keys. */
export const insecureRandom: CodeRule = {
  meta: {
    id: 'insecure-random',
    title: 'Math.random() used for tokens or codes',
    category: 'weak-crypto',
    severity: 'high',
    practice: PRACTICE.crypto,
    owasp: OWASP.brokenAuth,
    docs: {
      what: 'A token, password, reset code, session id or key made from `Math.random()`.',
      why: '`Math.random()` is predictable: from a few outputs an attacker computes the next tokens and takes over accounts.',
      fix: "Use `crypto.randomBytes(32).toString('base64url')`, `crypto.randomUUID()` or `crypto.randomInt()`.",
      bad: 'const resetToken = Math.random().toString(36).slice(2)',
      good: "const resetToken = crypto.randomBytes(32).toString('base64url')",
    },
  },
  create(ctx) {
    const check = (site: Site, name: string, value: Value) => {
      if (value.random && secretName(name))
        ctx.report(site, `\`${name}\` is made from Math.random(), which is predictable.`)
    }
    return {
      store(site) {
        check({ module: site.module, node: site.valueNode }, site.name, site.value)
      },
      object(site) {
        for (const [key, { value, node }] of site.props)
          check({ module: site.module, node }, key, value)
      },
    }
  },
}
