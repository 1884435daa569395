/**
 * The one request shape every adapter produces and every stage of the pipeline reads.
 * `body`, `query` and `params` are typed from the route's schemas once validated.
 */
export interface GuardRequest<
  Body = unknown,
  Query = Readonly<Record<string, string>>,
  Params = Readonly<Record<string, string>>,
> {
  /** Upper-case HTTP method. */
  readonly method: string
  readonly path: string
  readonly params: Params
  /** Header names lower-cased; repeated headers joined with `, ` (cookies with `; `). */
  readonly headers: Readonly<Record<string, string>>
  /** The first value of each query parameter (after validation: the schema's output). */
  readonly query: Query
  /** Every value of each query parameter. */
  readonly queryAll: Readonly<Record<string, readonly string[]>>
  /** The parsed and validated body; `undefined` when none was sent. */
  readonly body: Body
  /** The body's bytes as received (after base64 decoding), for signature checks. */
  readonly rawBody: Uint8Array | undefined
  /** The client's address as the platform saw it (see `trustedProxies`). */
  readonly ip: string
  readonly requestId: string
  readonly userAgent: string | undefined
}

/** What an adapter hands to the pipeline: the cheap parts now, the rest on first use. */
export interface RequestParts {
  method: string
  path: string
  params: Record<string, string> | undefined
  headers: Record<string, string>
  /** Reads the query only when somebody asks for it. */
  readQuery: () => Record<string, string[]>
  /** The body as the platform delivered it. */
  body: string | Uint8Array | undefined
  bodyIsBase64: boolean
  ip: string
  requestId: string
}

const NO_PARAMS: Readonly<Record<string, string>> = Object.freeze({})

/** The pipeline's mutable view of a request: validated values replace the raw ones. */
export class IncomingRequest implements GuardRequest {
  readonly method: string
  readonly path: string
  readonly headers: Readonly<Record<string, string>>
  readonly ip: string
  readonly requestId: string
  params: Readonly<Record<string, string>>
  body: unknown
  #readQuery: () => Record<string, string[]>
  #queryAll: Record<string, string[]> | undefined
  #query: Readonly<Record<string, string>> | undefined
  #source: string | Uint8Array | undefined
  #sourceIsBase64: boolean
  #rawBody: Uint8Array | undefined

  constructor(parts: RequestParts) {
    this.method = parts.method
    this.path = parts.path
    this.params = parts.params ?? NO_PARAMS
    this.headers = parts.headers
    this.ip = parts.ip
    this.requestId = parts.requestId
    this.#readQuery = parts.readQuery
    this.#source = parts.body
    this.#sourceIsBase64 = parts.bodyIsBase64
  }

  get userAgent(): string | undefined {
    return this.headers['user-agent']
  }

  get queryAll(): Readonly<Record<string, readonly string[]>> {
    if (this.#queryAll === undefined) this.#queryAll = this.#readQuery()
    return this.#queryAll
  }

  get query(): Readonly<Record<string, string>> {
    if (this.#query === undefined) {
      const first: Record<string, string> = Object.create(null)
      const all = this.queryAll
      // for-in, not Object.keys: no array per request. Adapters read the query into objects
      // without a prototype, so there is nothing inherited to skip.
      for (const name in all) first[name] = (all[name] as string[])[0] as string
      this.#query = first
    }
    return this.#query
  }

  set query(value: Readonly<Record<string, string>>) {
    this.#query = value
  }

  /** True when the request carries a non-empty body. */
  get hasBody(): boolean {
    return this.#source !== undefined && this.#source.length > 0
  }

  /**
   * The body's size in bytes, computed without decoding it, so an oversized body is refused
   * before any copy is made.
   */
  get bodyByteLength(): number {
    const source = this.#source
    if (source === undefined) return 0
    if (typeof source !== 'string') return source.byteLength
    if (!this.#sourceIsBase64) return Buffer.byteLength(source, 'utf8')
    const padding = source.endsWith('==') ? 2 : source.endsWith('=') ? 1 : 0
    return Math.max(0, Math.floor((source.length * 3) / 4) - padding)
  }

  get rawBody(): Uint8Array | undefined {
    if (this.#rawBody === undefined && this.#source !== undefined) {
      const source = this.#source
      this.#rawBody =
        typeof source !== 'string'
          ? source
          : Buffer.from(source, this.#sourceIsBase64 ? 'base64' : 'utf8')
    }
    return this.#rawBody
  }

  /** The body as UTF-8 text (no copy when the platform delivered text). */
  get bodyText(): string {
    const source = this.#source
    if (source === undefined) return ''
    if (typeof source === 'string' && !this.#sourceIsBase64) return source
    const bytes = this.rawBody as Uint8Array
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')
  }
}
