import type {
  Api,
  Cors,
  EnvVar,
  LambdaFunction,
  Located,
  Resource,
  Role,
  Route,
  Service,
  ServiceFormat,
  StageInfo,
  Unknown,
} from '../model/types.js'
import { entries, list, type Node, num, type Span, str } from './tree.js'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
export type FunctionDraft = Mutable<LambdaFunction> & {
  environment: EnvVar[]
  events: LambdaFunction['events'][number][]
  routes: Route[]
}
export type RoleDraft = Mutable<Role> & {
  functions: string[]
  statements: Role['statements'][number][]
}

/**
 * Collects a service's parts while a loader reads it, then links them (which functions use
 * which role, which routes belong to which function) into the read-only model.
 *
 * @example
 * const b = new ServiceBuilder({ file, name, format: 'sam', dir, span, root, settingsSpan, stage })
 */
export class ServiceBuilder {
  readonly functions: FunctionDraft[] = []
  readonly roles = new Map<string, RoleDraft>()
  readonly apis = new Map<string, Mutable<Api>>()
  readonly routes: Route[] = []
  readonly cors: Cors[] = []
  readonly resources: Resource[] = []
  logRetention: Located<number | Unknown> | undefined
  plugins: string[] = []

  constructor(
    readonly base: {
      file: string
      name: string
      format: ServiceFormat
      dir: string
      span: Span
      root: Node
      settingsSpan: Span
      stage: StageInfo
    },
  ) {}

  addRole(role: RoleDraft): RoleDraft {
    const existing = this.roles.get(role.id)
    if (existing !== undefined) return existing
    this.roles.set(role.id, role)
    return role
  }

  addRoute(route: Route, fn?: FunctionDraft): void {
    this.routes.push(route)
    fn?.routes.push(route)
  }

  findFunction(logicalIdOrName: string): FunctionDraft | undefined {
    return this.functions.find((f) => f.logicalId === logicalIdOrName || f.name === logicalIdOrName)
  }

  build(): Service {
    for (const fn of this.functions) {
      if (fn.roleId === undefined) continue
      const role = this.roles.get(fn.roleId)
      if (role !== undefined && !role.functions.includes(fn.name)) role.functions.push(fn.name)
    }
    return {
      ...this.base,
      functions: this.functions,
      roles: [...this.roles.values()],
      apis: [...this.apis.values()],
      routes: this.routes,
      cors: this.cors,
      resources: this.resources,
      ...(this.logRetention === undefined ? {} : { logRetention: this.logRetention }),
      plugins: this.plugins,
    }
  }
}

/** `Environment.Variables` / `environment:` map → variables, keeping where each is set. */
export function readEnvironment(node: Node | undefined): EnvVar[] {
  return entries(node).map((e) => ({ name: e.key, value: e.value, keySpan: e.keySpan }))
}

/** A number setting, or `'unknown'` when it is set to something unresolved. */
export function locatedNumber(node: Node | undefined): Located<number | Unknown> | undefined {
  if (node === undefined) return undefined
  if (node.kind === 'scalar' && node.value === null) return undefined
  return { value: num(node) ?? 'unknown', span: node.span }
}

/** A string setting, or `'unknown'` when it is set to something unresolved. */
export function locatedString(node: Node | undefined): Located<string | Unknown> | undefined {
  if (node === undefined) return undefined
  if (node.kind === 'scalar' && node.value === null) return undefined
  return { value: str(node) ?? 'unknown', span: node.span }
}

/**
 * Origins from a CORS setting: a list or a comma-separated string. API Gateway REST settings
 * are quoted header values (`"'*'"`), so one level of single quotes is removed.
 */
export function readOrigins(node: Node | undefined): (string | Unknown)[] {
  const out: (string | Unknown)[] = []
  for (const item of list(node)) {
    const text = str(item)
    if (text === undefined) {
      out.push('unknown')
      continue
    }
    const unquoted = text.replace(/^'(.*)'$/s, '$1')
    for (const part of unquoted.split(',')) if (part.trim() !== '') out.push(part.trim())
  }
  return out
}
