import { ErrorCode, GuardError } from '../core/errors.js'
import { formatFieldPath } from './field-path.js'
import type { StandardSchemaV1 } from './standard-schema.js'

/** One rejected field, as the client sees it: where and why, never the value. */
export interface FieldIssue {
  readonly field: string
  readonly message: string
}

const MAX_REPORTED_ISSUES = 20
// Schema libraries like to say what they received ("… but received \"hunter2\""); the client
// gets the expectation only, so a rejected secret is never reflected back.
const RECEIVED_CLAUSE = /[,;]?\s*(?:but\s+)?(?:received|got)\b[\s\S]*$/i

/**
 * Validates `value` against any Standard Schema (zod, valibot, arktype, …).
 * Throws (or rejects, for async schemas) 400 `ERR_VALIDATION` whose `details.issues` name each
 * field. Returns the schema's output, or a promise of it when the schema is async.
 *
 * @example
 * req.body = await validateWithSchema('body', TransferSchema, req.body)
 */
export function validateWithSchema(
  root: string,
  schema: StandardSchemaV1,
  value: unknown,
): unknown {
  const result = schema['~standard'].validate(value)
  // Most schemas answer synchronously; only an async one costs a promise.
  return result instanceof Promise
    ? result.then((settled) => outputOf(root, settled, value))
    : outputOf(root, result, value)
}

function outputOf(root: string, result: StandardSchemaV1.Result<unknown>, value: unknown): unknown {
  if (result.issues === undefined) return result.value
  const issues: FieldIssue[] = result.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => ({
    field: formatFieldPath(root, issue.path ?? []),
    message: safeMessage(issue, value),
  }))
  const first = issues[0]
  throw new GuardError(
    ErrorCode.validation,
    400,
    first === undefined ? `${root} is invalid` : `${first.field}: ${first.message}`,
    { details: { issues } },
  )
}

function safeMessage(issue: StandardSchemaV1.Issue, root: unknown): string {
  let message = typeof issue.message === 'string' ? issue.message : 'invalid'
  message = message.replace(RECEIVED_CLAUSE, '').trim()
  const rejected = valueAt(root, issue.path ?? [])
  if (typeof rejected === 'string' && rejected.length >= 3) {
    message = message.replaceAll(rejected, '[value]')
  }
  return message.length > 200 ? `${message.slice(0, 200)}…` : message || 'invalid'
}

function valueAt(
  root: unknown,
  path: ReadonlyArray<PropertyKey | StandardSchemaV1.PathSegment>,
): unknown {
  let current = root
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined
    // A schema library's path is outside input too: a null segment must not turn a 400 into a 500.
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    if (!Object.hasOwn(current, key)) return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}
