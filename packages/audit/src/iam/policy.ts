import type { LambdaFunction, Project, Role, Service } from '../model/types.js'
import { actionInfo } from './actions.js'
import { CodeFacts, type FunctionCode } from './function-code.js'
import { polledServices, roleUsedElsewhere, sendsInvocationResults } from './function-config.js'
import {
  actionMatches,
  actionsOfPattern,
  type Grant,
  grantsAction,
  type RoleGrants,
  roleGrants,
} from './grants.js'
import { companionActions, type PlatformUse, usedByPlatform } from './platform.js'
import { conditionHolds, type RequestContext, resourcesOf } from './requests.js'
import type { CodeSite } from './sdk-calls.js'
import { operationNeeds } from './sdk-map.js'
import { coverage, REGION, WILD } from './symbolic.js'
import { TemplateRefs } from './template-refs.js'

/** One action a function's code needs on one resource (a symbolic ARN, see `symbolic.ts`). */
export interface Need {
  /** As the IAM data spells it: `dynamodb:GetItem`. */
  readonly action: string
  readonly resource: string
  readonly site: CodeSite
  /** Reached by following the handler (not only present in a module it imports). */
  readonly reached: boolean
  /**
   * Needed only in some uses of the call (`iam:PassRole` when a role is passed, tagging and ACLs
   * of a copy): counted as used, never claimed missing, left out of the generated policy.
   */
  readonly optional?: boolean
}

/** A statement of a generated policy: symbolic resources, `*` for all. */
export interface NeededStatement {
  readonly actions: readonly string[]
  readonly resources: readonly string[]
}

/** Everything `bulwark policy` says about one function. */
export interface FunctionPolicy {
  readonly service: Service
  readonly fn: LambdaFunction
  readonly refs: TemplateRefs
  readonly code: FunctionCode
  /**
   * Every call in the handler's modules: those reached from the handler make the policy; the
   * others still count as used (the analysis may have missed the path to them).
   */
  readonly needs: readonly Need[]
  /** The code was fully followed: no gap, so what it does not call is unused. */
  readonly analyzable: boolean
  readonly role: RoleGrants | undefined
  /** Sorted, unique actions the calls reached from the handler need. */
  readonly actions: readonly string[]
  readonly statements: readonly NeededStatement[]
  /** Action patterns the role grants, as written. */
  readonly granted: readonly string[]
  /** Granted patterns this function never uses (only when it is analyzable). */
  readonly unused: readonly string[]
  /** Needs no statement of the role grants (only when the role is fully known). */
  readonly missing: readonly Need[]
  /** Why parts are unknown: unresolved resources, gaps in the code, unknown policies. */
  readonly notes: readonly string[]
  /** What Lambda does with the role besides the code (polling, delivering results). */
  readonly platform: PlatformUse
}

/** A statement of a role that grants more than its functions use. */
export interface OverGrant {
  readonly service: Service
  readonly role: Role
  readonly grant: Grant
  readonly functions: readonly FunctionPolicy[]
  /** Action patterns none of the functions uses. */
  readonly unused: readonly string[]
  /** Unused patterns the code does call, on other resources: those resources. */
  readonly elsewhere: ReadonlyMap<string, readonly string[]>
  /** Wildcard patterns and the actions of them that are used. */
  readonly narrowed: ReadonlyMap<string, readonly string[]>
  /** The resources the used actions touch, when `Resource: "*"` can be narrowed to them. */
  readonly resources?: readonly string[]
  /** The statements that should replace it (none when none of it is used). */
  readonly replacement: readonly NeededStatement[]
}

const policies = new WeakMap<Project, PolicyAnalysis>()

/**
 * The least-privilege analysis of a project, computed once and shared by `bulwark policy` and the
 * `iam-over-privilege` / `iam-missing-permission` rules.
 *
 * @example
 * for (const p of policyAnalysis(project).functions()) console.log(p.fn.name, p.actions)
 */
export function policyAnalysis(project: Project): PolicyAnalysis {
  let found = policies.get(project)
  if (found === undefined) {
    found = new PolicyAnalysis(project)
    policies.set(project, found)
  }
  return found
}

export class PolicyAnalysis {
  private readonly facts: CodeFacts
  private computed: FunctionPolicy[] | undefined
  private readonly refsByService = new Map<Service, TemplateRefs>()

  constructor(readonly project: Project) {
    this.facts = new CodeFacts(project)
  }

  /** Every function the user wrote (not the CDK's own), in config order. */
  functions(): readonly FunctionPolicy[] {
    if (this.computed !== undefined) return this.computed
    const out: FunctionPolicy[] = []
    for (const service of this.project.services) {
      const refs = this.refsOf(service)
      const roles = new Map(service.roles.map((r) => [r.id, r]))
      for (const fn of service.functions) {
        if (fn.generated) continue
        const role = fn.roleId === undefined ? undefined : roles.get(fn.roleId)
        out.push(this.functionPolicy(service, fn, refs, role))
      }
    }
    this.computed = out
    return out
  }

  private refsOf(service: Service): TemplateRefs {
    let refs = this.refsByService.get(service)
    if (refs === undefined) {
      refs = new TemplateRefs(service)
      this.refsByService.set(service, refs)
    }
    return refs
  }

  private functionPolicy(
    service: Service,
    fn: LambdaFunction,
    refs: TemplateRefs,
    role: Role | undefined,
  ): FunctionPolicy {
    const code = this.facts.forFunction(service, fn)
    const notes: string[] = []
    const env = new Map(fn.environment.map((e) => [e.name, refs.symbolizeNode(e.value)]))
    const ctx: RequestContext = {
      env: (name) =>
        env.get(name) ??
        (name === 'AWS_REGION' || name === 'AWS_DEFAULT_REGION' ? REGION : undefined),
      nodeOf: code.nodeOf,
      refs: refs.refs,
    }
    const needs: Need[] = []
    for (const { call, inputs, reached } of code.calls) {
      const operation = operationNeeds(call.sdkClass, call.operation)
      const entries = [
        ...operation.actions,
        ...(call.extraActions ?? []).map((action) => ({
          action,
          templates: operation.actions[0]?.templates ?? [],
        })),
      ]
      const where = `${call.site.file}:${call.site.line}`
      const optional = optionalActions(operation.actions)
      if (reached && optional.size > 0)
        notes.push(
          `${where}: ${call.sdkClass}.${call.operation} may also need ${[...optional].join(', ')} (left out: only some requests need them)`,
        )
      for (const entry of entries) {
        const condition = 'condition' in entry ? entry.condition : undefined
        const relevant = inputs.filter(
          (input) => condition === undefined || conditionHolds(condition, input, ctx) !== false,
        )
        if (relevant.length === 0) continue
        const info = actionInfo(entry.action)
        const action =
          info === undefined ? entry.action : `${entry.action.split(':')[0]}:${info.name}`
        const resources = new Set<string>()
        if (info?.wildcardOnly) resources.add('*')
        else {
          for (const input of relevant) {
            const resolved = resourcesOf(entry.templates, input, ctx)
            for (const r of resolved.resources) resources.add(r)
            // Object keys are expected to vary (`bucket/*`); a table or queue that is not known is
            // worth a note.
            const unresolved = [...new Set(resolved.unresolved)].filter((f) => !/Key$/.test(f))
            const unknown = resolved.resources.some((r) => r === WILD)
            if (reached && (unknown || unresolved.length > 0)) {
              const fields = unresolved.join(', ')
              notes.push(
                `${where}: ${action} on *: ${fields === '' ? 'the resource is not named by the request' : `${fields} not resolved`}`,
              )
            }
          }
        }
        const isOptional = optional.has(entry.action)
        for (const resource of resources)
          needs.push({
            action,
            resource,
            site: call.site,
            reached,
            ...(isOptional ? { optional: true } : {}),
          })
      }
    }
    for (const gap of code.gaps) notes.push(`${gap.site.file}:${gap.site.line}: ${gap.reason}`)
    const reachedNeeds = needs.filter((n) => n.reached && n.optional !== true)
    const elsewhere = [
      ...new Set(
        needs
          .filter((n) => !n.reached && !reachedNeeds.some((r) => r.action === n.action))
          .map((n) => `${n.action} (${n.site.file}:${n.site.line})`),
      ),
    ]
    if (elsewhere.length > 0)
      notes.push(
        `in imported code but not reached from the handler (left out here, still counted as used): ${elsewhere.slice(0, 5).join(', ')}${elsewhere.length > 5 ? ` and ${elsewhere.length - 5} more` : ''}`,
      )

    const grants = role === undefined ? undefined : roleGrants(service, role, refs)
    if (role === undefined) notes.push('the role of the function is not known')
    else if (grants !== undefined && !grants.complete)
      notes.push(`not all of role ${role.id} is known: ${grants.unknowns.join('; ')}`)
    const analyzable = code.gaps.length === 0
    const platform: PlatformUse = {
      deliversResults: sendsInvocationResults(service, fn),
      polls: polledServices(service, fn),
    }
    const granted = grants === undefined ? [] : grantedPatterns(grants.grants)
    const unused =
      analyzable && grants !== undefined && role?.kind !== 'external'
        ? unusedPatterns(grants.grants, needs, platform)
        : []
    const missing =
      grants?.complete === true && code.explicitCredentials.length === 0
        ? missingNeeds(grants.grants, needs)
        : []
    if (code.explicitCredentials.length > 0)
      notes.push('a client is made with credentials of its own: calls may use another role')
    return {
      service,
      fn,
      refs,
      code,
      needs: dedupeNeeds(needs),
      analyzable,
      role: grants,
      actions: [...new Set(reachedNeeds.map((n) => n.action))].sort(),
      statements: neededStatements(reachedNeeds),
      granted,
      unused,
      missing,
      notes: [...new Set(notes)],
      platform,
    }
  }

  /**
   * Statements of the project's roles that grant more than the functions using them need: only
   * for roles whose every function was fully followed and that nothing else uses.
   */
  overGrants(): OverGrant[] {
    const byRole = new Map<string, FunctionPolicy[]>()
    for (const p of this.functions()) {
      if (p.role === undefined) continue
      const key = `${p.service.file}#${p.role.role.id}`
      const list = byRole.get(key) ?? []
      list.push(p)
      byRole.set(key, list)
    }
    const out: OverGrant[] = []
    for (const users of byRole.values()) {
      const first = users[0] as FunctionPolicy
      const { service } = first
      const grants = first.role as RoleGrants
      const role = grants.role
      if (role.kind === 'external' || role.kind === 'framework') continue
      // Every function of the role must be one the analysis followed completely.
      const names = new Set(users.map((u) => u.fn.name))
      if (role.functions.some((name) => !names.has(name))) continue
      if (users.some((u) => !u.analyzable)) continue
      if (roleUsedElsewhere(service, role.id)) continue
      const needs = users.flatMap((u) => u.needs)
      const delivers: PlatformUse = {
        deliversResults: users.some((u) => u.platform.deliversResults),
        polls: new Set(users.flatMap((u) => [...u.platform.polls])),
      }
      for (const grant of grants.grants) {
        const over = overGrant(grant, needs, delivers)
        if (over !== undefined) out.push({ service, role, grant, functions: users, ...over })
      }
    }
    return out
  }
}

/** Actions the snapshot lists for an operation that only some requests need. */
const SOMETIMES =
  /^(?:iam:PassRole|s3:ListBucket|s3:PutObjectTagging|s3:PutObjectAcl|s3:GetObjectTagging)$/

function optionalActions(actions: readonly { action: string; condition?: string }[]): Set<string> {
  const unconditional = actions.filter((a) => a.condition === undefined)
  if (unconditional.length < 2) return new Set()
  return new Set(unconditional.filter((a) => SOMETIMES.test(a.action)).map((a) => a.action))
}

function grantedPatterns(grants: readonly Grant[]): string[] {
  const out = new Set<string>()
  for (const g of grants) for (const a of g.actions ?? []) out.add(a)
  return [...out].sort()
}

/** The needs a grant serves: its actions, on a resource it may cover. */
function served(grant: Grant, pattern: string, needs: readonly Need[]): Need[] {
  return needs.filter(
    (n) =>
      actionMatches(pattern, n.action) &&
      (grant.notResource || grant.resources.some((r) => coverage(r, n.resource) !== 'no')),
  )
}

/** Needs plus what is granted for them on purpose (`s3:ListBucket` beside `s3:GetObject`). */
function withCompanions(needs: readonly Need[]): Need[] {
  const out = [...needs]
  for (const n of needs) {
    for (const action of companionActions(n.action)) {
      const bucket = n.resource.replace(/^(arn:[^:]*:s3:::[^/]*)\/.*$/s, '$1')
      out.push({ ...n, action, resource: bucket })
    }
  }
  return out
}

function unusedPatterns(grants: readonly Grant[], needs: readonly Need[], delivers: PlatformUse) {
  const all = withCompanions(needs)
  const out = new Set<string>()
  for (const grant of grants) {
    if (grant.platform || grant.actions === undefined || grant.notActions.length > 0) continue
    for (const pattern of grant.actions) {
      const matched = actionsOfPattern(pattern)
      if (matched.length === 0) continue
      if (matched.some((a) => usedByPlatform(a, delivers))) continue
      if (served(grant, pattern, all).length === 0) out.add(pattern)
    }
  }
  // A pattern another statement puts to use is still used.
  for (const pattern of [...out]) {
    if (grants.some((g) => g.actions?.includes(pattern) && served(g, pattern, all).length > 0))
      out.delete(pattern)
  }
  return [...out].sort()
}

function missingNeeds(grants: readonly Grant[], needs: readonly Need[]): Need[] {
  return dedupeNeeds(
    needs.filter(
      (n) =>
        n.reached &&
        n.optional !== true &&
        !grants.some(
          (g) =>
            grantsAction(g, n.action) &&
            (g.notResource || g.resources.some((r) => coverage(r, n.resource) !== 'no')),
        ),
    ),
  )
}

function overGrant(
  grant: Grant,
  needs: readonly Need[],
  delivers: PlatformUse,
): Omit<OverGrant, 'service' | 'role' | 'grant' | 'functions'> | undefined {
  if (grant.platform || grant.actions === undefined || grant.notActions.length > 0) return undefined
  if (grant.notResource) return undefined
  const all = withCompanions(needs)
  const unused: string[] = []
  const elsewhere = new Map<string, string[]>()
  const narrowed = new Map<string, string[]>()
  const kept = new Set<string>()
  const servedNeeds: Need[] = []
  for (const pattern of grant.actions) {
    const matched = pattern === '*' ? ['*'] : actionsOfPattern(pattern)
    if (matched.length === 0) {
      kept.add(pattern)
      continue
    }
    const platform = pattern !== '*' && matched.some((a) => usedByPlatform(a, delivers))
    const used = served(grant, pattern, all)
    // Companions (`s3:ListBucket` beside reads) keep a pattern that names them, nothing more.
    const called = used.filter((n) => needs.includes(n))
    servedNeeds.push(...called)
    if (used.length === 0 && !platform) {
      unused.push(pattern)
      const other = needs.filter((n) => actionMatches(pattern, n.action)).map((n) => n.resource)
      if (other.length > 0) elsewhere.set(pattern, [...new Set(other)].sort())
      continue
    }
    const usedActions = [...new Set(called.map((n) => n.action))].sort()
    if (
      /[*?]/.test(pattern) &&
      !platform &&
      usedActions.length > 0 &&
      usedActions.length < matched.length
    ) {
      narrowed.set(pattern, usedActions)
      for (const a of usedActions) kept.add(a)
    } else kept.add(pattern)
  }
  // `Resource: "*"` for actions that take resources, when every use names its resource.
  let resources: string[] | undefined
  const scoped = servedNeeds.filter((n) => n.resource !== '*')
  if (
    grant.resources.includes('*') &&
    scoped.length > 0 &&
    scoped.length === servedNeeds.length &&
    scoped.every((n) => n.resource !== WILD && !n.resource.startsWith(WILD))
  ) {
    resources = [...new Set(scoped.map((n) => n.resource))].sort()
  }
  if (unused.length === 0 && narrowed.size === 0 && resources === undefined) return undefined
  let replacement: NeededStatement[] = []
  if (resources !== undefined) {
    // Each used action on the resources it touches; patterns kept as written keep the statement's.
    const byAction = neededStatements(servedNeeds)
    const asWritten = [...kept].filter((k) => !servedNeeds.some((n) => n.action === k))
    replacement =
      asWritten.length === 0
        ? byAction
        : [...byAction, { actions: asWritten.sort(), resources: grant.resources }]
  } else if (kept.size > 0) {
    replacement = [{ actions: [...kept].sort(), resources: grant.resources }]
  }
  return {
    unused,
    elsewhere,
    narrowed,
    ...(resources === undefined ? {} : { resources }),
    replacement,
  }
}

function dedupeNeeds(needs: readonly Need[]): Need[] {
  const seen = new Map<string, Need>()
  for (const n of needs) {
    const key = `${n.action}|${n.resource}|${n.site.file}:${n.site.line}:${n.site.column}`
    const existing = seen.get(key)
    if (existing === undefined || (!existing.reached && n.reached)) seen.set(key, n)
  }
  return [...seen.values()]
}

/**
 * The least-privilege statements for a set of needs: each action with the resources it touches
 * (`*` when any of them is unknown), actions with the same resources in one statement.
 *
 * @example
 * neededStatements(needs) // [{ actions: ['dynamodb:GetItem', 'dynamodb:Query'], resources: [tableArn] }]
 */
export function neededStatements(needs: readonly Need[]): NeededStatement[] {
  const byAction = new Map<string, Set<string>>()
  for (const n of needs) {
    const set = byAction.get(n.action) ?? new Set<string>()
    set.add(n.resource === WILD ? '*' : n.resource)
    byAction.set(n.action, set)
  }
  const byResources = new Map<string, { actions: string[]; resources: string[] }>()
  for (const [action, set] of byAction) {
    const resources = set.has('*') ? ['*'] : [...set].sort()
    const key = resources.join('\u0000')
    const group = byResources.get(key) ?? { actions: [], resources }
    group.actions.push(action)
    byResources.set(key, group)
  }
  return [...byResources.values()]
    .map((g) => ({ actions: g.actions.sort(), resources: g.resources }))
    .sort((a, b) => (a.actions[0] ?? '').localeCompare(b.actions[0] ?? ''))
}
