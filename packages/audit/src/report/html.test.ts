// The HTML report opened in headless Chromium: it renders the counts and every finding, loads
// nothing from outside, and a screenshot is taken.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type Browser, chromium } from 'playwright-core'
import { CHROMIUM_PATH, skipUnless } from '../../../../test-support/services.js'
import { audit } from '../audit.js'
import { TEST_NOW } from '../testing/project.js'
import { escapeHtml, formatHtml } from './html.js'

const vulnerable = fileURLToPath(new URL('../../../../examples/vulnerable', import.meta.url))

describe('HTML report in Chromium', { skip: await skipUnless('chromium') }, () => {
  let browser: Browser
  let dir: string
  before(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    })
    dir = mkdtempSync(join(tmpdir(), 'bulwark-html-'))
  })
  after(async () => {
    await browser?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('renders the summary, every finding with its excerpt, and takes a screenshot', async () => {
    const result = audit(vulnerable, { now: TEST_NOW })
    const file = join(dir, 'report.html')
    writeFileSync(file, formatHtml(result))
    const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } })
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.goto(pathToFileURL(file).href)
    assert.equal(await page.title(), 'Bulwark audit')
    assert.equal(await page.locator('article.finding').count(), result.findings.length)
    for (const severity of ['critical', 'high', 'medium', 'low'] as const) {
      const shown = (await page.locator(`.card.${severity} strong`).textContent()) ?? ''
      assert.equal(
        Number(shown),
        result.findings.filter((f) => f.severity === severity).length,
        severity,
      )
    }
    const first = page.locator('article.finding').first()
    assert.match((await first.locator('.message').textContent()) ?? '', /AdministratorAccess/)
    assert.match(
      (await first.locator('pre.excerpt span.hit').textContent()) ?? '',
      /AdministratorAccess/,
    )
    assert.ok((await page.locator('table.practices tbody tr').count()) >= 10)
    // Colours come from the inline stylesheet: the critical badge is purple.
    const badge = await first
      .locator('.badge')
      .evaluate((el) => getComputedStyle(el).backgroundColor)
    assert.equal(badge, 'rgb(123, 31, 162)')
    assert.deepEqual(requests, [pathToFileURL(file).href])
    const shot = join(dir, 'report.png')
    await page.screenshot({ path: shot, fullPage: true })
    assert.ok(statSync(shot).size > 50_000)
    await page.close()
  })

  it('shows text from the project as text, never as markup', async () => {
    const result = audit(vulnerable, { now: TEST_NOW })
    const hostile = '<img src=x onerror="document.title=\'owned\'">'
    const finding = {
      ...(result.findings[0] as (typeof result.findings)[number]),
      message: hostile,
    }
    const file = join(dir, 'hostile.html')
    writeFileSync(file, formatHtml({ ...result, findings: [finding] }))
    const page = await browser.newPage()
    await page.goto(pathToFileURL(file).href)
    assert.equal(await page.title(), 'Bulwark audit')
    assert.equal(await page.locator('article.finding .message').textContent(), hostile)
    assert.equal(await page.locator('article.finding img').count(), 0)
    await page.close()
  })
})

it('escapeHtml escapes the five HTML characters', () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  )
})
