import type { CodeRule } from '../rule.js'
import { Danger } from '../values.js'
import { apiName, calleeModule, dangerousArg, OWASP, origin, PRACTICE } from './support.js'

const FS_MODULES = new Set(['fs', 'fs-extra', 'graceful-fs', 'fs/promises'])
const FS_METHODS =
  /^(?:readFile|writeFile|appendFile|createReadStream|createWriteStream|unlink|rm|rmdir|readdir|stat|lstat|open|access|copyFile|cp|rename|mkdir|exists|readJson|writeJson|outputFile|outputJson|remove|move|copy|ensureFile|truncate|chmod|chown|symlink|link|readlink|realpath|opendir|watch)(?:Sync)?$/
const RESPONSE_FILE_METHODS = new Set(['sendFile', 'download', 'attachment', 'sendfile'])

/** File system calls (and `res.sendFile`) on a path taken from the event. */
export const pathTraversal: CodeRule = {
  meta: {
    id: 'path-traversal',
    title: 'File path from the event',
    category: 'path-traversal',
    severity: 'high',
    practice: PRACTICE.injection,
    owasp: OWASP.accessControl,
    docs: {
      what: 'A file read, written or deleted at a path built from event data (`fs.*`, `res.sendFile`).',
      why: "`../` in the input walks out of the intended folder: the function's code, `/proc/self/environ` with its credentials, or other tenants' files in `/tmp`.",
      fix: 'Take only the base name (`path.basename`), or resolve the path and check it starts with the intended folder before using it.',
      bad: "export const handler = async (event) => ({ statusCode: 200, body: await readFile(`/var/task/docs/${event.pathParameters.name}`, 'utf8') })",
      good: "export const handler = async (event) => ({ statusCode: 200, body: await readFile(join('/var/task/docs', basename(event.pathParameters.name)), 'utf8') })",
    },
  },
  create(ctx) {
    return {
      call(site) {
        const name = apiName(site)
        const module = calleeModule(site)
        const fsCall = module !== undefined && FS_MODULES.has(module) && FS_METHODS.test(name)
        const responseFile = site.receiver?.shape === 'response' && RESPONSE_FILE_METHODS.has(name)
        if (!fsCall && !responseFile) return
        const t =
          dangerousArg(site, 0, Danger.path) ??
          (name.startsWith('rename') || name.startsWith('copy')
            ? dangerousArg(site, 1, Danger.path)
            : undefined)
        if (t && t.whole === 0)
          ctx.report(
            site,
            `${origin(t)} chooses the file ${name}() touches: path traversal with ../ is possible.`,
          )
      },
    }
  },
}
