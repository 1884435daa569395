import {
  formatPolicyJson,
  formatPolicyYaml,
  POLICY_FORMATS,
  type PolicyFormat,
} from '../iam/format-policy.js'
import { policyAnalysis } from '../iam/policy.js'
import { loadProject } from '../load/index.js'
import { nearestKey } from '../suppress/nearest.js'

/** A problem with what `bulwark policy` was asked: exit code 2 with this message. */
export class PolicyUsageError extends Error {
  override readonly name = 'PolicyUsageError'
}

export interface PolicyOptions {
  readonly format: PolicyFormat
  /** Only this function (by its name in the config). */
  readonly functionName?: string
}

/** What `bulwark policy` prints: the policies on standard output, notes for standard error. */
export interface PolicyOutput {
  readonly text: string
  /**
   * For standard error: files that could not be read, and (JSON only, YAML carries them as
   * comments) each function's notes.
   */
  readonly notes: readonly string[]
}

/**
 * `bulwark policy [dir]`: the least-privilege policy each function's code needs, beside what its
 * role grants today, in the project's own format (YAML) or as JSON.
 *
 * @example
 * const { text } = policyCommand('./service', { format: 'json', functionName: 'createOrder' })
 */
export function policyCommand(dir: string, options: PolicyOptions): PolicyOutput {
  if (!(POLICY_FORMATS as readonly string[]).includes(options.format)) {
    throw new PolicyUsageError(
      `--format must be one of ${POLICY_FORMATS.join(', ')}, got \`${options.format}\``,
    )
  }
  const { project, problems } = loadProject(dir)
  // What could not be read is said once, whatever the format.
  const unread = problems.map((p) => `${p.span.file}:${p.span.line}: ${p.message}`)
  if (project.services.length === 0) {
    throw new PolicyUsageError(
      `nothing to read in ${dir}: no serverless.yml, SAM/CloudFormation template or cdk.out found`,
    )
  }
  let policies = policyAnalysis(project).functions()
  if (options.functionName !== undefined) {
    const wanted = options.functionName
    const names = policies.map((p) => p.fn.name)
    policies = policies.filter((p) => p.fn.name === wanted || p.fn.logicalId === wanted)
    if (policies.length === 0) {
      const nearest = nearestKey(wanted, names)
      throw new PolicyUsageError(
        `no function \`${wanted}\` in ${dir}${nearest === undefined ? '' : `; did you mean \`${nearest}\`?`} (functions: ${names.join(', ') || 'none'})`,
      )
    }
  }
  if (options.format === 'json') {
    const notes = policies.flatMap((p) => p.notes.map((n) => `${p.fn.name}: ${n}`))
    return { text: formatPolicyJson(policies), notes: [...unread, ...notes] }
  }
  return { text: formatPolicyYaml(policies), notes: unread }
}
