import { asRecord } from '../adapters/aws-lambda/event-fields.js'
import { ErrorCode, GuardError } from '../core/errors.js'
import { formatFieldPath } from '../input/field-path.js'
import { decodeBase64 } from './base64.js'
import { malformedRecord } from './errors.js'

// DynamoDB's own grammar for N: optional sign, digits with an optional point, optional exponent.
const DYNAMO_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * An item image of a DynamoDB stream record (`{ "Id": { "N": "101" }, "Tags": { "SS": [...] } }`)
 * as plain values, without the AWS SDK:
 *
 * - `S` → string, `BOOL` → boolean, `NULL` → null, `M` → object, `L` → array;
 * - `B` → Uint8Array (from the base64 the stream sends);
 * - `SS`, `NS`, `BS` → arrays (not Sets: schemas, limits and JSON all read arrays);
 * - `N` → see {@link dynamoNumber}: a number when that is exact, else the string as sent.
 *
 * Nesting deeper than `maxDepth` is refused before it is walked (`ERR_BODY_TOO_DEEP`), and a value
 * that is not an AttributeValue is `ERR_EVENT_MALFORMED`, naming the field, never the value.
 * A `__proto__` attribute is kept as an own property (never reaching the prototype), for the
 * input limits to refuse by name.
 *
 * @example
 * unmarshallImage({ Id: { N: '101' }, Tags: { SS: ['a'] } }, 32, 'newImage')
 * // { Id: 101, Tags: ['a'] }
 */
export function unmarshallImage(
  image: unknown,
  maxDepth: number,
  root: string,
): Record<string, unknown> {
  const map = asRecord(image)
  if (map === undefined) throw malformedRecord(root, 'is not a map of attribute values')
  return unmarshallMap(map, 1, { maxDepth, root, path: [] })
}

interface Walk {
  readonly maxDepth: number
  readonly root: string
  readonly path: PropertyKey[]
}

function unmarshallMap(
  map: Readonly<Record<string, unknown>>,
  depth: number,
  walk: Walk,
): Record<string, unknown> {
  const item: Record<string, unknown> = {}
  for (const name of Object.keys(map)) {
    walk.path.push(name)
    const value = unmarshallValue(map[name], depth, walk)
    // `item.__proto__ = v` would set the prototype instead of adding a key.
    if (name === '__proto__') {
      Object.defineProperty(item, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      })
    } else {
      item[name] = value
    }
    walk.path.pop()
  }
  return item
}

function unmarshallValue(value: unknown, depth: number, walk: Walk): unknown {
  const attribute = asRecord(value)
  if (attribute === undefined) throw malformed(walk, 'is not an attribute value')
  const types = Object.keys(attribute)
  if (types.length !== 1) throw malformed(walk, 'must have exactly one type (S, N, M, …)')
  const type = types[0] as string
  const typed = attribute[type]
  switch (type) {
    case 'S':
      if (typeof typed === 'string') return typed
      break
    case 'N':
      if (typeof typed === 'string') return numberOf(typed, walk)
      break
    case 'B':
      if (typeof typed === 'string') return bytesOf(typed, walk)
      break
    case 'BOOL':
      if (typeof typed === 'boolean') return typed
      break
    case 'NULL':
      if (typed === true) return null
      break
    case 'M': {
      const map = asRecord(typed)
      if (map === undefined) break
      tooDeep(depth, walk)
      return unmarshallMap(map, depth + 1, walk)
    }
    case 'L':
      if (!Array.isArray(typed)) break
      tooDeep(depth, walk)
      return eachOf(typed, walk, (element) => unmarshallValue(element, depth + 1, walk))
    case 'SS':
      return setOf(typed, walk, (element) => (typeof element === 'string' ? element : undefined))
    case 'NS':
      return setOf(typed, walk, (element) =>
        typeof element === 'string' ? numberOf(element, walk) : undefined,
      )
    case 'BS':
      return setOf(typed, walk, (element) =>
        typeof element === 'string' ? bytesOf(element, walk) : undefined,
      )
    default:
      throw malformed(walk, 'has an unknown attribute type')
  }
  throw malformed(walk, `is not a valid ${type} attribute value`)
}

/**
 * A DynamoDB number (up to 38 significant digits) as a JS number when the double holds exactly
 * the decimal DynamoDB stored — every integer up to 2^53 and every decimal whose shortest double
 * form is the same decimal (`0.1`, `12.50`) — and otherwise the string as sent
 * (`"12345678901234567890"`, `"3.14159265358979323846"`), so precision is never lost silently:
 * a schema that wants a number refuses the string, by field, instead of the handler using a
 * rounded amount. `undefined` for text that is not a DynamoDB number.
 *
 * @example
 * dynamoNumber('12.50') // 12.5
 * dynamoNumber('12345678901234567890') // '12345678901234567890'
 */
export function dynamoNumber(text: string): number | string | undefined {
  if (!DYNAMO_NUMBER.test(text)) return undefined
  const value = Number(text)
  if (!Number.isFinite(value)) return text
  if (value === 0) return 0
  return canonicalDecimal(text) === canonicalDecimal(String(value)) ? value : text
}

/** `-1.250e2` → `-125e3`: sign, significant digits, and the decimal exponent of the first digit. */
function canonicalDecimal(text: string): string {
  const negative = text.startsWith('-')
  const unsigned = text.replace(/^[+-]/, '').toLowerCase()
  const [mantissa = '', exponentText = '0'] = unsigned.split('e')
  const [whole = '', fraction = ''] = mantissa.split('.')
  let digits = whole + fraction
  let exponent = Number(exponentText) + whole.length
  const leadingZeros = digits.length - digits.replace(/^0+/, '').length
  digits = digits.slice(leadingZeros).replace(/0+$/, '')
  exponent -= leadingZeros
  if (digits === '') return '0'
  return `${negative ? '-' : ''}${digits}e${exponent}`
}

function numberOf(text: string, walk: Walk): number | string {
  const value = dynamoNumber(text)
  if (value === undefined) throw malformed(walk, 'is not a number')
  return value
}

function bytesOf(text: string, walk: Walk): Uint8Array {
  const bytes = decodeBase64(text)
  if (bytes === undefined) throw malformed(walk, 'is not base64')
  return bytes
}

function setOf(
  value: unknown,
  walk: Walk,
  element: (value: unknown) => unknown,
): readonly unknown[] {
  if (!Array.isArray(value)) throw malformed(walk, 'is not a set')
  return eachOf(value, walk, (item) => {
    const converted = element(item)
    if (converted === undefined) throw malformed(walk, 'has an element of the wrong type')
    return converted
  })
}

function eachOf(values: readonly unknown[], walk: Walk, convert: (value: unknown) => unknown) {
  const out: unknown[] = []
  for (let i = 0; i < values.length; i++) {
    walk.path.push(i)
    out.push(convert(values[i]))
    walk.path.pop()
  }
  return out
}

/** The same bound as the input limits: an object or array at depth `maxDepth` is refused. */
function tooDeep(depth: number, walk: Walk): void {
  if (depth < walk.maxDepth) return
  const field = formatFieldPath(walk.root, walk.path)
  throw new GuardError(
    ErrorCode.tooDeep,
    400,
    `${field} is nested deeper than ${walk.maxDepth} levels`,
    { details: { field } },
  )
}

function malformed(walk: Walk, problem: string): GuardError {
  return malformedRecord(formatFieldPath(walk.root, walk.path), problem)
}
