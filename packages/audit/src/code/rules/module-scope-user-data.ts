import type { CodeRule, StoreSite } from '../rule.js'
import { deepTaint, type Value } from '../values.js'
import { calleeModule, OWASP, PRACTICE } from './support.js'

/** Names of variables that hold who the caller is or what they sent. */
const USER_NAMES =
  /^(?:current|last|cached|the)?_?(?:user|users|session|claims|principal|identity|customer|account|profile|caller|tenant|request|req|event|body|payload|input|email|username|userId)s?$/i
const MUTATORS = new Set(['set', 'push', 'unshift', 'add', 'setItem', 'append', 'splice'])
const FS_WRITES =
  /^(?:writeFile|appendFile|createWriteStream|outputFile|outputJson|writeJson)(?:Sync)?$/

function userData(value: Value): boolean {
  return deepTaint(value) !== undefined || value.identity === true
}

/** Request data kept in module-level variables (they outlive the invocation) or written to /tmp. */
export const moduleScopeUserData: CodeRule = {
  meta: {
    id: 'module-scope-user-data',
    title: 'Request data kept in module scope or /tmp',
    category: 'module-scope-user-data',
    severity: 'high',
    practice: PRACTICE.moduleScope,
    owasp: OWASP.dataExposure,
    docs: {
      what: "A handler that stores request data or the caller's identity in a module-level variable or collection, or writes it to /tmp.",
      why: 'Lambda reuses the execution environment: module scope and /tmp survive into the next invocation, which may serve another user — their data leaks across requests.',
      fix: "Keep per-request data in local variables inside the handler (or the guard's per-invocation `ctx`); cache only data that is the same for every caller, such as clients and configuration.",
      bad: 'let currentUser\nexport const handler = async (event) => {\n  currentUser = event.requestContext.authorizer.claims\n  return getOrders()\n}',
      good: 'export const handler = async (event) => {\n  const user = event.requestContext.authorizer.claims\n  return getOrders(user)\n}',
    },
  },
  create(ctx) {
    const report = (site: StoreSite, what: string) =>
      ctx.report(
        { module: site.module, node: site.node },
        `${what} is kept in module scope, where it outlives the invocation and can leak to the next caller.`,
      )
    return {
      store(site) {
        if (ctx.mode() !== 'handler' || !site.moduleScope || !site.isAssignment) return
        const target = site.objectName ? `${site.objectName}.${site.name}` : site.name
        if (userData(site.value)) report(site, `Request data (in \`${target}\`)`)
        else if (
          !site.objectName &&
          USER_NAMES.test(site.name) &&
          site.value.str === undefined &&
          site.value.lit === undefined
        ) {
          report(site, `\`${site.name}\``)
        }
      },
      call(site) {
        if (ctx.mode() !== 'handler') return
        if (
          site.receiverIsModuleScope &&
          MUTATORS.has(site.name) &&
          !/log|trac|metric|span/i.test(site.receiverName ?? '')
        ) {
          if (site.args.some(userData)) {
            ctx.report(
              site,
              `Request data is added to \`${site.receiverName}\`, a module-level collection that outlives the invocation.`,
            )
          }
          return
        }
        const module = calleeModule(site)
        if ((module === 'fs' || module === 'fs-extra') && FS_WRITES.test(site.name)) {
          const path = site.args[0]
          const inTmp = /^\/tmp(?:\/|$)/.test(path?.str ?? path?.prefix ?? '')
          const data = site.args[1]
          if (inTmp && data && userData(data)) {
            ctx.report(
              site,
              "Request data is written to /tmp, which the next invocation (maybe another user's) can read.",
            )
          }
        }
      },
    }
  },
}
