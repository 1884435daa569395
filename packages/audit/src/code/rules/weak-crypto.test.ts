import { ruleTable } from '../testing/rule-table.js'
import { insecureRandom } from './insecure-random.js'
import { weakCipher } from './weak-cipher.js'
import { weakPasswordHash } from './weak-password-hash.js'

ruleTable(weakPasswordHash, {
  valid: [
    {
      name: 'md5 for an ETag',
      handler: false,
      code: "const crypto = require('crypto')\nmodule.exports = (body) => crypto.createHash('md5').update(body).digest('hex')",
    },
    {
      name: 'scrypt for a password',
      handler: false,
      code: "const crypto = require('crypto')\nmodule.exports = (password, salt) => crypto.scryptSync(password, salt, 64)",
    },
    {
      name: 'comparing a stored password hash',
      handler: false,
      code: "const crypto = require('crypto')\nmodule.exports = (user) => crypto.createHash('sha256').update(user.passwordHash).digest()",
    },
  ],
  invalid: [
    {
      name: 'md5 of a password in a handler',
      code: "const crypto = require('crypto')\nexports.handler = async (event) => {\n  const { password } = JSON.parse(event.body)\n  const hash = crypto.createHash('md5').update(password).digest('hex')\n  return hash\n}",
      findings: [{ line: 4, column: 16 }],
    },
    {
      name: 'sha1 of salt + password (ESM)',
      handler: false,
      file: 'hash.mjs',
      code: "import { createHash } from 'node:crypto'\nexport const hashPassword = (salt, password) => createHash('sha1').update(salt + password).digest('hex')",
      findings: [{ line: 2, column: 49 }],
    },
    {
      name: 'the md5 package',
      handler: false,
      code: "const md5 = require('md5')\nmodule.exports = (user) => md5(user.password)",
      findings: [{ line: 2, column: 28 }],
    },
  ],
})

ruleTable(weakCipher, {
  valid: [
    {
      name: 'AES-GCM with an IV',
      handler: false,
      code: "const crypto = require('crypto')\nmodule.exports = (key, iv) => crypto.createCipheriv('aes-256-gcm', key, iv)",
    },
  ],
  invalid: [
    {
      name: 'createCipher',
      handler: false,
      code: "const crypto = require('crypto')\nmodule.exports = (pw) => crypto.createCipher('aes-256-cbc', pw)",
      findings: [{ line: 2, column: 26 }],
    },
    {
      name: 'ECB mode',
      handler: false,
      file: 'enc.ts',
      code: "import { createCipheriv } from 'crypto'\nexport const enc = (key: Buffer) => createCipheriv('aes-128-ecb', key, null)",
      findings: [{ line: 2, column: 37 }],
    },
  ],
})

ruleTable(insecureRandom, {
  valid: [
    {
      name: 'crypto.randomBytes for a token',
      handler: false,
      code: "const crypto = require('crypto')\nconst resetToken = crypto.randomBytes(32).toString('hex')",
    },
    {
      name: 'Math.random for jitter',
      handler: false,
      code: 'const delay = Math.floor(Math.random() * 100)\nconst sampleRate = Math.random()',
    },
  ],
  invalid: [
    {
      name: 'reset token from Math.random',
      handler: false,
      code: 'const resetToken = Math.random().toString(36).slice(2)',
      findings: [{ line: 1, column: 20 }],
    },
    {
      name: 'OTP code in an object (TypeScript)',
      handler: false,
      file: 'otp.ts',
      code: 'export const makeOtp = () => ({ otp: Math.floor(Math.random() * 1e6), expires: Date.now() + 300000 })',
      findings: [{ line: 1, column: 33 }],
    },
  ],
})
