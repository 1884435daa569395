import type { AnyNode } from '../ast.js'
import { unwrapExpression } from '../ast.js'
import type { CallSite, CodeRule } from '../rule.js'
import { deepTaint, type Value, Whole } from '../values.js'
import {
  argNode,
  calleeModule,
  isGlobal,
  isSensitiveName,
  nameOf,
  OWASP,
  PRACTICE,
} from './support.js'

const LOG_METHODS = new Set([
  'log',
  'info',
  'debug',
  'warn',
  'warning',
  'error',
  'trace',
  'fatal',
  'critical',
  'verbose',
  'silly',
  'notice',
  'dir',
])
const LOG_MODULES = new Set([
  'pino',
  'winston',
  'bunyan',
  '@aws-lambda-powertools/logger',
  'log4js',
  'loglevel',
  'lambda-log',
  'npmlog',
  'signale',
  'consola',
  'debug',
])

function isLogCall(site: CallSite): boolean {
  if (!LOG_METHODS.has(site.name)) return false
  if (isGlobal(site, 'console', site.name)) return true
  const module = calleeModule(site)
  if (module !== undefined && LOG_MODULES.has(module)) return true
  const receiver = site.receiverName ?? ''
  return (
    /^(?:_?log(?:ger)?|console|pino|winston|bunyan)$/i.test(receiver) ||
    /Logger$|Log$/.test(receiver)
  )
}

/** The sensitive name an argument shows, if any: `password`, `body.token`, `{ apiKey }`, `${secret}`. */
function sensitiveIn(node: AnyNode | undefined, depth = 0): string | undefined {
  if (node === undefined || depth > 3) return undefined
  const n = unwrapExpression(node)
  switch (n.type) {
    case 'Identifier':
    case 'MemberExpression': {
      const name = nameOf(n)
      return name !== undefined && isSensitiveName(name) ? name : undefined
    }
    case 'ObjectExpression':
      for (const prop of n.properties as AnyNode[]) {
        if (prop.type !== 'Property') continue
        const value = unwrapExpression(prop.value)
        if (value.type === 'Literal') continue
        const key = prop.key.type === 'Identifier' ? prop.key.name : prop.key.value
        if (typeof key === 'string' && isSensitiveName(key)) return key
        const inner = sensitiveIn(value, depth + 1)
        if (inner) return inner
      }
      return undefined
    case 'TemplateLiteral':
      for (const e of n.expressions as AnyNode[]) {
        const inner = sensitiveIn(e, depth + 1)
        if (inner) return inner
      }
      return undefined
    case 'BinaryExpression':
      return n.operator === '+'
        ? (sensitiveIn(n.left, depth + 1) ?? sensitiveIn(n.right, depth + 1))
        : undefined
    case 'CallExpression': {
      const callee = unwrapExpression(n.callee)
      const isStringify = callee.type === 'MemberExpression' && nameOf(callee) === 'stringify'
      return isStringify ? sensitiveIn(n.arguments[0], depth + 1) : undefined
    }
    default:
      return undefined
  }
}

/** `process.env` itself (not one variable of it), alone, in an object, a template or stringified. */
function wholeEnvironmentIn(node: AnyNode | undefined, depth = 0): boolean {
  if (node === undefined || depth > 3) return false
  const n = unwrapExpression(node)
  switch (n.type) {
    case 'MemberExpression': {
      const object = unwrapExpression(n.object)
      return (
        !n.computed &&
        object.type === 'Identifier' &&
        object.name === 'process' &&
        n.property.type === 'Identifier' &&
        n.property.name === 'env'
      )
    }
    case 'ObjectExpression':
      return (n.properties as AnyNode[]).some((p) =>
        p.type === 'Property'
          ? wholeEnvironmentIn(p.value, depth + 1)
          : p.type === 'SpreadElement' && wholeEnvironmentIn(p.argument, depth + 1),
      )
    case 'TemplateLiteral':
      return (n.expressions as AnyNode[]).some((e) => wholeEnvironmentIn(e, depth + 1))
    case 'BinaryExpression':
      return (
        n.operator === '+' &&
        (wholeEnvironmentIn(n.left, depth + 1) || wholeEnvironmentIn(n.right, depth + 1))
      )
    case 'CallExpression': {
      const callee = unwrapExpression(n.callee)
      const isStringify = callee.type === 'MemberExpression' && nameOf(callee) === 'stringify'
      return isStringify && wholeEnvironmentIn(n.arguments[0], depth + 1)
    }
    default:
      return false
  }
}

/** Request data read from a credential field (`event.authorizationToken`, `headers.cookie`). */
function sensitiveOrigin(value: Value | undefined): string | undefined {
  const t = value ? deepTaint(value) : undefined
  if (!t || t.danger === 0) return undefined
  const segment = t.origin.split(/[.[\]()]+/).find((part) => part !== '' && isSensitiveName(part))
  return segment === undefined ? undefined : t.origin
}

function wholeName(whole: number): string | undefined {
  if (whole & Whole.event) return 'the whole event'
  if (whole & Whole.request) return 'the whole request'
  if (whole & Whole.headers) return 'all request headers'
  if (whole & Whole.body) return 'the whole request body'
  return undefined
}

/** Logs that print the whole event, body or headers, or values named like passwords and tokens. */
export const sensitiveLogging: CodeRule = {
  meta: {
    id: 'sensitive-logging',
    title: 'Whole event, headers or secrets written to logs',
    category: 'sensitive-logging',
    severity: 'medium',
    practice: PRACTICE.userData,
    owasp: OWASP.dataExposure,
    docs: {
      what: 'A log line that prints the whole event, request body or headers, the whole environment (`process.env`), or a value named like a password, token, secret or card number.',
      why: 'Logs are kept for months, read by many people and shipped to other services: the Authorization header, cookies, passwords and personal data in the body end up there in clear text.',
      fix: "Log the fields you need (request id, route, user id), never the whole event; leave secrets out or redact them (the guard's logger redacts by default).",
      bad: "export const handler = async (event) => {\n  console.log('event', JSON.stringify(event))\n  const { email, password } = JSON.parse(event.body)\n  logger.info('login', { email, password })\n}",
      good: "export const handler = async (event) => {\n  console.log('request', event.requestContext.requestId, event.routeKey)\n  const { email } = JSON.parse(event.body)\n  logger.info('login', { email })\n}",
    },
  },
  create(ctx) {
    return {
      call(site) {
        if (!isLogCall(site)) return
        for (let i = 0; i < site.args.length; i++) {
          if (wholeEnvironmentIn(argNode(site, i))) {
            ctx.report(
              site,
              'Logs the whole environment (`process.env`): every secret the function was given ends up in the logs.',
              'high',
            )
            return
          }
          const whole = wholeName(deepTaint(site.args[i] ?? {})?.whole ?? 0)
          if (whole) {
            ctx.report(site, `Logs ${whole}: headers, tokens and personal data end up in the logs.`)
            return
          }
          const name = sensitiveIn(argNode(site, i)) ?? sensitiveOrigin(site.args[i])
          if (name) {
            ctx.report(site, `Logs \`${name}\`, which holds a secret or sensitive value.`, 'high')
            return
          }
        }
      },
    }
  },
}
