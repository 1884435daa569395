import { basename, posix } from 'node:path'
import type { Service } from '../../model/types.js'
import type { LoadContext } from '../context.js'
import { ServiceBuilder } from '../service-builder.js'
import { at, entries, entry, list, type Node, spanAt, str } from '../tree.js'
import { collectResources, readResources } from './read-resources.js'
import { readSamResources } from './sam.js'

/**
 * Builds the model of a SAM, CloudFormation or CDK-synthesized template. Returns undefined for
 * a YAML/JSON file that turns out not to be a template (no `Resources` of AWS types).
 *
 * @example
 * loadTemplate(ctx, 'template.yaml', root, 'cloudformation') // format becomes 'sam' with the SAM transform
 */
export function loadTemplate(
  ctx: LoadContext,
  file: string,
  root: Node,
  kind: 'cloudformation' | 'cdk',
): Service | undefined {
  const resources = at(root, 'Resources')
  if (!isTemplate(root)) return undefined
  const transforms = list(at(root, 'Transform')).map((t) => str(t) ?? '')
  const isSam = transforms.some((t) => t.startsWith('AWS::Serverless'))
  const format = kind === 'cdk' ? 'cdk' : isSam ? 'sam' : 'cloudformation'
  const dirRaw = posix.dirname(file)
  const dir = dirRaw === '.' ? '' : dirRaw
  const stageParam = entries(at(root, 'Parameters')).find((p) =>
    /^(stage|env|environment|stagename)$/i.test(p.key),
  )
  const b = new ServiceBuilder({
    file,
    name:
      kind === 'cdk'
        ? posix.basename(file).replace(/\.template\.json$/, '')
        : posix.basename(dir) || basename(ctx.fs.root),
    format,
    dir,
    span: spanAt(file, 1, 1),
    root,
    settingsSpan: entry(at(root, 'Globals'), 'Function')?.keySpan ?? spanAt(file, 1, 1),
    stage: {
      ...(str(at(stageParam?.value, 'Default')) === undefined
        ? {}
        : { name: str(at(stageParam?.value, 'Default')) as string }),
      variable: stageParam !== undefined,
    },
  })
  const resourceCtx = { dir, isFile: (p: string) => ctx.fs.isFile(p) }
  collectResources(b, resources)
  if (isSam) readSamResources(b, root, resourceCtx)
  readResources(b, resourceCtx)
  return b.build()
}

/** A template has `Resources` whose entries have AWS (or custom) types. */
export function isTemplate(root: Node): boolean {
  const resources = entries(at(root, 'Resources'))
  if (resources.length === 0) return at(root, 'AWSTemplateFormatVersion') !== undefined
  return resources.some((r) => /^(AWS|Custom|Alexa)::/.test(str(at(r.value, 'Type')) ?? ''))
}
