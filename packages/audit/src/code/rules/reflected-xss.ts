import type { CodeRule } from '../rule.js'
import { Danger, deepTaint, type Value } from '../values.js'
import { OWASP, origin, PRACTICE } from './support.js'

const WRITE_METHODS = new Set(['send', 'write', 'end', 'html'])

function htmlContentType(headers: Value | undefined): boolean {
  if (!headers?.props) return false
  for (const [key, v] of headers.props) {
    if (key.toLowerCase() === 'content-type' && v.str !== undefined && /html/i.test(v.str))
      return true
  }
  return false
}

/** HTML responses built from event data without escaping. */
export const reflectedXss: CodeRule = {
  meta: {
    id: 'reflected-xss',
    title: 'HTML response with unescaped request data',
    category: 'xss',
    severity: 'high',
    practice: PRACTICE.injection,
    owasp: OWASP.xss,
    docs: {
      what: 'An HTML response (a `text/html` body, markup in a template, or a string sent with Express `res.send`) that includes request data without escaping.',
      why: "Markup in the input runs as script in the victim's browser on your domain: sessions and data are stolen through a link.",
      fix: 'Return JSON, or escape every value put into HTML (a template engine that escapes by default, `he.encode`, `escape-html`).',
      bad: "return { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: `<h1>Hello ${event.queryStringParameters.name}</h1>` }",
      good: "import escapeHtml from 'escape-html'\nreturn { statusCode: 200, headers: { 'Content-Type': 'text/html' }, body: `<h1>Hello ${escapeHtml(event.queryStringParameters.name)}</h1>` }",
    },
  },
  create(ctx) {
    return {
      object(site) {
        const body = site.props.get('body')
        if (!body) return
        const t = deepTaint(body.value)
        if (!t || (t.danger & Danger.xss) === 0) return
        if (body.value.html || htmlContentType(site.props.get('headers')?.value)) {
          ctx.report(
            { module: site.module, node: body.node },
            `${origin(t)} is put into an HTML response without escaping: reflected XSS.`,
          )
        }
      },
      call(site) {
        if (site.receiver?.shape !== 'response' || !WRITE_METHODS.has(site.name)) return
        const arg = site.args[0]
        const t = arg ? deepTaint(arg) : undefined
        if (!t || (t.danger & Danger.xss) === 0 || arg?.props || (t.whole !== 0 && !arg?.html))
          return
        const severity = arg?.html || site.name === 'html' ? 'high' : 'medium'
        ctx.report(
          site,
          `${origin(t)} is sent as the response body (text/html by default) without escaping: reflected XSS.`,
          severity,
        )
      },
    }
  },
}
