import { posix } from 'node:path'
import type { Project, Service } from '../model/types.js'
import { definesFunction, moduleExports } from './internal/exports.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|py)$/
const NOT_HANDLER = /(\.(test|spec|d)\.|\.config\.|(^|\/)(__tests__|__mocks__|test|tests)\/)/
const MAX_SCANNED_FILES = 2000

function baseName(file: string): string {
  return posix.basename(file).replace(SOURCE, '')
}

/** Whether another source file imports `file` (by its base name). */
function isImported(project: Project, file: string, candidates: readonly string[]): boolean {
  const base = baseName(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const js = new RegExp(`(from|require\\(|import\\(?)\\s*['"][^'"]*\\b${base}(\\.[cm]?[jt]s)?['"]`)
  const py = new RegExp(`(from|import)\\s+[\\w.]*\\b${base}\\b`)
  return candidates.some((other) => {
    if (other === file) return false
    const text = project.readFile(other)
    return text !== undefined && (js.test(text) || py.test(text))
  })
}

function unusedIn(project: Project, service: Service): { file: string; exportName: string }[] {
  const handlers = service.functions.flatMap((f) =>
    f.handler?.file === undefined ? [] : [f.handler],
  )
  if (handlers.length < 2) return []
  const used = new Set(project.services.flatMap((s) => s.functions.map((f) => f.handler?.file)))
  const exportsByDir = new Map<string, Set<string>>()
  for (const h of handlers) {
    const dir = posix.dirname(h.file as string)
    const set = exportsByDir.get(dir) ?? new Set<string>()
    set.add(h.exportName)
    exportsByDir.set(dir, set)
  }
  const scope = service.dir === '' ? '' : `${service.dir}/`
  const sources = project.files
    .filter((f) => f.startsWith(scope) && SOURCE.test(f))
    .slice(0, MAX_SCANNED_FILES)
  const out: { file: string; exportName: string }[] = []
  for (const file of sources) {
    const names = exportsByDir.get(posix.dirname(file))
    if (names === undefined || used.has(file) || NOT_HANDLER.test(file)) continue
    const text = project.readFile(file)
    if (text === undefined) continue
    const exportName = file.endsWith('.py')
      ? [...names].find((n) => definesFunction(text, n))
      : [...names].find((n) => moduleExports(file, text)?.names.has(n) === true)
    if (exportName === undefined || isImported(project, file, sources)) continue
    out.push({ file, exportName })
  }
  return out
}

export const unusedHandlerFile: Rule = {
  meta: {
    id: 'unused-handler-file',
    title: 'Handler file that no function uses',
    category: 'stale-function',
    severity: 'low',
    practice: PRACTICE.deleteOldFunctions,
    owasp: OWASP.misconfiguration,
    docs: {
      what: "A source file next to the service's handlers that exports a handler (same export name as its neighbours) but that no function uses and no other file imports.",
      why: 'Handler code left behind after a function was removed from the config is often still deployed somewhere (an old stage, another stack) and no longer reviewed; it also confuses reviews of what is live.',
      fix: 'Delete the file, or wire it to the function that should use it.',
      bad: 'src/handlers/create.ts   # used\nsrc/handlers/legacyImport.ts   # exports handler, used by nothing',
      good: 'src/handlers/create.ts',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      if (service.format !== 'serverless' && service.format !== 'sam') continue
      for (const { file, exportName } of unusedIn(project, service)) {
        report({
          span: { file, line: 1, column: 1 },
          message: `${file} exports ${exportName} like the service's handlers, but no function uses it and nothing imports it`,
          subject: file,
        })
      }
    }
  },
}
