import { posix } from 'node:path'
import type { Project } from '../../model/types.js'

/** One `.gitignore` line as a matcher of paths relative to the file's folder. */
interface IgnoreRule {
  readonly negate: boolean
  readonly pattern: RegExp
  /** Patterns without a slash match a name at any depth; others match from the folder. */
  readonly anywhere: boolean
}

function compile(line: string): IgnoreRule | undefined {
  let text = line.trim()
  if (text === '' || text.startsWith('#')) return undefined
  const negate = text.startsWith('!')
  if (negate) text = text.slice(1)
  // A folder-only pattern never names a file itself; the files under it are not dotenv files.
  if (text.endsWith('/')) return undefined
  const anywhere = !text.slice(0, -1).includes('/')
  text = text.replace(/^\//, '').replace(/^\*\*\//, '')
  let source = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string
    if (c === '*' && text[i + 1] === '*') {
      source += '.*'
      i++
    } else if (c === '*') source += '[^/]*'
    else if (c === '?') source += '[^/]'
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  }
  return { negate, pattern: new RegExp(`^${source}$`), anywhere }
}

/**
 * Whether the `.gitignore` files of the project (at the root and in the file's folders) keep a
 * file out of git: a local secret the developer keeps ignored is not a committed one. Folder
 * patterns and the repository's ignore files above the audited folder are not read.
 *
 * @example
 * isGitIgnored(project, 'services/api/.env') // true when a .gitignore lists `.env*`
 */
export function isGitIgnored(project: Project, file: string): boolean {
  let ignored = false
  const dirs = ['']
  for (const part of posix.dirname(file).split('/')) {
    if (part === '.' || part === '') continue
    dirs.push(dirs.length === 1 ? part : `${dirs.at(-1)}/${part}`)
  }
  for (const dir of dirs) {
    const text = project.readFile(dir === '' ? '.gitignore' : `${dir}/.gitignore`)
    if (text === undefined) continue
    const relative = dir === '' ? file : file.slice(dir.length + 1)
    for (const rule of text.split(/\r?\n/).map(compile)) {
      if (rule === undefined) continue
      const subject = rule.anywhere ? posix.basename(relative) : relative
      if (rule.pattern.test(subject)) ignored = !rule.negate
    }
  }
  return ignored
}
