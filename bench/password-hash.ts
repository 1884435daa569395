// Cost of one password hash at the OWASP settings, beside the other OWASP-listed algorithm that
// Node ships (PBKDF2-HMAC-SHA256, 600,000 iterations), measured in the same process.
// Run: node --import tsx bench/password-hash.ts [runs]
import { pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { hashPassword, verifyPassword } from '../packages/guard/src/crypto/index.js'

const runs = Number(process.argv[2] ?? 5)
const password = 'correct horse battery staple'
const pbkdf2Async = promisify(pbkdf2)

async function measure(name: string, operation: () => Promise<unknown>): Promise<number> {
  await operation() // warm-up: thread pool, key schedule
  const started = process.hrtime.bigint()
  for (let i = 0; i < runs; i++) await operation()
  const msPerOp = Number(process.hrtime.bigint() - started) / 1e6 / runs
  console.log(
    `${name.padEnd(44)} ${msPerOp.toFixed(1).padStart(8)} ms/op ${(1000 / msPerOp).toFixed(2).padStart(7)} ops/s`,
  )
  return msPerOp
}

const stored = await hashPassword(password)
const hash = await measure('hashPassword (scrypt N=2^17 r=8 p=1)', () => hashPassword(password))
await measure('verifyPassword (same cost)', () => verifyPassword(stored, password))
await measure('verifyPassword, unknown user (dummy hash)', () =>
  verifyPassword(undefined, password),
)
const pbkdf = await measure('pbkdf2 sha256, 600k iterations (OWASP)', () =>
  pbkdf2Async(password, randomBytes(16), 600_000, 32, 'sha256'),
)
console.log(
  `scrypt / pbkdf2 time ratio: ${(hash / pbkdf).toFixed(2)} (scrypt also costs 128 MiB per hash)`,
)
console.log(`runs per measurement: ${runs}; node ${process.version}`)
