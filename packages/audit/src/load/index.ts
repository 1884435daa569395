import { posix } from 'node:path'
import type { Project, Service } from '../model/types.js'
import { loadTemplate } from './cloudformation/load-template.js'
import { LoadContext } from './context.js'
import { discover, looksLikeTemplate } from './discover.js'
import type { LoadProblem } from './problems.js'
import { ProjectFs } from './project-fs.js'
import { loadServerless } from './serverless/load-serverless.js'
import { readServerlessScript } from './serverless/static-script.js'

export type { LoadProblem } from './problems.js'
export { ProjectFs } from './project-fs.js'

export interface LoadOptions {
  /** The moment the audit runs (date-based rules); defaults to now. */
  readonly now?: Date
  /** Called with a line of progress for large projects (the CLI prints it on stderr). */
  readonly progress?: (message: string) => void
}

export interface LoadedProject {
  readonly project: Project
  readonly problems: readonly LoadProblem[]
  /** Config files found, read or not: zero means there was nothing to audit. */
  readonly configFiles: readonly string[]
}

/**
 * Finds and reads every service under `dir`: serverless.yml (and statically read
 * serverless.ts/js), SAM and CloudFormation templates, CDK output. Nothing outside `dir` is read
 * and no project code runs. A file that cannot be read becomes a problem; the rest still loads.
 *
 * @example
 * const { project, problems } = loadProject('./my-service')
 */
export function loadProject(dir: string, options: LoadOptions = {}): LoadedProject {
  const fs = new ProjectFs(dir)
  const ctx = new LoadContext(fs)
  const files = fs.walk()
  const found = discover(files)
  const services: Service[] = []
  const progress = options.progress ?? (() => {})

  const dataDirs = new Set(found.serverless.map((f) => posix.dirname(f)))
  for (const file of found.serverless) {
    progress(`reading ${file}`)
    const root = ctx.parseFile(file)
    if (root === undefined) continue
    services.push(loadServerless(ctx, file, root))
  }
  const scripts = found.serverlessScripts.filter((f) => !dataDirs.has(posix.dirname(f)))
  for (const file of scripts) {
    progress(`reading ${file} (statically)`)
    const root = readServerlessScript(ctx, file)
    if (root === undefined) continue
    services.push(loadServerless(ctx, file, root))
  }
  // Files a serverless.yml includes with ${file()} are part of it, not templates of their own.
  const included = new Set(fs.readFiles())
  for (const file of found.templateCandidates) {
    if (included.has(file)) continue
    const read = fs.readText(file)
    if (!read.ok || !looksLikeTemplate(read.text)) continue
    progress(`reading ${file}`)
    const root = ctx.parseFile(file)
    if (root === undefined) continue
    const service = loadTemplate(ctx, file, root, 'cloudformation')
    if (service !== undefined) services.push(service)
  }
  for (const file of found.cdkTemplates) {
    progress(`reading ${file}`)
    const root = ctx.parseFile(file)
    if (root === undefined) continue
    const service = loadTemplate(ctx, file, root, 'cdk')
    if (service !== undefined) services.push(service)
  }
  const configFiles = [
    ...found.serverless,
    ...scripts,
    ...found.cdkTemplates,
    ...found.templateCandidates.filter(
      (f) =>
        !included.has(f) && fs.textOf(f) !== undefined && looksLikeTemplate(fs.textOf(f) as string),
    ),
  ]
  const project: Project = {
    root: fs.root,
    services,
    files,
    now: options.now ?? new Date(),
    problems: ctx.problems,
    textOf: (file) => fs.textOf(file),
    readFile: (file) => {
      const read = fs.readText(file)
      return read.ok ? read.text : undefined
    },
    isFile: (file) => fs.isFile(file),
  }
  return { project, problems: ctx.problems, configFiles }
}
