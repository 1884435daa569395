import { posix } from 'node:path'

export interface Discovered {
  /** `serverless.yml` / `.yaml` / `.json` files. */
  readonly serverless: string[]
  /** `serverless.ts` / `.js`: read statically, never run. */
  readonly serverlessScripts: string[]
  /** YAML/JSON files that may be SAM or CloudFormation templates (confirmed on parse). */
  readonly templateCandidates: string[]
  /** CDK synthesized templates (`cdk.out/**\/*.template.json`). */
  readonly cdkTemplates: string[]
}

const SERVERLESS_DATA = /^serverless\.(ya?ml|json)$/
const SERVERLESS_SCRIPT = /^serverless\.(ts|js|cjs|mjs)$/
const TEMPLATE_EXT = /\.(ya?ml|json|template)$/
const NOT_TEMPLATES = new Set([
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  'jsconfig.json',
  'composer.json',
  'cdk.json',
  'cdk.context.json',
  'manifest.json',
  'tree.json',
  'bulwark.config.json',
  '.eslintrc.json',
  'biome.json',
  'renovate.json',
  'pnpm-lock.yaml',
  'docker-compose.yml',
  'docker-compose.yaml',
  'buildspec.yml',
  'mkdocs.yml',
  '.travis.yml',
  '.gitlab-ci.yml',
])

/**
 * Sorts a project's files into the configs the auditor reads. A folder may hold many services
 * (monorepos): every config found is its own service.
 *
 * @example
 * discover(fs.walk()) // { serverless: ['api/serverless.yml'], cdkTemplates: ['cdk.out/App.template.json'], … }
 */
export function discover(files: readonly string[]): Discovered {
  const out: Discovered = {
    serverless: [],
    serverlessScripts: [],
    templateCandidates: [],
    cdkTemplates: [],
  }
  for (const file of files) {
    const base = posix.basename(file)
    const parts = file.split('/')
    const cdkIndex = parts.indexOf('cdk.out')
    if (cdkIndex >= 0) {
      const inAsset = parts.slice(cdkIndex + 1).some((p) => p.startsWith('asset.'))
      if (!inAsset && base.endsWith('.template.json')) out.cdkTemplates.push(file)
      continue
    }
    if (SERVERLESS_DATA.test(base)) out.serverless.push(file)
    else if (SERVERLESS_SCRIPT.test(base)) out.serverlessScripts.push(file)
    else if (TEMPLATE_EXT.test(base) && !NOT_TEMPLATES.has(base) && !parts.includes('.github')) {
      out.templateCandidates.push(file)
    }
  }
  return out
}

/** A cheap look at the text before parsing: only files that mention CloudFormation types. */
export function looksLikeTemplate(text: string): boolean {
  return (
    text.includes('AWSTemplateFormatVersion') ||
    (text.includes('Resources') && /AWS::[A-Za-z0-9]+::[A-Za-z0-9]+/.test(text))
  )
}
