// Run as a separate process by fingerprint.test.ts: a second "instance" of the same code.
import { errorFingerprint } from '../fingerprint.js'

function chargeCard(amount: number): never {
  throw new TypeError(`cannot charge ${amount} at ${Date.now()}`)
}

try {
  chargeCard(Number(process.argv[2] ?? 1))
} catch (error) {
  process.stdout.write(errorFingerprint(error))
}
