import type { AuditResult } from '../audit.js'
import type { Finding } from '../findings.js'
import { countByPractice, countBySeverity, excerpt, SEVERITY_ORDER } from './shared.js'
import { summary } from './text.js'

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const STYLE = `
:root { --critical:#7b1fa2; --high:#c62828; --medium:#e65100; --low:#1565c0; --fg:#1d1d1f; --muted:#5f6368; --line:#e0e0e0; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0; background: #fafafa; }
header { background: #16213e; color: #fff; padding: 24px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #c5cae9; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-bottom: 24px; }
.card { background: #fff; border: 1px solid var(--line); border-top: 4px solid; border-radius: 6px; padding: 12px 16px; }
.card strong { display: block; font-size: 28px; }
.card.critical { border-top-color: var(--critical); } .card.high { border-top-color: var(--high); }
.card.medium { border-top-color: var(--medium); } .card.low { border-top-color: var(--low); }
table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 24px; }
th, td { border: 1px solid var(--line); padding: 6px 10px; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.finding { background: #fff; border: 1px solid var(--line); border-left: 5px solid; border-radius: 6px; padding: 14px 18px; margin-bottom: 14px; }
.finding.critical { border-left-color: var(--critical); } .finding.high { border-left-color: var(--high); }
.finding.medium { border-left-color: var(--medium); } .finding.low { border-left-color: var(--low); }
.badge { display: inline-block; color: #fff; border-radius: 3px; padding: 0 6px; font-size: 12px; text-transform: uppercase; font-weight: 600; }
.badge.critical { background: var(--critical); } .badge.high { background: var(--high); }
.badge.medium { background: var(--medium); } .badge.low { background: var(--low); }
.rule { font-family: ui-monospace, Menlo, Consolas, monospace; color: var(--muted); margin-left: 8px; }
.where { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; color: var(--muted); }
.message { margin: 6px 0; font-weight: 500; }
pre { background: #f5f5f5; border: 1px solid var(--line); border-radius: 4px; padding: 8px 0; overflow-x: auto; font-size: 13px; margin: 8px 0; }
pre span { display: block; padding: 0 12px; white-space: pre; }
pre span.hit { background: #fff3cd; }
pre span i { display: inline-block; width: 3.5em; color: var(--muted); font-style: normal; user-select: none; }
.fix { margin: 6px 0 0; white-space: pre-wrap; }
details { margin-top: 6px; color: var(--muted); }
details pre { color: var(--fg); }
.meta { font-size: 13px; color: var(--muted); }
.none { background: #e8f5e9; border: 1px solid #a5d6a7; padding: 16px; border-radius: 6px; }
`

function findingHtml(result: AuditResult, f: Finding, index: number): string {
  const rule = result.rules.find((r) => r.meta.id === f.rule)
  const lines = excerpt(result, f)
  const code =
    lines.length === 0
      ? ''
      : `<pre class="excerpt">${lines
          .map(
            (l) =>
              `<span${l.highlight ? ' class="hit"' : ''}><i>${l.number}</i>${escapeHtml(l.text)}</span>`,
          )
          .join('')}</pre>`
  const docs =
    rule === undefined
      ? ''
      : `<details><summary>Why it matters</summary><p>${escapeHtml(rule.meta.docs.why)}</p><p>Bad:</p><pre><span>${escapeHtml(rule.meta.docs.bad)}</span></pre><p>Good:</p><pre><span>${escapeHtml(rule.meta.docs.good)}</span></pre></details>`
  return `<article class="finding ${f.severity}" id="f${index}" data-severity="${f.severity}" data-rule="${escapeHtml(f.rule)}">
<div><span class="badge ${f.severity}">${f.severity}</span><span class="rule">${escapeHtml(f.rule)}</span>${rule === undefined ? '' : ` · ${escapeHtml(rule.meta.title)}`}</div>
<p class="message">${escapeHtml(f.message)}</p>
<div class="where">${escapeHtml(f.file)}:${f.line}:${f.column}${f.function === undefined ? '' : ` · function ${escapeHtml(f.function)}`}</div>
${code}
<p class="fix"><strong>Fix:</strong> ${escapeHtml(f.fix)}</p>
<div class="meta">${escapeHtml(f.practice)} · ${escapeHtml(f.owasp)} · ${escapeHtml(f.category)}</div>
${docs}
</article>`
}

/**
 * One self-contained HTML file (no scripts, no external requests): the summary by severity and
 * by practice, then every finding with its code excerpt, fix and the rule's explanation.
 *
 * @example
 * writeFileSync('bulwark-report.html', formatHtml(audit('.')))
 */
export function formatHtml(result: AuditResult): string {
  const counts = countBySeverity(result.findings)
  const cards = SEVERITY_ORDER.map(
    (s) => `<div class="card ${s}" data-count="${s}"><strong>${counts[s]}</strong>${s}</div>`,
  ).join('')
  const practices = countByPractice(result.findings)
  const practiceTable =
    practices.length === 0
      ? ''
      : `<h2>By practice</h2><table class="practices"><thead><tr><th>Practice</th>${SEVERITY_ORDER.map((s) => `<th>${s}</th>`).join('')}</tr></thead><tbody>${practices
          .map(
            (p) =>
              `<tr><td>${escapeHtml(p.practice)}</td>${SEVERITY_ORDER.map((s) => `<td class="n">${p.counts[s]}</td>`).join('')}</tr>`,
          )
          .join('')}</tbody></table>`
  const findings =
    result.findings.length === 0
      ? '<p class="none">No findings.</p>'
      : result.findings.map((f, i) => findingHtml(result, f, i)).join('\n')
  const suppressed =
    result.suppressed.length === 0
      ? ''
      : `<h2>Suppressed (${result.suppressed.length})</h2><table class="suppressed"><thead><tr><th>Rule</th><th>Where</th><th>Reason</th></tr></thead><tbody>${result.suppressed
          .map(
            (f) =>
              `<tr><td>${escapeHtml(f.rule)}</td><td>${escapeHtml(f.file)}:${f.line}</td><td>${escapeHtml(f.suppression.reason)}</td></tr>`,
          )
          .join('')}</tbody></table>`
  const errors = result.errors
    .map(
      (e) =>
        `<p class="none" style="background:#ffebee;border-color:#ef9a9a">${escapeHtml(e.message)}</p>`,
    )
    .join('')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bulwark audit</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Bulwark audit</h1><p>${escapeHtml(result.root)} · bulwark ${escapeHtml(result.version)}</p></header>
<main>
<p class="summary">${escapeHtml(summary(result))}</p>
<div class="cards">${cards}</div>
${errors}
${practiceTable}
<h2>Findings</h2>
${findings}
${suppressed}
</main>
</body>
</html>
`
}
