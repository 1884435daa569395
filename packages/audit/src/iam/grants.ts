import { readPolicyDocument } from '../load/iam-statements.js'
import { at, type Node, type Span } from '../load/tree.js'
import type { Role, Service, Statement } from '../model/types.js'
import { expandAction, isKnownService } from './actions.js'
import { AWS_MANAGED_POLICIES, managedPolicyName } from './managed-policies.js'
import { WILD } from './symbolic.js'
import type { TemplateRefs } from './template-refs.js'

/** One Allow statement of a role, with its resources as symbolic strings. */
export interface Grant {
  readonly span: Span
  /** Actions as written (`dynamodb:*`); `undefined` when one of them could not be read. */
  readonly actions: readonly string[] | undefined
  /** `NotAction`: the statement grants every action but these. */
  readonly notActions: readonly string[]
  readonly resources: readonly string[]
  /** `NotResource` is set: which resources it covers is not judged. */
  readonly notResource: boolean
  readonly hasCondition: boolean
  /** The AWS managed policy it stands for, or the SAM policy template it came from. */
  readonly managed?: string
  readonly samTemplate?: string
  /** Lambda's own needs (logging, tracing, polling): never judged unused. */
  readonly platform: boolean
}

/** What a role grants, and whether that is all of it. */
export interface RoleGrants {
  readonly role: Role
  readonly grants: readonly Grant[]
  /** Every policy of the role is known (no external role, no unknown managed policy). */
  readonly complete: boolean
  /** Why not, for notes. */
  readonly unknowns: readonly string[]
}

/** Nodes of the service's tree by position, to read a statement's values again as written. */
function nodeIndex(service: Service): Map<string, Node> {
  const index = new Map<string, Node>()
  const visit = (node: Node): void => {
    index.set(`${node.span.file}:${node.span.line}:${node.span.column}`, node)
    if (node.kind === 'map') for (const e of node.entries.values()) visit(e.value)
    else if (node.kind === 'seq') for (const item of node.items) visit(item)
    else if (node.kind === 'intrinsic') visit(node.arg)
  }
  visit(service.root)
  return index
}

const indexes = new WeakMap<Service, Map<string, Node>>()

/**
 * Reads what a role grants: its Allow statements (resources read again from the template, so
 * unresolved serverless.yml variables keep their `${aws:region}` text) and the AWS managed
 * policies it attaches.
 *
 * @example
 * const { grants, complete } = roleGrants(service, role, refs)
 */
export function roleGrants(service: Service, role: Role, refs: TemplateRefs): RoleGrants {
  let index = indexes.get(service)
  if (index === undefined) {
    index = nodeIndex(service)
    indexes.set(service, index)
  }
  const unknowns: string[] = []
  if (role.kind === 'external') unknowns.push(`role ${role.id} is defined outside the project`)
  const grants: Grant[] = []
  const add = (s: Statement, managed?: { name: string; platform: boolean }) => {
    if (s.effect === 'Deny') return
    if (s.effect === 'unknown') unknowns.push('a statement whose Effect is not readable')
    const actions = s.actions.some((a) => a.value === 'unknown')
      ? undefined
      : s.actions.map((a) => a.value as string)
    if (actions === undefined) unknowns.push('a statement whose actions are not readable')
    const resources = s.resources.map((r) => {
      const node = index.get(`${r.span.file}:${r.span.line}:${r.span.column}`)
      if (r.value !== 'unknown') return refs.symbolize(r.value)
      return node === undefined ? WILD : refs.symbolizeNode(node)
    })
    grants.push({
      span: s.span,
      actions,
      notActions: s.notActions.map((a) => a.value),
      resources,
      notResource: s.notResources.length > 0,
      hasCondition: s.hasCondition,
      platform: managed?.platform ?? false,
      ...(managed === undefined ? {} : { managed: managed.name }),
      ...(s.origin === undefined ? {} : { samTemplate: s.origin }),
    })
  }
  for (const s of role.statements) add(s)
  for (const m of role.managedPolicies) {
    const text = m.value === 'unknown' ? undefined : m.value
    const customer = text === undefined ? undefined : /^\$\{([A-Za-z0-9]+)\}$/.exec(text)?.[1]
    const resource =
      customer === undefined
        ? undefined
        : service.resources.find(
            (r) => r.logicalId === customer && r.type === 'AWS::IAM::ManagedPolicy',
          )
    if (resource !== undefined) {
      for (const s of readPolicyDocument(at(resource.properties, 'PolicyDocument'))) add(s)
      continue
    }
    const name = text === undefined ? undefined : managedPolicyName(text)
    const known = name === undefined ? undefined : AWS_MANAGED_POLICIES[name]
    if (name === undefined || known === undefined) {
      unknowns.push(`managed policy ${text ?? '(unreadable)'}`)
      continue
    }
    if (!known.complete) unknowns.push(`managed policy ${name} (not all of its actions are listed)`)
    grants.push({
      span: m.span,
      actions: known.actions,
      notActions: [],
      resources: ['*'],
      notResource: false,
      hasCondition: false,
      managed: name,
      platform: known.platform ?? false,
    })
  }
  return { role, grants, complete: unknowns.length === 0, unknowns }
}

/**
 * Whether an action pattern as written in a policy (`s3:Get*`, `*`) matches an action.
 *
 * @example
 * actionMatches('dynamodb:*Item', 'dynamodb:GetItem') // true
 */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replaceAll('*', '.*')
      .replaceAll('?', '.')}$`,
    'i',
  )
  return re.test(action)
}

/** The statement's actions grant `action` (NotAction: every action but those). */
export function grantsAction(grant: Grant, action: string): boolean {
  if (grant.notActions.length > 0) return !grant.notActions.some((p) => actionMatches(p, action))
  return grant.actions?.some((p) => actionMatches(p, action)) ?? true
}

/**
 * The concrete actions an action pattern stands for, from the IAM data: `[]` for a pattern of a
 * service the data does not know (never judged).
 */
export function actionsOfPattern(pattern: string): string[] {
  if (pattern === '*') return []
  const colon = pattern.indexOf(':')
  if (colon < 0 || !isKnownService(pattern.slice(0, colon))) return []
  const prefix = pattern.slice(0, colon)
  return expandAction(pattern).map((a) => `${prefix}:${a.name}`)
}
