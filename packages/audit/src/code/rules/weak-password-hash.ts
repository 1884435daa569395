import type { AnyNode } from '../ast.js'
import { unwrapExpression } from '../ast.js'
import type { CodeRule } from '../rule.js'
import {
  argNode,
  calleeModule,
  calleePath,
  callsModuleItself,
  nameOf,
  OWASP,
  PRACTICE,
  words,
} from './support.js'

const FAST_HASH_FUNCTIONS =
  /^(?:md5|sha1|sha256|sha512|MD5|SHA1|SHA256|SHA512|sha224|sha384|SHA224|SHA384|hex_md5|hex_sha1)$/
const FAST_HASH_MODULES = new Set([
  'md5',
  'blueimp-md5',
  'sha1',
  'js-sha256',
  'js-sha512',
  'crypto-js',
  'js-md5',
  'object-hash',
  'hash.js',
])

function isPasswordName(name: string | undefined): boolean {
  if (name === undefined) return false
  const w = words(name)
  return (
    w.some((x) => x === 'password' || x === 'passwd' || x === 'pwd' || x === 'passphrase') &&
    w[w.length - 1] !== 'hash'
  )
}

function passwordIn(node: AnyNode | undefined): string | undefined {
  if (node === undefined) return undefined
  const n = unwrapExpression(node)
  if (n.type === 'Identifier' || n.type === 'MemberExpression') {
    const name = nameOf(n)
    return isPasswordName(name) ? name : undefined
  }
  if (n.type === 'BinaryExpression' && n.operator === '+')
    return passwordIn(n.left) ?? passwordIn(n.right)
  if (n.type === 'TemplateLiteral') {
    for (const e of n.expressions as AnyNode[]) {
      const found = passwordIn(e)
      if (found) return found
    }
  }
  return undefined
}

/** Passwords hashed with md5, sha1 or any fast hash instead of a password hash. */
export const weakPasswordHash: CodeRule = {
  meta: {
    id: 'weak-password-hash',
    title: 'Password hashed with a fast hash',
    category: 'weak-crypto',
    severity: 'high',
    practice: PRACTICE.crypto,
    owasp: OWASP.dataExposure,
    docs: {
      what: 'A password hashed with md5, sha1, sha256 or another fast hash (`crypto.createHash(…).update(password)`, `md5(password)`).',
      why: 'Fast hashes are built to be computed billions of times a second: a leaked table of them is cracked in hours, and md5/sha1 are broken outright.',
      fix: 'Use a password hash with a work factor: scrypt (`crypto.scrypt`), argon2 or bcrypt, with a per-user salt.',
      bad: "const hash = crypto.createHash('md5').update(password).digest('hex')",
      good: 'const salt = crypto.randomBytes(16)\nconst hash = crypto.scryptSync(password, salt, 64)',
    },
  },
  create(ctx) {
    return {
      call(site) {
        const module = calleeModule(site)
        const path = calleePath(site)
        let algorithm: string | undefined
        if (site.name === 'update' && module === 'crypto' && path.includes('createHash')) {
          algorithm = 'a fast hash'
          const create = unwrapExpression(site.node.callee as unknown as AnyNode)
          const inner =
            create.type === 'MemberExpression' ? unwrapExpression(create.object) : undefined
          const algArg =
            inner?.type === 'CallExpression'
              ? unwrapExpression(inner.arguments[0] ?? inner)
              : undefined
          if (algArg?.type === 'Literal' && typeof algArg.value === 'string')
            algorithm = algArg.value
        } else if (
          FAST_HASH_FUNCTIONS.test(site.name) &&
          (module === undefined || FAST_HASH_MODULES.has(module) || module === '<global>')
        ) {
          algorithm = site.name.toLowerCase()
        } else if (
          module !== undefined &&
          FAST_HASH_MODULES.has(module) &&
          callsModuleItself(site, module)
        ) {
          algorithm = module
        } else return
        const password = passwordIn(argNode(site, 0))
        if (password)
          ctx.report(
            site,
            `\`${password}\` is hashed with ${algorithm}, a fast hash: use scrypt, argon2 or bcrypt.`,
          )
      },
    }
  },
}
