import { it } from 'node:test'
import { fuzzEnvelope } from '../testing/envelope-fuzz.js'

it('sqs (EventBridge envelope) under fuzzing: nothing escapes, the answer is well formed, payloads obey the limits', () =>
  fuzzEnvelope('sqs (EventBridge envelope)'))
