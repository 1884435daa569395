import { it } from 'node:test'
import { fuzzEnvelope } from '../testing/envelope-fuzz.js'

it('eventbridge under fuzzing: nothing escapes, the answer is well formed, payloads obey the limits', () =>
  fuzzEnvelope('eventbridge'))
