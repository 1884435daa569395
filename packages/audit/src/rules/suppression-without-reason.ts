import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/**
 * Reported by the suppression step, not by a check over the model: a `bulwark-ignore` comment,
 * `Metadata.bulwark.ignore` entry or config entry without a reason (or naming no known rule)
 * suppresses nothing and is itself a finding.
 */
export const suppressionWithoutReason: Rule = {
  meta: {
    id: 'suppression-without-reason',
    title: 'Suppression without a reason',
    category: 'other',
    severity: 'low',
    practice: PRACTICE.auditable,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A `bulwark-ignore` comment, a `Metadata.bulwark.ignore` entry or a `bulwark.config.json` ignore entry that gives no reason, or names a rule that does not exist.',
      why: 'A suppression is a decision someone made about a risk; without the reason, nobody can review it later and it silently hides the next real problem on that line.',
      fix: 'Write the rule id and the reason: `# bulwark-ignore missing-auth: public health check for the load balancer`.',
      bad: '# bulwark-ignore missing-auth',
      good: '# bulwark-ignore missing-auth: public health check, returns no data',
    },
  },
  check() {},
}
