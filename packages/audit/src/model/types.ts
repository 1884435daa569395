/**
 * The normalized project model: what every loader (Serverless Framework, SAM, CloudFormation,
 * CDK output) produces and every rule reads. Every part carries the span of the text it came
 * from. A value the auditor could not resolve is `'unknown'` (or an unknown node): rules never
 * treat it as safe or unsafe.
 */
import type { LoadProblem } from '../load/problems.js'
import type { MapNode, Node, Span } from '../load/tree.js'

export type Unknown = 'unknown'
export type ServiceFormat = 'serverless' | 'sam' | 'cloudformation' | 'cdk'

/** A value with the span it was read from. */
export interface Located<T> {
  readonly value: T
  readonly span: Span
}

export interface Project {
  /** Absolute real path of the audited folder. */
  readonly root: string
  readonly services: readonly Service[]
  /** Every file under the root (project-relative), for rules about files no function uses. */
  readonly files: readonly string[]
  /** The moment the audit runs, for date-based rules (runtime deprecations). */
  readonly now: Date
  /** Files or parts that could not be read (malformed YAML, refused paths, dynamic configs). */
  readonly problems: readonly LoadProblem[]
  /** Text of the files that were read, for excerpts and inline suppressions. */
  textOf(file: string): string | undefined
  /** Reads a project file (bounded, inside the project only); undefined when it cannot be read. */
  readFile(file: string): string | undefined
  /** Whether a project-relative path is a file inside the project. */
  isFile(file: string): boolean
}

export interface Service {
  /** The config file, project-relative: it identifies the service. */
  readonly file: string
  readonly name: string
  readonly format: ServiceFormat
  /** Folder that handler and code paths are relative to (project-relative, '' for the root). */
  readonly dir: string
  /** Where the service is declared (the `service:` key, or the start of the template). */
  readonly span: Span
  /** The resolved config tree (variables resolved for serverless.yml; templates as written). */
  readonly root: Node
  /** Where provider-wide settings live (`provider:` or SAM `Globals.Function`), if anywhere. */
  readonly settingsSpan: Span
  readonly stage: StageInfo
  readonly functions: readonly LambdaFunction[]
  readonly roles: readonly Role[]
  readonly apis: readonly Api[]
  /** Every HTTP route of the service, including routes with no function behind them. */
  readonly routes: readonly Route[]
  /** Every CORS setting found (events, APIs, function URLs), for the CORS rule. */
  readonly cors: readonly Cors[]
  readonly resources: readonly Resource[]
  /** Default log retention set for every function (`provider.logRetentionInDays`). */
  readonly logRetention?: Located<number | Unknown>
  /** Framework plugins named in the config (`serverless-iam-roles-per-function`, …). */
  readonly plugins: readonly string[]
}

export interface StageInfo {
  /** The stage a plain deploy uses (`provider.stage`, `${opt:stage, 'dev'}` → `dev`). */
  readonly name?: string
  /** True when the config deploys to more than one stage (the stage comes from a variable). */
  readonly variable: boolean
}

export interface LambdaFunction {
  /** The function's key (serverless.yml) or logical id (templates), or its CDK construct path. */
  readonly name: string
  /** CloudFormation logical id, when the function is a template resource. */
  readonly logicalId?: string
  readonly span: Span
  readonly runtime?: Located<string | Unknown>
  readonly handler?: Handler
  readonly packageType: 'zip' | 'image' | 'inline'
  /** Role id (see `Role.id`) the function runs with, if the auditor could tell. */
  readonly roleId?: string
  readonly environment: readonly EnvVar[]
  readonly events: readonly FunctionEvent[]
  readonly routes: readonly Route[]
  readonly url?: FunctionUrl
  readonly reservedConcurrency?: Located<number | Unknown>
  readonly timeout?: Located<number | Unknown>
  /** Log retention for this function's log group, when set for it in particular. */
  readonly logRetention?: Located<number | Unknown>
  /** Something else in the config refers to it (an authorizer, a state machine, a resource). */
  readonly referenced: boolean
  /** Created by a framework (CDK custom-resource providers), not by the user: not audited. */
  readonly generated: boolean
}

export interface Handler {
  /** As written: `src/users.create`, `app.lambdaHandler`. */
  readonly value: string
  readonly span: Span
  /** The module path without extension, project-relative: `src/users`. */
  readonly module: string
  /** The export the runtime calls: `create`. */
  readonly exportName: string
  /** The source file found for `module` (project-relative), if one exists. */
  readonly file?: string
}

export interface EnvVar {
  readonly name: string
  readonly value: Node
  readonly keySpan: Span
}

export interface FunctionEvent {
  /** `http`, `httpApi`, `sqs`, `schedule`, SAM `Api`, `SQS`, … as the config names it. */
  readonly type: string
  readonly span: Span
}

export type AuthKind = 'none' | 'iam' | 'jwt' | 'cognito' | 'lambda' | 'alb' | 'unknown'

export interface RouteAuth {
  readonly kind: AuthKind
  /** The authorizer's name or id, when there is one. */
  readonly name?: string
}

export interface Route {
  readonly kind: 'rest' | 'http' | 'websocket' | 'alb'
  /** Upper-case method, `ANY` for any, or the websocket route key. */
  readonly method: string
  readonly path: string
  readonly span: Span
  readonly auth: RouteAuth
  readonly apiKeyRequired: boolean | Unknown
  /** Id of the API (see `Api.id`) serving the route. */
  readonly apiId?: string
  /** Name of the function behind the route, if a function serves it. */
  readonly function?: string
}

export interface Cors {
  readonly span: Span
  /** What the setting belongs to, for messages: `http event POST /users`, `HttpApi MyApi`. */
  readonly label: string
  readonly function?: string
  /** Allowed origins as written; `'*'` is the wildcard. */
  readonly origins: readonly (string | Unknown)[]
  readonly credentials: boolean | Unknown
}

export interface FunctionUrl {
  readonly span: Span
  readonly authType: 'NONE' | 'AWS_IAM' | Unknown
}

export interface Api {
  readonly id: string
  readonly kind: 'rest' | 'http' | 'websocket'
  readonly span: Span
  /** Throttling at stage, route or usage-plan level, or a WAF in front. */
  readonly throttled: boolean | Unknown
  readonly accessLogs: boolean | Unknown
  /** Private (VPC-only) APIs are not reachable from the internet. */
  readonly private: boolean
  /** Routes come from an OpenAPI body the auditor does not read: route auth is unknown. */
  readonly definedByOpenApi: boolean
}

/**
 * `generated`: made by SAM from a function's `Policies`; `framework`: made by the CDK for its own
 * custom resources (not the user's to change, not audited); `external`: named by ARN, defined
 * elsewhere.
 */
export type RoleKind = 'provider' | 'function' | 'resource' | 'generated' | 'external' | 'framework'

export interface Role {
  /** Unique within the project: the role's logical id, or a name made for generated roles. */
  readonly id: string
  readonly kind: RoleKind
  readonly span: Span
  readonly statements: readonly Statement[]
  readonly managedPolicies: readonly Located<string | Unknown>[]
  /** Names of the functions that run with this role. */
  readonly functions: readonly string[]
}

export interface Statement {
  readonly span: Span
  readonly effect: 'Allow' | 'Deny' | Unknown
  readonly actions: readonly Located<string | Unknown>[]
  readonly notActions: readonly Located<string | Unknown>[]
  readonly resources: readonly Located<string | Unknown>[]
  readonly notResources: readonly Located<string | Unknown>[]
  readonly hasCondition: boolean
  /** Set when the statement came from a SAM policy template or a managed template. */
  readonly origin?: string
}

export interface Resource {
  readonly logicalId: string
  readonly type: string
  readonly span: Span
  readonly node: MapNode
  readonly properties?: MapNode
}
