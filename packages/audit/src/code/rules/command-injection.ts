import type { CodeRule } from '../rule.js'
import { Danger, deepTaint, type Value } from '../values.js'
import { apiName, calleeModule, dangerousArg, OWASP, origin, PRACTICE } from './support.js'

const SHELL_ALWAYS = new Set([
  'exec',
  'execSync',
  'execCommand',
  'execaCommand',
  'execaCommandSync',
])
const SPAWNERS = new Set([
  'spawn',
  'spawnSync',
  'execFile',
  'execFileSync',
  'fork',
  'execa',
  'execaSync',
  'execaNode',
])
const COMMAND_MODULES = new Set([
  'child_process',
  'execa',
  'shelljs',
  'child-process-promise',
  'cross-spawn',
  'promisify-child-process',
  'zx',
])
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|zsh|dash|cmd(?:\.exe)?|powershell|pwsh)$/

function shellOption(v: Value | undefined): boolean {
  const shell = v?.props?.get('shell')
  return shell !== undefined && (shell.lit === true || shell.str !== undefined)
}

/** child_process and shell wrappers running a command built from the event. */
export const commandInjection: CodeRule = {
  meta: {
    id: 'command-injection',
    title: 'Shell command built from event data',
    category: 'command-injection',
    severity: 'critical',
    practice: PRACTICE.injection,
    owasp: OWASP.injection,
    docs: {
      what: 'A shell command built from event data: `exec`/`execSync`, or `spawn`/`execFile` with `shell: true` or a shell as the program.',
      why: "Shell metacharacters in the input (`;`, `|`, `$()`) run the attacker's commands with the function's role — the classic way serverless functions leak their credentials from the environment.",
      fix: 'Use `execFile`/`spawn` with a fixed program and the input as a separate argument, without a shell; validate the input against an allowlist first.',
      bad: "const { execSync } = require('child_process')\nexports.handler = async (event) => {\n  execSync(`convert /tmp/in.png -resize ${event.queryStringParameters.size} /tmp/out.png`)\n}",
      good: "const { execFileSync } = require('child_process')\nexports.handler = async (event) => {\n  const size = Number.parseInt(event.queryStringParameters.size, 10)\n  execFileSync('convert', ['/tmp/in.png', '-resize', String(size), '/tmp/out.png'])\n}",
    },
  },
  create(ctx) {
    return {
      call(site) {
        const name = apiName(site)
        const module = calleeModule(site)
        const known = module !== undefined && COMMAND_MODULES.has(module)
        if (!known && !(site.receiverName === 'shell' && name === 'exec')) return
        if (SHELL_ALWAYS.has(name) || (module === 'shelljs' && name === 'exec')) {
          const t = dangerousArg(site, 0, Danger.command)
          if (t)
            ctx.report(
              site,
              `${origin(t)} reaches ${name}(), which runs it in a shell: command injection.`,
            )
          return
        }
        if (!SPAWNERS.has(name) && !(module === 'execa' && name === '')) return
        const program = site.args[0]
        const programTaint = dangerousArg(site, 0, Danger.command)
        if (programTaint) {
          ctx.report(
            site,
            `${origin(programTaint)} chooses the program ${name}() runs: command injection.`,
          )
          return
        }
        const argsTaint = site.args[1] ? deepTaint(site.args[1]) : undefined
        if (!argsTaint || (argsTaint.danger & Danger.command) === 0) return
        const viaShell =
          shellOption(site.args[2]) ||
          shellOption(site.args[1]) ||
          (program?.str !== undefined && SHELLS.test(program.str))
        if (viaShell)
          ctx.report(
            site,
            `${origin(argsTaint)} reaches ${name}() through a shell: command injection.`,
          )
      },
    }
  },
}
