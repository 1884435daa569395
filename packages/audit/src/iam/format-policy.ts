import type { Service } from '../model/types.js'
import type { FunctionPolicy, NeededStatement } from './policy.js'
import { WILD } from './symbolic.js'
import type { TemplateRefs } from './template-refs.js'

export const POLICY_FORMATS = ['yaml', 'json'] as const
export type PolicyFormat = (typeof POLICY_FORMATS)[number]

/** A resource as JSON output writes it: an `Fn::Sub` template (`${AWS::Region}`, `${Orders}`), or `*`. */
export function resourceText(symbolic: string, refs: TemplateRefs): string {
  if (symbolic === '*' || symbolic === WILD) return '*'
  return refs.subTemplate(symbolic)
}

/** A resource as YAML: `!GetAtt Orders.Arn`, `!Ref Topic`, `!Sub '…'` or a quoted ARN. */
function resourceYaml(symbolic: string, refs: TemplateRefs): string {
  if (symbolic === '*' || symbolic === WILD) return "'*'"
  const intrinsic = refs.arnIntrinsic(symbolic)
  if (intrinsic !== undefined)
    return intrinsic.name === 'Ref' ? `!Ref ${intrinsic.arg}` : `!GetAtt ${intrinsic.arg}`
  const text = refs.subTemplate(symbolic)
  return text.includes('${') ? `!Sub ${quote(text)}` : quote(text)
}

function quote(text: string): string {
  return /^[A-Za-z0-9][\w:/.@=+-]*$/.test(text) ? text : `'${text.replaceAll("'", "''")}'`
}

/**
 * IAM statements as YAML list items, indented by `indent` spaces.
 *
 * @example
 * statementsYaml([{ actions: ['sqs:SendMessage'], resources: [queueArn] }], refs, 4)
 */
export function statementsYaml(
  statements: readonly NeededStatement[],
  refs: TemplateRefs,
  indent: number,
): string[] {
  const pad = ' '.repeat(indent)
  const lines: string[] = []
  for (const s of statements) {
    lines.push(`${pad}- Effect: Allow`)
    lines.push(`${pad}  Action:`)
    for (const a of s.actions) lines.push(`${pad}    - ${a === '*' ? "'*'" : a}`)
    lines.push(`${pad}  Resource:`)
    for (const r of s.resources) lines.push(`${pad}    - ${resourceYaml(r, refs)}`)
  }
  return lines
}

/** IAM statements as the JSON a policy document holds. */
export function statementsJson(
  statements: readonly NeededStatement[],
  refs: TemplateRefs,
): { Effect: 'Allow'; Action: string[]; Resource: string[] }[] {
  return statements.map((s) => ({
    Effect: 'Allow',
    Action: [...s.actions],
    Resource: s.resources.map((r) => resourceText(r, refs)),
  }))
}

/**
 * One statement in the syntax of the project's config, for a finding's fix: YAML for
 * serverless.yml and YAML templates, JSON for JSON templates.
 */
export function statementSnippet(statement: NeededStatement, service: Service, refs: TemplateRefs) {
  if (service.file.endsWith('.json')) {
    return JSON.stringify(statementsJson([statement], refs)[0], null, 2)
  }
  return statementsYaml([statement], refs, 0).join('\n')
}

/** The `file` of a function in the JSON output: its handler's source, or its config file. */
function fileOf(p: FunctionPolicy): string {
  return p.code.file ?? p.fn.handler?.file ?? p.service.file
}

/** Keys of the JSON output: function names, with the service's config file when names repeat. */
function keysOf(policies: readonly FunctionPolicy[]): string[] {
  const counts = new Map<string, number>()
  for (const p of policies) counts.set(p.fn.name, (counts.get(p.fn.name) ?? 0) + 1)
  return policies.map((p) =>
    (counts.get(p.fn.name) ?? 0) > 1 ? `${p.service.file}:${p.fn.name}` : p.fn.name,
  )
}

/**
 * `bulwark policy --format json`: `{ functions: { name: { file, actions, statements, granted,
 * unused, missing } } }` (DESIGN.md), resources as `Fn::Sub` templates.
 *
 * @example
 * process.stdout.write(formatPolicyJson(policyAnalysis(project).functions()))
 */
export function formatPolicyJson(policies: readonly FunctionPolicy[]): string {
  const functions: Record<string, unknown> = {}
  const keys = keysOf(policies)
  policies.forEach((p, i) => {
    functions[keys[i] as string] = {
      file: fileOf(p),
      actions: p.actions,
      statements: statementsJson(p.statements, p.refs),
      granted: p.granted,
      unused: p.unused,
      missing: [...new Set(p.missing.map((m) => m.action))].sort(),
    }
  })
  return `${JSON.stringify({ functions }, null, 2)}\n`
}

/**
 * `bulwark policy --format yaml`: each service's policies in its own format: serverless.yml
 * per-function statements, SAM `Policies`, a CloudFormation role's inline policy. Notes (what was
 * not resolved, why something is not judged) are comments.
 */
export function formatPolicyYaml(policies: readonly FunctionPolicy[]): string {
  const byService = new Map<Service, FunctionPolicy[]>()
  for (const p of policies) {
    const list = byService.get(p.service) ?? []
    list.push(p)
    byService.set(p.service, list)
  }
  const documents: string[] = []
  for (const [service, list] of byService) {
    const lines = [`# ${service.file}: least-privilege policies computed from each function's code`]
    if (service.format === 'serverless') lines.push(...serverlessYaml(service, list))
    else if (service.format === 'sam') lines.push(...samYaml(list))
    else lines.push(...cloudFormationYaml(list))
    documents.push(`${lines.join('\n')}\n`)
  }
  return documents.join('---\n')
}

function comments(p: FunctionPolicy, indent: number): string[] {
  const pad = ' '.repeat(indent)
  const out = [
    `${pad}# ${fileOf(p)}${p.fn.handler === undefined ? '' : ` (${p.fn.handler.value})`}`,
  ]
  if (p.statements.length === 0 && p.analyzable)
    out.push(`${pad}# no AWS SDK calls: nothing beyond logging`)
  if (p.missing.length > 0)
    out.push(
      `${pad}# missing from its role today: ${[...new Set(p.missing.map((m) => m.action))].join(', ')}`,
    )
  if (p.unused.length > 0) out.push(`${pad}# granted today but never used: ${p.unused.join(', ')}`)
  for (const note of p.notes) out.push(`${pad}# note: ${note}`)
  return out
}

function serverlessYaml(service: Service, list: readonly FunctionPolicy[]): string[] {
  // The per-function key the project already uses; the plugin's `iamRoleStatements` otherwise.
  const usesIamKey = list.some((p) => hasFunctionIamKey(service, p.fn.name))
  const lines = ['functions:']
  for (const p of list) {
    lines.push(`  ${p.fn.name}:`)
    lines.push(...comments(p, 4))
    if (usesIamKey) {
      lines.push(
        '    iam:',
        '      role:',
        `        statements:${p.statements.length === 0 ? ' []' : ''}`,
      )
      lines.push(...statementsYaml(p.statements, p.refs, 10))
    } else {
      lines.push(`    iamRoleStatements:${p.statements.length === 0 ? ' []' : ''}`)
      lines.push(...statementsYaml(p.statements, p.refs, 6))
    }
  }
  if (!usesIamKey && !service.plugins.includes('serverless-iam-roles-per-function'))
    lines.push(
      '# iamRoleStatements per function needs the serverless-iam-roles-per-function plugin',
    )
  return lines
}

function hasFunctionIamKey(service: Service, name: string): boolean {
  const root = service.root
  if (root.kind !== 'map') return false
  const functions = root.entries.get('functions')?.value
  const fn = functions?.kind === 'map' ? functions.entries.get(name)?.value : undefined
  const iam = fn?.kind === 'map' ? fn.entries.get('iam')?.value : undefined
  return iam?.kind === 'map' && iam.entries.has('role')
}

function samYaml(list: readonly FunctionPolicy[]): string[] {
  const lines = ['Resources:']
  for (const p of list) {
    lines.push(`  ${p.fn.logicalId ?? p.fn.name}:`)
    lines.push(...comments(p, 4))
    lines.push('    Properties:')
    if (p.statements.length === 0) {
      lines.push('      Policies: []')
      continue
    }
    lines.push('      Policies:', '        - Statement:')
    lines.push(...statementsYaml(p.statements, p.refs, 12))
  }
  return lines
}

function cloudFormationYaml(list: readonly FunctionPolicy[]): string[] {
  const lines = ['Resources:']
  for (const p of list) {
    const roleId =
      p.role?.role.kind === 'resource' ? p.role.role.id : `${p.fn.logicalId ?? p.fn.name}Role`
    lines.push(`  ${roleId}:`)
    lines.push(`    # the role of ${p.fn.name}`)
    lines.push(...comments(p, 4))
    lines.push('    Type: AWS::IAM::Role', '    Properties:')
    if (p.statements.length === 0) {
      lines.push('      Policies: []')
      continue
    }
    lines.push(
      '      Policies:',
      `        - PolicyName: ${(p.fn.logicalId ?? p.fn.name).replace(/[^\w+=,.@-]/g, '-')}-least-privilege`,
      '          PolicyDocument:',
      "            Version: '2012-10-17'",
      '            Statement:',
    )
    lines.push(...statementsYaml(p.statements, p.refs, 14))
  }
  return lines
}
