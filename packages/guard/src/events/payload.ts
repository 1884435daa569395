import { checkBodySize, parseJson } from '../input/body.js'
import { checkInputValue, type InputLimits } from '../input/limits.js'
import { validateWithSchema } from '../input/schema.js'
import type { StandardSchemaV1 } from '../input/standard-schema.js'
import { decodeUtf8 } from './base64.js'
import { unmarshallImage } from './dynamodb-attributes.js'
import { malformedRecord } from './errors.js'
import type { CompiledEventRoute } from './options.js'
import type { PayloadFormat } from './types.js'

/**
 * How one record's payload becomes what the handler sees, with the limits of an HTTP body: size,
 * parse, no prototype keys, bounded depth and string length, then the handler's schema. Every
 * refusal is a GuardError naming the field, never quoting the value.
 */
export class PayloadReader {
  readonly #limits: InputLimits
  readonly #format: PayloadFormat
  readonly #schema: StandardSchemaV1 | undefined

  constructor(route: CompiledEventRoute) {
    this.#limits = route.limits
    this.#format = route.format
    this.#schema = route.schema
  }

  /**
   * A payload delivered as text (an SQS body, an SNS message): size first, then the format.
   * A `'text'` payload is the body itself, so it is bounded by `maxBodyBytes`, not by the
   * string length limit that applies to strings inside a JSON body.
   */
  async text(root: string, text: string, byteLength?: number): Promise<unknown> {
    checkBodySize(byteLength ?? Buffer.byteLength(text, 'utf8'), this.#limits)
    if (this.#format === 'text') return this.#validate(root, text)
    const value = parseJson(text)
    checkInputValue(root, value, this.#limits)
    return this.#validate(root, value)
  }

  /** A payload delivered as bytes (Kinesis data), which must be UTF-8 text. */
  async bytes(root: string, field: string, bytes: Uint8Array): Promise<unknown> {
    checkBodySize(bytes.byteLength, this.#limits)
    const text = decodeUtf8(bytes)
    if (text === undefined) throw malformedRecord(field, 'is not UTF-8 text')
    return this.text(root, text, bytes.byteLength)
  }

  /**
   * A payload the Lambda runtime has already parsed (an EventBridge detail, an S3 object): the
   * walk first, which bounds the depth that measuring its size then recurses through.
   */
  async parsed(root: string, value: unknown, sizedAs: unknown = value): Promise<unknown> {
    checkInputValue(root, value, this.#limits)
    checkBodySize(jsonByteLength(root, sizedAs), this.#limits)
    return this.#validate(root, value)
  }

  /** A DynamoDB item image: unmarshalled, then a parsed payload measured in its stream form. */
  image(root: string, raw: unknown): Promise<unknown> {
    return this.parsed(root, unmarshallImage(raw, this.#limits.maxDepth, root), raw)
  }

  /** Checked against the limits, not the schema (DynamoDB keys). */
  keys(root: string, raw: unknown): Readonly<Record<string, unknown>> {
    const keys = unmarshallImage(raw, this.#limits.maxDepth, root)
    checkInputValue(root, keys, this.#limits)
    return keys
  }

  async #validate(root: string, value: unknown): Promise<unknown> {
    if (this.#schema === undefined) return value
    return await validateWithSchema(root, this.#schema, value)
  }
}

function jsonByteLength(root: string, value: unknown): number {
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch {
    // Only a value the Lambda runtime did not parse from JSON gets here (a direct invocation).
    throw malformedRecord(root, 'is not JSON')
  }
  return text === undefined ? 0 : Buffer.byteLength(text, 'utf8')
}
