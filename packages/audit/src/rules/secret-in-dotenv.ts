import { posix } from 'node:path'
import { isGitIgnored } from './internal/gitignore.js'
import {
  KNOWN_SECRET_FORMATS,
  looksLikeReference,
  NOT_A_SECRET_NAME,
  SECRET_NAME,
} from './internal/secret-patterns.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

/** `.env`, `.env.production`, `prod.env`: files dotenv and serverless-dotenv-plugin load. */
const DOTENV = /^(\.env(\.[\w-]+)?|[\w-]+\.env)$/
/** Templates committed on purpose, with placeholders: `.env.example`, `.env.sample`. */
const TEMPLATE = /\.(example|sample|template|tmpl|dist|defaults?|schema|test)$/i
/** Values people commit as placeholders, not secrets. */
const PLACEHOLDER =
  /^(<.*>|\[.*\]|your[-_ ].*|xx+|\*+|\.{3}|todo|tbd|changeme|change[-_]?me|replace[-_]?me|placeholder|secret|password|example|dummy|none|null|undefined|false|true|\$\{.*\}|\$\w+)$/i

interface Assignment {
  readonly line: number
  readonly column: number
  readonly name: string
  readonly value: string
}

/** `KEY=value`, `export KEY="value"  # comment`: dotenv's syntax, one variable per line. */
function assignments(text: string): Assignment[] {
  const out: Assignment[] = []
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^(\s*(?:export\s+)?)([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(raw)
    if (m === null) return
    let value = (m[3] as string).trim()
    const quote = value[0]
    if ((quote === '"' || quote === "'" || quote === '`') && value.indexOf(quote, 1) > 0)
      value = value.slice(1, value.indexOf(quote, 1))
    else value = value.replace(/\s+#.*$/, '')
    out.push({ line: i + 1, column: (m[1] as string).length + 1, name: m[2] as string, value })
  })
  return out
}

export const secretInDotenv: Rule = {
  meta: {
    id: 'secret-in-dotenv',
    title: 'Secret in a committed .env file',
    category: 'hardcoded-secret',
    severity: 'high',
    practice: PRACTICE.protectCredentials,
    owasp: OWASP.sensitiveData,
    docs: {
      what: 'A `.env` file (`.env`, `.env.production`, `prod.env`) in the project, not ignored by its `.gitignore`, that holds a secret: a value in a known credential format, or a literal value under a secret-looking name (`DB_PASSWORD=…`). Templates (`.env.example`, `.env.sample`) and placeholder values are not reported.',
      why: 'A committed `.env` puts the secret in the history of every clone, fork and CI cache for good; with `serverless-dotenv-plugin` or `package.include: .env` it also ships inside the deployment package.',
      fix: 'Remove the file from git (and rotate what it held: it stays in the history), list `.env*` in `.gitignore`, commit a `.env.example` with placeholders, and keep the real values in Parameter Store or Secrets Manager.',
      bad: '# .env (committed)\nDB_PASSWORD=Worlddomination1!',
      good: '# .env.example (committed)\nDB_PASSWORD=<from /app/prod/db-password in Parameter Store>',
    },
  },
  check(project, report) {
    for (const file of project.files) {
      const name = posix.basename(file)
      if (!DOTENV.test(name) || TEMPLATE.test(name) || isGitIgnored(project, file)) continue
      const text = project.readFile(file)
      if (text === undefined) continue
      for (const a of assignments(text)) {
        if (a.value === '' || PLACEHOLDER.test(a.value) || looksLikeReference(a.value)) continue
        const known = KNOWN_SECRET_FORMATS.find((f) => f.pattern.test(a.value))
        const named = SECRET_NAME.test(a.name) && !NOT_A_SECRET_NAME.test(a.name)
        if (known === undefined && !named) continue
        report({
          span: { file, line: a.line, column: a.column },
          ...(known === undefined ? {} : { severity: 'critical' as const }),
          message:
            known === undefined
              ? `${name} holds ${a.name} in clear text and no .gitignore keeps it out of git`
              : `${name} holds a ${known.name} (${a.name}) and no .gitignore keeps it out of git`,
          subject: a.name,
        })
      }
    }
  },
}
