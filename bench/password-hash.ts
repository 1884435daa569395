// The cost of one password hash at the OWASP setting (scrypt N=2^17, r=8, p=1), beside the other
// OWASP-listed algorithm that Node ships (PBKDF2-HMAC-SHA256, 600,000 iterations), interleaved in
// one process; and what verifying for an unknown user costs (it must cost the same).
//   npm run bench -- password        or        node --import tsx bench/password-hash.ts
import { pbkdf2, randomBytes } from 'node:crypto'
import { promisify } from 'node:util'
import { hashPassword, verifyPassword } from '@bulwark/guard/crypto'
import { compare, printTable } from './measure.js'

const password = 'correct horse battery staple'
const pbkdf2Async = promisify(pbkdf2)
const stored = await hashPassword(password)

const results = await compare(
  [
    { name: 'hashPassword (scrypt 2^17,8,1)', fn: () => hashPassword(password) },
    { name: 'verifyPassword', fn: () => verifyPassword(stored, password) },
    { name: 'verifyPassword, unknown user', fn: () => verifyPassword(undefined, password) },
    {
      name: 'pbkdf2-sha256 600k (OWASP)',
      fn: () => pbkdf2Async(password, randomBytes(16), 600_000, 32, 'sha256'),
    },
  ],
  { batch: 1, rounds: 7, warmupRounds: 1 },
)
printTable(results, 'pbkdf2-sha256 600k (OWASP)')
for (const { name, nsPerOp } of results) {
  console.log(`${name}: ${(nsPerOp / 1e6).toFixed(1)} ms per call, ${(1e9 / nsPerOp).toFixed(2)}/s`)
}
console.log(`median of 7 interleaved rounds; scrypt uses 128 MiB per hash; node ${process.version}`)
