import type { CodeRule } from '../rule.js'
import { calleeModule, OWASP, PRACTICE } from './support.js'

const WEAK_CIPHER = /-ecb$|^des(?:-|$)|^des-ede|^rc4|^rc2|^bf(?:-|$)|^blowfish|^cast/i

/** Deprecated or broken ciphers: `createCipher` (no IV), ECB mode, DES, RC4. */
export const weakCipher: CodeRule = {
  meta: {
    id: 'weak-cipher',
    title: 'Broken or deprecated cipher',
    category: 'weak-crypto',
    severity: 'medium',
    practice: PRACTICE.crypto,
    owasp: OWASP.dataExposure,
    docs: {
      what: '`crypto.createCipher`/`createDecipher` (key derived from a password with MD5, no IV), or a cipher in ECB mode, DES, RC4, RC2 or Blowfish.',
      why: 'These leak patterns of the plaintext or are broken outright: encrypted fields can be read or altered.',
      fix: "Use `crypto.createCipheriv('aes-256-gcm', key, iv)` with a random 12-byte IV per message, or KMS envelope encryption.",
      bad: "const cipher = crypto.createCipher('aes-256-cbc', password)",
      good: "const iv = crypto.randomBytes(12)\nconst cipher = crypto.createCipheriv('aes-256-gcm', key, iv)",
    },
  },
  create(ctx) {
    return {
      call(site) {
        if (calleeModule(site) !== 'crypto') return
        if (site.name === 'createCipher' || site.name === 'createDecipher') {
          ctx.report(
            site,
            `crypto.${site.name}() derives the key with MD5 and uses no IV: use createCipheriv with AES-GCM.`,
          )
          return
        }
        if (site.name !== 'createCipheriv' && site.name !== 'createDecipheriv') return
        const algorithm = site.args[0]?.str
        if (algorithm && WEAK_CIPHER.test(algorithm))
          ctx.report(site, `${algorithm} is a weak cipher or mode: use aes-256-gcm.`)
      },
    }
  },
}
