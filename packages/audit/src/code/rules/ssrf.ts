import type { CodeRule } from '../rule.js'
import { Danger, deepTaint, type Taint, type Value } from '../values.js'
import { calleeModule, isGlobal, OWASP, origin, PRACTICE } from './support.js'

const HTTP_MODULES = new Set([
  'axios',
  'got',
  'node-fetch',
  'undici',
  'request',
  'request-promise',
  'request-promise-native',
  'superagent',
  'needle',
  'http',
  'https',
  'ky',
  'cross-fetch',
  'isomorphic-fetch',
  'phin',
  'bent',
  'wretch',
  'ofetch',
])

const HTTP_METHODS = new Set([
  '',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
  'options',
  'request',
  'fetch',
  'stream',
  'default',
])

function urlTaint(v: Value | undefined): Taint | undefined {
  if (v === undefined || v.fixedHost || v.str !== undefined) return undefined
  if (v.props) {
    for (const key of ['url', 'baseURL', 'host', 'hostname', 'uri']) {
      const found = urlTaint(v.props.get(key))
      if (found) return found
    }
    return undefined
  }
  const t = deepTaint(v)
  return t && (t.danger & Danger.ssrf) !== 0 && t.whole === 0 ? t : undefined
}

/** HTTP requests to a URL whose host comes from the event. */
export const ssrf: CodeRule = {
  meta: {
    id: 'ssrf',
    title: 'Outgoing request to a URL from the event',
    category: 'ssrf',
    severity: 'high',
    practice: PRACTICE.injection,
    owasp: OWASP.accessControl,
    docs: {
      what: 'An outgoing HTTP request (fetch, axios, got, http.request, …) whose URL or host is taken from the event.',
      why: "The caller points the function at internal services or at the instance metadata and credentials endpoints, with the function's network position and role.",
      fix: 'Fix the scheme and host in code and put only validated path segments or query values from the event into the URL; check hosts against an allowlist.',
      bad: 'export const handler = async (event) => {\n  const res = await fetch(event.queryStringParameters.url)\n  return { statusCode: 200, body: await res.text() }\n}',
      good: 'export const handler = async (event) => {\n  const id = encodeURIComponent(event.pathParameters.id)\n  const res = await fetch(`https://api.example.com/items/${id}`)\n  return { statusCode: 200, body: await res.text() }\n}',
    },
  },
  create(ctx) {
    return {
      call(site) {
        const module = calleeModule(site)
        const path = site.callee.api?.path ?? []
        const last = path[path.length - 1]
        const direct = path.length === 0 || (path.length === 1 && last === 'default')
        const client =
          isGlobal(site, 'fetch') ||
          (module !== undefined &&
            HTTP_MODULES.has(module) &&
            (direct || HTTP_METHODS.has(last ?? ''))) ||
          (module === undefined && site.receiverName === 'axios' && HTTP_METHODS.has(site.name))
        if (!client) return
        const t = urlTaint(site.args[0])
        if (t)
          ctx.report(
            site,
            `${origin(t)} decides where ${site.name || module}() sends its request: server-side request forgery.`,
          )
      },
    }
  },
}
