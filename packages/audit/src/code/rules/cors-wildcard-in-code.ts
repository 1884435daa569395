import type { CodeRule, Site } from '../rule.js'
import { deepTaint, Source, type Value } from '../values.js'
import { callsModuleItself, OWASP, PRACTICE } from './support.js'

const ORIGIN = 'access-control-allow-origin'
const CREDENTIALS = 'access-control-allow-credentials'
const HEADER_SETTERS = new Set(['setHeader', 'header', 'set', 'append', 'writeHead'])

function truthy(v: Value | undefined): boolean {
  return v !== undefined && (v.lit === true || v.str?.toLowerCase() === 'true')
}

/** `Access-Control-Allow-Origin: *` (or the request's Origin echoed) set in code, and the `cors()` middleware left open. */
export const corsWildcardInCode: CodeRule = {
  meta: {
    id: 'cors-wildcard-in-code',
    title: 'Any origin allowed by CORS headers in code',
    category: 'cors-wildcard',
    severity: 'medium',
    practice: PRACTICE.cors,
    owasp: OWASP.misconfiguration,
    docs: {
      what: "A response that sets `Access-Control-Allow-Origin: *`, echoes the request's Origin, or uses the `cors` middleware with its default (any origin).",
      why: "Any web page can then call the API from its visitors' browsers; with credentials allowed, it does so as the signed-in user.",
      fix: "Answer with the Origin only when it is in an allowlist of your front ends (the guard's `cors: { origins: [...] }`), and send `Vary: Origin`.",
      bad: "return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body }",
      good: "const allowed = new Set(['https://app.example.com'])\nconst origin = allowed.has(event.headers.origin) ? event.headers.origin : 'https://app.example.com'\nreturn { statusCode: 200, headers: { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }, body }",
    },
  },
  create(ctx) {
    // A handler repeats its headers on every return (200, 400, 500): one finding per file and
    // message says it; the other responses get the same fix.
    const reported = new Set<string>()
    const report = (site: Site, message: string, severity?: 'high' | 'medium') => {
      const key = `${site.module.file}\n${message}`
      if (reported.has(key)) return
      reported.add(key)
      ctx.report(site, message, severity)
    }
    const judge = (site: Site, origin: Value, credentials: boolean) => {
      if (origin.str === '*') {
        if (credentials)
          report(site, 'Access-Control-Allow-Origin is * with credentials allowed.', 'high')
        else
          report(
            site,
            "Access-Control-Allow-Origin is *: any web page can call this API from its visitors' browsers.",
          )
        return
      }
      const t = deepTaint(origin)
      if (t && (t.sources & Source.headers) !== 0 && /origin|referer/i.test(t.origin)) {
        if (credentials)
          report(
            site,
            "The request's Origin is echoed in Access-Control-Allow-Origin with credentials allowed: any site can call the API as the user.",
            'high',
          )
        else
          report(
            site,
            "The request's Origin is echoed in Access-Control-Allow-Origin without an allowlist: the same as *.",
          )
      }
    }
    return {
      object(site) {
        let origin: { value: Value; node: Site['node'] } | undefined
        let credentials = false
        for (const [key, entry] of site.props) {
          const lower = key.toLowerCase()
          if (lower === ORIGIN) origin = entry
          else if (lower === CREDENTIALS) credentials = truthy(entry.value)
        }
        if (origin) judge({ module: site.module, node: origin.node }, origin.value, credentials)
      },
      call(site) {
        if (callsModuleItself(site, 'cors')) {
          const options = site.args[0]
          const origin = options?.props?.get('origin')
          const credentials = truthy(options?.props?.get('credentials'))
          if (options === undefined) report(site, 'cors() without options allows every origin.')
          else if (origin?.str === '*') judge(site, origin, credentials)
          else if (origin?.lit === true) {
            report(
              site,
              credentials
                ? 'cors({ origin: true, credentials: true }) echoes any Origin with credentials.'
                : 'cors({ origin: true }) echoes any Origin.',
              credentials ? 'high' : 'medium',
            )
          }
          return
        }
        if (callsModuleItself(site, '@middy/http-cors')) {
          const origin = site.args[0]?.props?.get('origin')
          if (origin?.str === '*')
            judge(site, origin, truthy(site.args[0]?.props?.get('credentials')))
          return
        }
        const isResponse =
          site.receiver?.shape === 'response' ||
          /^(?:res|response|reply|ctx|c)$/.test(site.receiverName ?? '')
        if (!isResponse || !HEADER_SETTERS.has(site.name)) return
        const name = site.args[0]?.str?.toLowerCase()
        if (name === ORIGIN && site.args[1]) judge(site, site.args[1], false)
      },
    }
  },
}
