import { ConfigError, ErrorCode, GuardError } from '../../core/errors.js'

/** One raw command (`'EVALSHA'`, `[sha, '1', key, …]`) to one Redis reply. */
export type SendCommand = (command: string, args: string[]) => Promise<unknown>

/** The shape of an ioredis client (`Redis` or `Cluster`) that the store uses. */
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
}

/** The shape of a node-redis (v4+) client that the store uses. */
interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>
}

/**
 * A raw command sender for an ioredis or a node-redis client, so that the store works with
 * whichever the application already has (they are optional peer dependencies).
 *
 * @example
 * const send = commandSender(new Redis()) // or createClient() from 'redis', connected
 * await send('PING', []) // 'PONG'
 */
export function commandSender(client: unknown): SendCommand {
  if (client !== null && typeof client === 'object') {
    if (typeof (client as Partial<IoRedisLike>).call === 'function') {
      const io = client as IoRedisLike
      return (command, args) => io.call(command, ...args)
    }
    if (typeof (client as Partial<NodeRedisLike>).sendCommand === 'function') {
      const node = client as NodeRedisLike
      return (command, args) => node.sendCommand([command, ...args])
    }
  }
  throw new ConfigError(
    'redisStore(client) needs an ioredis client (new Redis()) or a connected node-redis client (createClient())',
  )
}

/**
 * A Lua script, run by EVALSHA with a fallback to EVAL when Redis lost it. Its SHA-1 is worked out
 * with Web Crypto on its first run, not at import: node:crypto's createHash made importing the
 * store ~7 ms slower on a cold start, and Web Crypto is already warm on the authenticated path
 * (session tokens are hashed with it).
 */
export class Script {
  #sha: string | undefined
  #digesting: Promise<string> | undefined

  constructor(readonly source: string) {}

  /** The SHA-1 in hex: a string once the first run has worked it out (the steady state), a promise until then. */
  sha(): string | Promise<string> {
    if (this.#sha !== undefined) return this.#sha
    this.#digesting ??= sha1Hex(this.source).then(
      (sha) => {
        this.#sha = sha
        return sha
      },
      (error: unknown) => {
        this.#digesting = undefined
        throw error
      },
    )
    return this.#digesting
  }
}

export function script(source: string): Script {
  return new Script(source)
}

async function sha1Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-1', new TextEncoder().encode(text))
  return Buffer.from(digest).toString('hex')
}

/** Error replies that mean "Redis cannot serve right now" rather than "this command is wrong". */
const UNAVAILABLE_REPLIES = /^(LOADING|BUSY|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN|OOM)\b/

function storeUnavailable(cause: unknown): GuardError {
  return new GuardError(ErrorCode.storeUnavailable, 503, 'the token store is unavailable', {
    cause,
  })
}

function isReplyError(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  return (
    (error.name === 'ReplyError' || error.name === 'ErrorReply') &&
    !UNAVAILABLE_REPLIES.test(error.message)
  )
}

/**
 * Runs commands and scripts with one deadline per operation: past `timeoutMs` the operation
 * rejects with 503 `ERR_STORE_UNAVAILABLE` whatever the client is doing (reconnecting, queueing
 * offline), so a dead Redis costs a bounded wait, never a hang. The client's own late answer or
 * rejection is swallowed. Recovery needs nothing from us: the client reconnects and the next
 * operation simply succeeds.
 */
export class ScriptRunner {
  /** Round trips sent so far (benchmarks and tests count them). */
  roundTrips = 0

  constructor(
    private readonly send: SendCommand,
    private readonly timeoutMs: number,
  ) {}

  command(args: string[]): Promise<unknown> {
    const deadline = performance.now() + this.timeoutMs
    return this.sendBefore(args[0] as string, args.slice(1), deadline).catch(classify)
  }

  run(
    script: Script,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    const deadline = performance.now() + this.timeoutMs
    const sha = script.sha()
    return typeof sha === 'string'
      ? this.evalSha(script, sha, keys, args, deadline)
      : sha.then((known) => this.evalSha(script, known, keys, args, deadline))
  }

  private evalSha(
    script: Script,
    sha: string,
    keys: readonly string[],
    args: readonly (string | number)[],
    deadline: number,
  ): Promise<unknown> {
    // One array, built once: [sha, numkeys, ...keys, ...args]
    const argv: string[] = [sha, String(keys.length)]
    for (const key of keys) argv.push(key)
    for (const arg of args) argv.push(typeof arg === 'string' ? arg : String(arg))
    return this.sendBefore('EVALSHA', argv, deadline).then(undefined, (error: unknown) => {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw classify(error)
      const evalArgv = [script.source, ...argv.slice(1)]
      return this.sendBefore('EVAL', evalArgv, deadline).catch(classify)
    })
  }

  /** The reply, or a rejection once `deadline` passes (the client's late answer is dropped). */
  private sendBefore(command: string, args: string[], deadline: number): Promise<unknown> {
    const left = deadline - performance.now()
    if (left <= 0) return Promise.reject(storeUnavailable(new Error('store timeout')))
    this.roundTrips++
    let reply: Promise<unknown>
    try {
      reply = this.send(command, args)
    } catch (error) {
      return Promise.reject(error)
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(storeUnavailable(new Error(`no answer from Redis within ${this.timeoutMs} ms`)))
      }, left)
      timer.unref?.()
      reply.then(
        (value) => {
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          clearTimeout(timer)
          reject(error)
        },
      )
    })
  }
}

/** A command error stays as it is; anything else (timeout, lost connection) is a 503. */
function classify(error: unknown): never {
  if (error instanceof GuardError) throw error
  if (isReplyError(error)) throw error
  throw storeUnavailable(error)
}
