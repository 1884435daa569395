import type { CodeRule } from '../rule.js'
import { isAuthCall } from './auth-calls.js'
import { OWASP, PRACTICE } from './support.js'

const CREDENTIAL_HEADERS =
  /^(?:authorization|x-api-key|x-auth-token|x-access-token|cookie|x-amz-security-token)$/i
const AUTH_WRAPPERS = /guard|auth|jwt|cognito|passport|clerk|session/i

/** An HTTP handler on a route the template leaves open that never checks who is calling. */
export const missingAuthInCode: CodeRule = {
  meta: {
    id: 'missing-auth-in-code',
    title: 'Open HTTP route whose handler never checks the caller',
    category: 'missing-auth',
    severity: 'high',
    practice: PRACTICE.auth,
    owasp: OWASP.accessControl,
    docs: {
      what: 'A function behind an HTTP route with no authorizer whose code never reads credentials (Authorization header, API key, session) or verifies a token.',
      why: 'Nothing stands between the Internet and the function: anyone who finds the URL can call it.',
      fix: 'Add an authorizer to the route, wrap the handler with the guard (`guard.http({ auth: {...} }, fn)`), or declare the route public in the bulwark config with a reason if it is meant to be.',
      bad: 'export const handler = async (event) => deleteOrder(event.pathParameters.id)',
      good: "export const handler = guard.http({ auth: { permissions: ['orders:delete'] } }, async (req) => deleteOrder(req.params.id))",
    },
  },
  create(ctx) {
    let checked = false
    return {
      read(site) {
        if (ctx.mode() !== 'handler' || checked) return
        if (site.value.identity) checked = true
        else if (
          site.object.shape === 'headers' &&
          site.key !== undefined &&
          CREDENTIAL_HEADERS.test(site.key)
        )
          checked = true
        else if (
          site.object.shape === 'lambda-event' &&
          (site.key === 'authorizationToken' || site.key === 'cookies')
        )
          checked = true
      },
      call(site) {
        if (ctx.mode() !== 'handler' || checked) return
        if (isAuthCall(site)) checked = true
        else if (
          (site.name === 'get' || site.name === 'header') &&
          site.args[0]?.str &&
          CREDENTIAL_HEADERS.test(site.args[0].str)
        )
          checked = true
      },
      finish(site) {
        const handler = ctx.handler()
        const open = handler?.routes?.filter((r) => !r.authorizer && !r.declaredPublic) ?? []
        const wrapper = handler?.wrapper
        if (!checked && open.length > 0 && !(wrapper && AUTH_WRAPPERS.test(wrapper))) {
          const route = open[0]
          const where =
            route?.method || route?.path
              ? ` (${[route?.method, route?.path].filter(Boolean).join(' ')})`
              : ''
          ctx.report(
            site,
            `This handler's route${where} has no authorizer and the code never checks the caller's credentials.`,
          )
        }
        checked = false
      },
    }
  },
}
