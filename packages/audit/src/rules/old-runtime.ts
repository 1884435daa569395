import type { Severity } from '../findings.js'
import { RUNTIME_DEPRECATIONS, WARN_BEFORE_DAYS } from './internal/runtime-deprecations.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

const DAY = 86_400_000

/** Severity rises as the dates pass: warned, deprecated (no patches), then blocked. */
export function runtimeStatus(
  runtime: string,
  now: Date,
): { severity: Severity; message: string; upgradeTo: string } | undefined {
  const entry = RUNTIME_DEPRECATIONS[runtime]
  if (entry === undefined) return undefined
  const t = now.getTime()
  const deprecated = Date.parse(entry.deprecated)
  const blockCreate = entry.blockCreate === undefined ? undefined : Date.parse(entry.blockCreate)
  const blockUpdate = entry.blockUpdate === undefined ? undefined : Date.parse(entry.blockUpdate)
  if (blockUpdate !== undefined && t >= blockUpdate) {
    return {
      severity: 'high',
      message: `${runtime} is deprecated since ${entry.deprecated} and functions using it can no longer be updated (since ${entry.blockUpdate})`,
      upgradeTo: entry.upgradeTo,
    }
  }
  if (blockCreate !== undefined && t >= blockCreate) {
    return {
      severity: 'high',
      message: `${runtime} is deprecated since ${entry.deprecated}; new functions cannot use it since ${entry.blockCreate}${entry.blockUpdate === undefined ? '' : ` and updates stop on ${entry.blockUpdate}`}`,
      upgradeTo: entry.upgradeTo,
    }
  }
  if (t >= deprecated) {
    return {
      severity: 'medium',
      message: `${runtime} is deprecated since ${entry.deprecated}: it no longer gets security patches`,
      upgradeTo: entry.upgradeTo,
    }
  }
  if (t >= deprecated - WARN_BEFORE_DAYS * DAY) {
    return {
      severity: 'low',
      message: `${runtime} will be deprecated on ${entry.deprecated}`,
      upgradeTo: entry.upgradeTo,
    }
  }
  return undefined
}

export const oldRuntime: Rule = {
  meta: {
    id: 'old-runtime',
    title: 'Lambda runtime deprecated or close to deprecation',
    category: 'old-runtime',
    severity: 'medium',
    practice: PRACTICE.runtimes,
    owasp: OWASP.knownVulnerabilities,
    docs: {
      what: 'A function whose runtime is deprecated by AWS Lambda (no more security patches), will be within six months, or can no longer be created or updated. Severity rises as the block dates pass.',
      why: 'A deprecated runtime no longer receives security fixes for the language or the OS. After the block dates you cannot even deploy a fix to the function.',
      fix: 'Move to a supported runtime (for Node.js, the newest LTS Lambda offers) and run your tests on it.',
      bad: 'provider:\n  runtime: nodejs16.x',
      good: 'provider:\n  runtime: nodejs22.x',
    },
  },
  check(project, report) {
    const seen = new Set<string>()
    for (const service of project.services) {
      for (const fn of service.functions) {
        if (fn.generated || fn.runtime === undefined || fn.runtime.value === 'unknown') continue
        const status = runtimeStatus(fn.runtime.value, project.now)
        if (status === undefined) continue
        // A provider-wide runtime is one finding, not one per function.
        const key = `${fn.runtime.span.file}:${fn.runtime.span.line}:${fn.runtime.span.column}`
        const shared =
          service.functions.filter((f) => f.runtime?.span === fn.runtime?.span).length > 1
        if (seen.has(key)) continue
        seen.add(key)
        report({
          span: fn.runtime.span,
          severity: status.severity,
          message: shared
            ? `${status.message} (${service.functions.filter((f) => f.runtime?.span === fn.runtime?.span).length} functions)`
            : `${fn.name}: ${status.message}`,
          fix: `Change the runtime to ${status.upgradeTo} and run your tests on it.`,
          ...(shared ? {} : { function: fn.name }),
        })
      }
    }
  },
}
