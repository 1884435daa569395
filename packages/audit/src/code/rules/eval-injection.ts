import type { CodeRule } from '../rule.js'
import { Danger, deepTaint } from '../values.js'
import { calleeModule, isGlobal, OWASP, origin, PRACTICE } from './support.js'

const VM_RUNNERS = new Set([
  'runInNewContext',
  'runInThisContext',
  'runInContext',
  'compileFunction',
  'Script',
])
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate'])

/** eval, `new Function`, `vm.run*` and string timers with code that is not a constant. */
export const evalInjection: CodeRule = {
  meta: {
    id: 'eval-injection',
    title: 'Code evaluated from strings (eval, new Function, vm)',
    category: 'eval-or-code-injection',
    severity: 'high',
    practice: PRACTICE.defensive,
    owasp: OWASP.injection,
    docs: {
      what: 'Code built at run time and executed: `eval`, `new Function`, `vm.run*`, or a string passed to `setTimeout`/`setInterval`.',
      why: 'When any part of the code comes from the event, an attacker runs JavaScript inside the function, with its IAM role and its secrets.',
      fix: 'Do not evaluate strings. Parse data with `JSON.parse`, look behaviour up in a map of functions, and pass functions, not strings, to timers.',
      bad: 'export const handler = async (event) => {\n  const result = eval(event.queryStringParameters.expr)\n  return { statusCode: 200, body: String(result) }\n}',
      good: "const operations = { add: (a, b) => a + b }\nexport const handler = async (event) => {\n  const { op, a, b } = JSON.parse(event.body)\n  const fn = operations[op]\n  if (!fn) return { statusCode: 400, body: 'unknown op' }\n  return { statusCode: 200, body: String(fn(Number(a), Number(b))) }\n}",
    },
  },
  create(ctx) {
    return {
      call(site) {
        let code = site.args[0]
        let what: string
        if (isGlobal(site, 'eval') && !site.isNew) what = 'eval()'
        else if (isGlobal(site, 'Function')) {
          code = site.args[site.args.length - 1]
          what = 'new Function()'
        } else if (calleeModule(site) === 'vm' && VM_RUNNERS.has(site.name))
          what = `vm.${site.name}()`
        else if (
          TIMERS.has(site.name) &&
          (isGlobal(site, site.name) || calleeModule(site) === 'timers')
        ) {
          if (code === undefined || code.fns || (code.str === undefined && !code.taint)) return
          what = `${site.name}() with a string`
        } else return
        if (code === undefined || code.str !== undefined) {
          if (what.endsWith('with a string'))
            ctx.report(site, `${what} evaluates the string as code: pass a function.`, 'medium')
          return
        }
        const t = deepTaint(code)
        if (t && (t.danger & Danger.code) !== 0) {
          ctx.report(
            site,
            `${origin(t)} reaches ${what}: an attacker can run code in the function.`,
            'critical',
          )
        } else if (!code.fns) {
          ctx.report(site, `${what} runs code that is not a constant.`, 'medium')
        }
      },
    }
  },
}
