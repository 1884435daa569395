import { posix } from 'node:path'
import { runtimeFamily } from '../load/handlers.js'
import { definesFunction, moduleExports } from './internal/exports.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

export const handlerMissing: Rule = {
  meta: {
    id: 'handler-missing',
    title: 'Handler file or export does not exist',
    category: 'stale-function',
    severity: 'low',
    practice: PRACTICE.deleteOldFunctions,
    owasp: OWASP.misconfiguration,
    docs: {
      what: 'A function whose handler points at a source file that is not in the project, or at an export the file does not have. Handlers under build folders that are not in the repository (dist/, cdk.out assets) are not reported.',
      why: 'A function whose code is gone is a leftover: it still runs whatever was deployed last, with its role and its routes, and nobody reviews or patches that code any more.',
      fix: 'Delete the function (and its routes and role) if it is no longer used, or fix the handler path.',
      bad: 'functions:\n  legacyExport:\n    handler: src/legacy/export.handler   # file deleted',
      good: '# function removed with its routes and permissions',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const fn of service.functions) {
        const handler = fn.handler
        if (fn.generated || handler === undefined || fn.packageType !== 'zip') continue
        const runtime = fn.runtime?.value === 'unknown' ? undefined : fn.runtime?.value
        // Without a stated runtime, the file found (`.py` next to no `.js`) tells the language.
        const family =
          runtime === undefined && handler.file !== undefined && /\.(py|rb)$/.test(handler.file)
            ? handler.file.endsWith('.py')
              ? 'python'
              : 'ruby'
            : runtimeFamily(runtime)
        if (family === 'compiled' || fn.runtime?.value === 'unknown') continue
        // Java and .NET handlers (`pkg.App::handleRequest`) when the runtime is not stated.
        if (handler.value.includes('::')) continue
        if (handler.file === undefined) {
          // A folder that is not there at all is build output (dist/, .webpack/), not a loss.
          const dir = posix.dirname(handler.module)
          if (dir !== '.' && !project.files.some((f) => f.startsWith(`${dir}/`))) continue
          report({
            span: handler.span,
            severity: 'medium',
            message: `${fn.name}: handler ${handler.value} points at ${handler.module}, which is not in the project`,
            function: fn.name,
          })
          continue
        }
        const text = project.readFile(handler.file)
        if (text === undefined) continue
        const found =
          family === 'node'
            ? (() => {
                const exports = moduleExports(handler.file as string, text)
                return (
                  exports === undefined || exports.open || exports.names.has(handler.exportName)
                )
              })()
            : definesFunction(text, handler.exportName)
        if (found) continue
        report({
          span: handler.span,
          message: `${fn.name}: ${handler.file} has no export named ${handler.exportName}`,
          function: fn.name,
        })
      }
    }
  },
}
