import { type CorsOptions, type CorsPolicy, compileCors } from '../http/cors.js'
import {
  compileSecurityHeaders,
  type SecurityHeaderOptions,
  type SecurityHeaders,
} from '../http/security-headers.js'
import type { BodyFormat } from '../input/body.js'
import { DEFAULT_LIMITS, type InputLimits } from '../input/limits.js'
import { isStandardSchema, type StandardSchemaV1 } from '../input/standard-schema.js'
import type { RouteLimits, RouteRateLimitOptions } from '../limits/rate-limit.js'
import { parseDuration } from './duration.js'
import { ConfigError } from './errors.js'
import { assertKnownKeys, describe, positiveInteger } from './options.js'

/** What a route demands of its caller. `{}` means any authenticated caller. */
export interface AuthRequirement {
  /** Permission ids the caller must hold, all of them. */
  readonly permissions?: readonly string[]
  /** Permission ids of which the caller must hold at least one. */
  readonly anyOf?: readonly string[]
  /** The caller must have authenticated this recently, e.g. '5m', for destructive actions. */
  readonly stepUp?: string
  /** Accept API keys with these scopes (a key alone never modifies data unless allowed). */
  readonly apiKey?: {
    readonly scopes: readonly string[]
    readonly allowMutation?: boolean
    readonly requireSession?: boolean
  }
}

/** `'public'` opens a route to anybody; there is no default, so nothing is open by mistake. */
export type RouteAuth = 'public' | AuthRequirement

/**
 * Options of one route (`guard.http(options, fn)`).
 *
 * @example
 * guard.http({ auth: { permissions: ['notes:write'] }, body: NoteSchema }, handler)
 */
export interface RouteOptions<
  Body extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Query extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
  Params extends StandardSchemaV1 | undefined = StandardSchemaV1 | undefined,
> {
  readonly auth: RouteAuth
  /** Schema of the body; `req.body` is typed from its output. */
  readonly body?: Body
  /** Schema of the query parameters (single values). */
  readonly query?: Query
  /** Schema of the path parameters. */
  readonly params?: Params
  /** Body formats accepted. Default `['json']`. */
  readonly accept?: readonly BodyFormat[]
  /** Tighter or looser input limits than the guard's. */
  readonly limits?: Partial<InputLimits>
  /** CORS for this route only, or `false` to send no CORS headers here. */
  readonly cors?: CorsOptions | false
  /** Security header overrides for this route only. */
  readonly securityHeaders?: SecurityHeaderOptions
  /** A name for logs and metrics. Default: the Lambda function name, or method and path. */
  readonly name?: string
  /**
   * This route's own rate limits, on top of the guard's (`{ user: '10/min' }`); counted apart
   * from other routes under the route's `name`.
   */
  readonly rateLimit?: RouteRateLimitOptions
}

/** Route options checked and precomputed, once, when the route is created. */
export interface CompiledRoute {
  readonly auth: 'public' | CompiledAuth
  readonly bodySchema: StandardSchemaV1 | undefined
  readonly querySchema: StandardSchemaV1 | undefined
  readonly paramsSchema: StandardSchemaV1 | undefined
  readonly accept: readonly BodyFormat[]
  readonly limits: InputLimits
  readonly cors: CorsPolicy | undefined
  readonly securityHeaders: SecurityHeaders
  readonly name: string | undefined
  /** Guard-wide and route rate limits, ready for the store. */
  readonly rateLimits: RouteLimits
  /** False for a public route with no pre-auth limits: nothing to ask the store. */
  readonly needsAdmission: boolean
}

export interface CompiledAuth {
  readonly permissions: readonly string[]
  readonly anyOf: readonly string[]
  readonly stepUpMs: number | undefined
  readonly apiKey:
    | {
        readonly scopes: readonly string[]
        readonly allowMutation: boolean
        readonly requireSession: boolean
      }
    | undefined
}

export const ROUTE_KEYS = [
  'auth',
  'body',
  'query',
  'params',
  'accept',
  'limits',
  'cors',
  'securityHeaders',
  'name',
  'rateLimit',
]
const AUTH_KEYS = ['permissions', 'anyOf', 'stepUp', 'apiKey']
const API_KEY_KEYS = ['scopes', 'allowMutation', 'requireSession']
const LIMIT_KEYS = ['maxBodyBytes', 'maxDepth', 'maxStringLength']

/** The guard-wide defaults a route starts from. */
export interface RouteDefaults {
  readonly limits: InputLimits
  readonly cors: CorsPolicy | undefined
  readonly securityHeaders: SecurityHeaders
  readonly securityHeaderOptions: SecurityHeaderOptions | undefined
  readonly rateLimits: RouteLimits
  /**
   * A route's own rate limits on top of the guard's, counted under `routeKey`; absent where the
   * guard has no store to count in (the core guard), so `rateLimit` on a route is refused.
   */
  readonly routeRateLimits:
    | ((options: RouteRateLimitOptions, routeKey: string) => RouteLimits)
    | undefined
  /** A stable key for the counters of a route with its own limits and no `name`. */
  readonly routeKey: () => string
}

/** The limits of a guard that counts nothing. */
export const NO_RATE_LIMITS: RouteLimits = Object.freeze({ pre: [], user: [], apiKey: [] })

/** Checks route options; every mistake is a ConfigError at construction, not at the first request. */
export function compileRoute(options: RouteOptions, defaults: RouteDefaults): CompiledRoute {
  if (options === undefined || options === null) {
    throw new ConfigError("route options are required: at least { auth: 'public' } or { auth: {} }")
  }
  assertKnownKeys('the route options', options, ROUTE_KEYS)
  const auth = compileAuth(options.auth)
  const rateLimits =
    options.rateLimit === undefined ? defaults.rateLimits : routeRateLimits(options, defaults)
  return {
    auth,
    bodySchema: schemaOption('body', options.body),
    querySchema: schemaOption('query', options.query),
    paramsSchema: schemaOption('params', options.params),
    accept: compileAccept(options.accept),
    limits: compileLimits('limits', options.limits, defaults.limits),
    cors:
      options.cors === false
        ? undefined
        : options.cors === undefined
          ? defaults.cors
          : compileCors(options.cors),
    securityHeaders:
      options.securityHeaders === undefined
        ? defaults.securityHeaders
        : compileSecurityHeaders({ ...defaults.securityHeaderOptions, ...options.securityHeaders }),
    name: options.name,
    rateLimits,
    needsAdmission: auth !== 'public' || rateLimits.pre.length > 0,
  }
}

function routeRateLimits(options: RouteOptions, defaults: RouteDefaults): RouteLimits {
  if (defaults.routeRateLimits === undefined) {
    throw new ConfigError(
      "rate limits need a store to count in: use createGuard from '@bulwark/guard', not '@bulwark/guard/core'",
    )
  }
  return defaults.routeRateLimits(
    options.rateLimit as RouteRateLimitOptions,
    options.name ?? defaults.routeKey(),
  )
}

function compileAuth(auth: unknown): CompiledRoute['auth'] {
  if (auth === 'public') return 'public'
  if (auth === undefined) {
    throw new ConfigError(
      "every route must declare `auth`: 'public' to open it, or an auth requirement such as {} or { permissions: ['notes:read'] }",
    )
  }
  if (typeof auth !== 'object' || auth === null || Array.isArray(auth)) {
    throw new ConfigError(`auth must be 'public' or an object, got ${describe(auth)}`)
  }
  assertKnownKeys('auth', auth, AUTH_KEYS)
  const requirement = auth as AuthRequirement
  let apiKey: CompiledAuth['apiKey']
  if (requirement.apiKey !== undefined) {
    assertKnownKeys('auth.apiKey', requirement.apiKey, API_KEY_KEYS)
    apiKey = {
      scopes: idList('auth.apiKey.scopes', requirement.apiKey.scopes),
      allowMutation: requirement.apiKey.allowMutation === true,
      requireSession: requirement.apiKey.requireSession === true,
    }
  }
  return {
    permissions: idList('auth.permissions', requirement.permissions ?? []),
    anyOf: idList('auth.anyOf', requirement.anyOf ?? []),
    stepUpMs:
      requirement.stepUp === undefined
        ? undefined
        : parseDuration('auth.stepUp', requirement.stepUp),
    apiKey,
  }
}

function idList(where: string, value: unknown): readonly string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    throw new ConfigError(`${where} must be an array of non-empty strings`)
  }
  return Object.freeze([...value])
}

function schemaOption(where: string, schema: unknown): StandardSchemaV1 | undefined {
  if (schema === undefined) return undefined
  if (!isStandardSchema(schema)) {
    throw new ConfigError(
      `${where} must be a Standard Schema (zod, valibot, arktype, …), got ${describe(schema)}`,
    )
  }
  return schema
}

function compileAccept(accept: unknown): readonly BodyFormat[] {
  if (accept === undefined) return ['json']
  if (
    !Array.isArray(accept) ||
    accept.length === 0 ||
    !accept.every((f) => f === 'json' || f === 'form')
  ) {
    throw new ConfigError("accept must be a non-empty array of 'json' and 'form'")
  }
  return Object.freeze([...accept])
}

/** Limits merged over defaults, each a positive integer. */
export function compileLimits(
  where: string,
  value: Partial<InputLimits> | undefined,
  defaults: InputLimits = DEFAULT_LIMITS,
): InputLimits {
  if (value === undefined) return defaults
  assertKnownKeys(where, value, LIMIT_KEYS)
  const merged = { ...defaults, ...value }
  return Object.freeze({
    maxBodyBytes: positiveInteger(`${where}.maxBodyBytes`, merged.maxBodyBytes),
    maxDepth: positiveInteger(`${where}.maxDepth`, merged.maxDepth),
    maxStringLength: positiveInteger(`${where}.maxStringLength`, merged.maxStringLength),
  })
}
