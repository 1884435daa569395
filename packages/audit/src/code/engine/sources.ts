import { Danger, deriveTaint, Source, type Taint, UNKNOWN, type Value, Whole } from '../values.js'

/**
 * The taint of a handler's first parameter: the whole Lambda event, or the request of a web
 * framework route (Express, Fastify, Hono, Koa, the guard's normalized request).
 *
 * @example
 * eventParameter('event') // { shape: 'lambda-event', taint: { origin: 'event', … } }
 */
export function eventParameter(name: string, route: boolean): Value {
  const taint: Taint = {
    sources: Source.event,
    danger: Danger.all,
    whole: route ? Whole.request : Whole.event,
    objectCapable: true,
    origin: name,
  }
  return { shape: route ? 'request' : 'lambda-event', taint }
}

/** The second parameter: Lambda's context or a framework's response; calls on it are responses. */
export const RESPONSE_PARAMETER: Value = Object.freeze({ shape: 'response' as const })

const IDENTITY: Value = Object.freeze({ identity: true })

/** Members that name who the caller is, as set by an authorizer or authentication middleware. */
const IDENTITY_KEYS = new Set([
  'user',
  'auth',
  'session',
  'principal',
  'claims',
  'identity',
  'authorizer',
])

/** Members that the platform sets and the caller cannot choose. */
const PLATFORM_KEYS = new Set([
  'httpMethod',
  'method',
  'routeKey',
  'resource',
  'stage',
  'version',
  'isBase64Encoded',
  'requestId',
  'accountId',
  'apiId',
  'protocol',
  'secure',
])

function field(t: Taint | undefined, key: string, change: Partial<Taint> = {}): Value {
  const taint = deriveTaint(t, { origin: `${t?.origin ?? ''}.${key}`, ...change })
  return taint ? { taint } : UNKNOWN
}

/**
 * Reads a member of a source container: `event.body`, `req.query`, `event.headers.cookie`, … Each
 * part is labeled with where it came from, so rules can say what reached a sink.
 *
 * @example
 * readSourceMember(eventParameter('event', false), 'body').taint?.origin // 'event.body'
 */
export function readSourceMember(obj: Value, key: string | undefined): Value {
  const t = obj.taint
  if (key === undefined) return field(t, '[]')
  switch (obj.shape) {
    case 'lambda-event':
    case 'request':
      return readRequestMember(obj, t, key)
    case 'headers': {
      const lower = key.toLowerCase()
      if (lower === 'cookie') return field(t, key, { sources: Source.cookie })
      return field(t, key, { sources: Source.headers })
    }
    case 'cookies':
      return field(t, key, { sources: Source.cookie })
    case 'response':
      if (IDENTITY_KEYS.has(key) || key === 'state') return IDENTITY
      return { shape: 'response' }
    default:
      return UNKNOWN
  }
}

function readRequestMember(obj: Value, t: Taint | undefined, key: string): Value {
  switch (key) {
    case 'body':
    case 'rawBody':
      return field(t, key, { sources: Source.body, whole: Whole.body, objectCapable: true })
    case 'headers':
    case 'multiValueHeaders':
      return {
        shape: 'headers',
        ...field(t, key, { sources: Source.headers, whole: Whole.headers }),
      }
    case 'queryStringParameters':
    case 'multiValueQueryStringParameters':
    case 'query':
      return field(t, key, { sources: Source.query, objectCapable: obj.shape === 'request' })
    case 'pathParameters':
    case 'params':
      return field(t, key, { sources: Source.path, objectCapable: false })
    case 'cookies':
    case 'signedCookies':
      return { shape: 'cookies', ...field(t, key, { sources: Source.cookie }) }
    case 'requestContext':
      return { shape: 'lambda-event', ...field(t, key) }
    case 'req':
    case 'request':
      return { shape: 'request', ...field(t, key) }
    case 'Records':
      return field(t, key, { objectCapable: true })
    default:
      if (IDENTITY_KEYS.has(key)) return IDENTITY
      if (PLATFORM_KEYS.has(key)) return UNKNOWN
      return field(t, key)
  }
}

/**
 * The result of calling a method of a request (`req.get('cookie')`, `c.req.query('q')`,
 * `await c.req.json()`, `headers.get('origin')`), or `undefined` when it is not one.
 *
 * @example
 * callSourceMethod({ shape: 'request', taint }, 'header', 'Cookie') // cookie-tainted
 */
export function callSourceMethod(
  receiver: Value,
  name: string,
  firstArg: string | undefined,
): Value | undefined {
  const t = receiver.taint
  if (receiver.shape === 'headers' && name === 'get') {
    return firstArg
      ? readSourceMember(receiver, firstArg)
      : field(t, 'get()', { sources: Source.headers })
  }
  if (receiver.shape === 'cookies' && name === 'get')
    return field(t, firstArg ?? '[]', { sources: Source.cookie })
  if (receiver.shape !== 'request' && receiver.shape !== 'lambda-event') return undefined
  switch (name) {
    case 'get':
    case 'header':
      if (firstArg?.toLowerCase() === 'cookie')
        return field(t, `${name}(cookie)`, { sources: Source.cookie })
      return field(t, `${name}(${firstArg ?? ''})`, { sources: Source.headers })
    case 'cookie':
      return field(t, `cookie(${firstArg ?? ''})`, { sources: Source.cookie })
    case 'param':
      return field(t, `param(${firstArg ?? ''})`, { sources: Source.path })
    case 'query':
    case 'queries':
      return field(t, `query(${firstArg ?? ''})`, { sources: Source.query })
    case 'json':
    case 'text':
    case 'parseBody':
    case 'formData':
    case 'arrayBuffer':
    case 'blob':
      return field(t, `${name}()`, { sources: Source.body, whole: Whole.body, objectCapable: true })
    case 'valid':
      return UNKNOWN
    default:
      return undefined
  }
}
