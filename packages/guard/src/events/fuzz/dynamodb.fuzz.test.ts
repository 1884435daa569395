import { it } from 'node:test'
import { fuzzEnvelope } from '../testing/envelope-fuzz.js'

it('dynamodb under fuzzing: nothing escapes, the answer is well formed, payloads obey the limits', () =>
  fuzzEnvelope('dynamodb'))
