import { RULES } from '../rules/index.js'
import type { Rule } from '../rules/types.js'

export const RULES_FORMATS = ['text', 'json', 'markdown'] as const
export type RulesFormat = (typeof RULES_FORMATS)[number]

/**
 * `bulwark rules`: every rule with its docs, as text, JSON or Markdown.
 *
 * @example
 * process.stdout.write(formatRules('markdown'))
 */
export function formatRules(format: RulesFormat, rules: readonly Rule[] = RULES): string {
  if (format === 'json')
    return `${JSON.stringify(
      rules.map((r) => r.meta),
      null,
      2,
    )}\n`
  if (format === 'markdown') return rules.map(ruleMarkdown).join('\n')
  return rules.map(ruleText).join('\n')
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n')
}

function ruleText({ meta }: Rule): string {
  return `${meta.id}  [${meta.severity}] ${meta.title}
  category: ${meta.category}
  practice: ${meta.practice}
  OWASP:    ${meta.owasp}
  what: ${meta.docs.what}
  why:  ${meta.docs.why}
  fix:  ${meta.docs.fix}
  bad:
${indent(meta.docs.bad, '    ')}
  good:
${indent(meta.docs.good, '    ')}
`
}

function ruleMarkdown({ meta }: Rule): string {
  return `## \`${meta.id}\`: ${meta.title}

Category \`${meta.category}\`, default severity **${meta.severity}**. Practice: ${meta.practice}. OWASP: ${meta.owasp}.

${meta.docs.what}

**Why:** ${meta.docs.why}

**Fix:** ${meta.docs.fix}

Bad:

\`\`\`yaml
${meta.docs.bad}
\`\`\`

Good:

\`\`\`yaml
${meta.docs.good}
\`\`\`
`
}
