import { parseYamlText } from './parse-yaml.js'
import type { LoadProblem } from './problems.js'
import type { ProjectFs } from './project-fs.js'
import { type Node, spanAt } from './tree.js'

/**
 * Shared state of one project load: the guarded file system, the problems met so far, and the
 * parsed YAML/JSON files (each file is parsed once even when several services include it).
 *
 * @example
 * const ctx = new LoadContext(new ProjectFs(dir))
 * const root = ctx.parseFile('serverless.yml')
 */
export class LoadContext {
  readonly problems: LoadProblem[] = []
  private readonly parsed = new Map<string, Node | undefined>()

  constructor(readonly fs: ProjectFs) {}

  /** Parses a YAML or JSON file inside the project; undefined (with a problem) when it cannot. */
  parseFile(file: string): Node | undefined {
    if (this.parsed.has(file)) return this.parsed.get(file)
    this.parsed.set(file, undefined)
    const read = this.fs.readText(file)
    if (!read.ok) {
      this.problems.push({
        kind: 'unreadable',
        message: `${file} could not be read: ${read.reason}`,
        span: spanAt(file, 1, 1),
      })
      return undefined
    }
    const { root, problems } = parseYamlText(file, read.text)
    for (const p of problems) {
      this.problems.push({
        kind: 'parse-error',
        message: `${file} is not valid YAML/JSON: ${p.message}`,
        span: spanAt(file, p.line, p.column),
      })
    }
    this.parsed.set(file, root)
    return root
  }

  problem(problem: LoadProblem): void {
    this.problems.push(problem)
  }
}
