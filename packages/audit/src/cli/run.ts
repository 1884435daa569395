import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { audit, exitCodeFor } from '../audit.js'
import { SEVERITIES, type Severity } from '../findings.js'
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../report/index.js'
import { BulwarkConfigError, parseBaseline } from '../suppress/index.js'
import { VERSION } from '../version.js'
import { HELP, POLICY_HELP, RULES_HELP } from './help.js'
import { PolicyUsageError, policyCommand } from './policy-command.js'
import { formatRules, RULES_FORMATS, type RulesFormat } from './rules-command.js'

/** Where the CLI writes, so tests run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly env: Readonly<Record<string, string | undefined>>
  readonly isTTY: boolean
  readonly cwd: string
}

class UsageError extends Error {}

/**
 * Runs the `bulwark` command line and returns its exit code: 0 nothing at or above
 * `--fail-on`, 1 findings at or above it, 2 the audit could not run (bad arguments, bad
 * config, nothing to audit).
 *
 * @example
 * const code = runCli(['audit', '.', '--format', 'json'], io)
 */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    const [command, ...rest] = argv
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(HELP)
        return command === undefined ? 2 : 0
      case '-v':
      case '--version':
        io.stdout(`${VERSION}\n`)
        return 0
      case 'audit':
        return runAudit(rest, io)
      case 'rules':
        return runRules(rest, io)
      case 'policy':
        return runPolicy(rest, io)
      default:
        throw new UsageError(`unknown command \`${command}\``)
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof PolicyUsageError ||
      error instanceof BulwarkConfigError ||
      isArgError(error)
    ) {
      io.stderr(`bulwark: ${(error as Error).message}\nRun \`bulwark --help\` for usage.\n`)
      return 2
    }
    io.stderr(
      `bulwark: the audit could not run: ${error instanceof Error ? error.message : String(error)}\n`,
    )
    return 2
  }
}

function isArgError(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    String((error as { code?: string }).code ?? '').startsWith('ERR_PARSE_ARGS')
  )
}

function runAudit(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      'fail-on': { type: 'string', default: 'low' },
      baseline: { type: 'string' },
      'npm-audit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help === true) {
    io.stdout(HELP)
    return 0
  }
  if (positionals.length > 1)
    throw new UsageError(`audit takes one folder, got ${positionals.length}`)
  const format = values.format as string
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got \`${format}\``)
  }
  const failOn = values['fail-on'] as string
  if (!(SEVERITIES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, got \`${failOn}\``)
  }
  const dir = resolve(io.cwd, positionals[0] ?? '.')
  let baseline: ReturnType<typeof parseBaseline> | undefined
  if (values.baseline !== undefined) {
    const path = resolve(io.cwd, values.baseline)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (error) {
      throw new UsageError(
        `--baseline ${values.baseline} cannot be read: ${(error as Error).message}`,
      )
    }
    baseline = parseBaseline(text, values.baseline)
  }
  let npmAudit: string | undefined
  if (values['npm-audit'] !== undefined) {
    try {
      npmAudit = readFileSync(resolve(io.cwd, values['npm-audit']), 'utf8')
    } catch (error) {
      throw new UsageError(
        `--npm-audit ${values['npm-audit']} cannot be read: ${(error as Error).message}`,
      )
    }
  }
  const showProgress = io.isTTY && io.env.CI === undefined
  let started = Date.now()
  const result = audit(dir, {
    ...(baseline === undefined ? {} : { baseline }),
    ...(npmAudit === undefined ? {} : { npmAudit }),
    progress: (message) => {
      // Only large projects say what they are doing, and at most twice a second.
      if (showProgress && Date.now() - started > 500) {
        started = Date.now()
        io.stderr(`bulwark: ${message}\n`)
      }
    },
  })
  const color = format === 'text' && io.isTTY && values.output === undefined && noColorUnset(io.env)
  const text = formatReport(result, format as ReportFormat, { color })
  if (values.output === undefined) io.stdout(text)
  else writeFileSync(resolve(io.cwd, values.output), text)
  if (result.audited.services === 0) {
    io.stderr(
      `bulwark: nothing to audit in ${dir}: no serverless.yml, SAM/CloudFormation template or cdk.out found${result.findings.length > 0 ? ' that could be read' : ''}\n`,
    )
  }
  return exitCodeFor(result, failOn as Severity)
}

function noColorUnset(env: CliIo['env']): boolean {
  return env.NO_COLOR === undefined || env.NO_COLOR === ''
}

function runPolicy(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'yaml' },
      function: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help === true) {
    io.stdout(POLICY_HELP)
    return 0
  }
  if (positionals.length > 1)
    throw new UsageError(`policy takes one folder, got ${positionals.length}`)
  const dir = resolve(io.cwd, positionals[0] ?? '.')
  const { text, notes } = policyCommand(dir, {
    format: values.format as 'yaml' | 'json',
    ...(values.function === undefined ? {} : { functionName: values.function }),
  })
  io.stdout(text)
  for (const note of notes) io.stderr(`bulwark: note: ${note}\n`)
  return 0
}

function runRules(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  if (values.help === true) {
    io.stdout(RULES_HELP)
    return 0
  }
  if (positionals.length > 0) throw new UsageError('rules takes no arguments')
  const format = values.format as string
  if (!(RULES_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${RULES_FORMATS.join(', ')}, got \`${format}\``)
  }
  io.stdout(formatRules(format as RulesFormat))
  return 0
}
