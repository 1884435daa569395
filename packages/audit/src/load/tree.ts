/**
 * The positioned value tree every loader produces: YAML, JSON and statically read JS all become
 * this, so rules never care which format a project was written in. Each node knows where it
 * came from (file, line, column from 1, and the last line it covers, for suppression ranges).
 */

/** Where a node is: `file` relative to the audited folder, POSIX separators, lines and columns from 1. */
export interface Span {
  readonly file: string
  readonly line: number
  readonly column: number
  readonly endLine: number
}

export interface MapEntry {
  readonly key: string
  readonly keySpan: Span
  readonly value: Node
}

export interface MapNode {
  readonly kind: 'map'
  readonly span: Span
  readonly entries: ReadonlyMap<string, MapEntry>
}

export interface SeqNode {
  readonly kind: 'seq'
  readonly span: Span
  readonly items: readonly Node[]
}

export interface ScalarNode {
  readonly kind: 'scalar'
  readonly span: Span
  readonly value: string | number | boolean | null
}

/** A CloudFormation intrinsic (`!Ref X`, `{"Fn::GetAtt": [...]}`): kept, never evaluated. */
export interface IntrinsicNode {
  readonly kind: 'intrinsic'
  readonly span: Span
  /** `Ref`, `Condition` or a `Fn::` name (short tags are normalized to the long form). */
  readonly name: string
  readonly arg: Node
}

/** One external reference that made a value unknown: `${ssm:/x}`, `${env:X}`, a missing file. */
export interface UnknownRef {
  readonly source: string
  readonly address: string
}

/**
 * A value that cannot be known without deploying: an unresolved `${env:}`/`${ssm:}` variable,
 * a file outside the project, a computed JS value. Rules treat it as neither safe nor unsafe.
 */
export interface UnknownNode {
  readonly kind: 'unknown'
  readonly span: Span
  /** The source text that could not be resolved, such as `${ssm:/app/key~true}`. */
  readonly text: string
  readonly refs: readonly UnknownRef[]
}

export type Node = MapNode | SeqNode | ScalarNode | IntrinsicNode | UnknownNode

/** The entry of a map, when `node` is a map that has `key`. */
export function entry(node: Node | undefined, key: string): MapEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined
}

/**
 * The value at a path of map keys (and sequence indexes as numbers).
 *
 * @example
 * at(root, 'provider', 'iam', 'role', 'statements')
 */
export function at(node: Node | undefined, ...path: (string | number)[]): Node | undefined {
  let current = node
  for (const step of path) {
    if (current === undefined) return undefined
    if (typeof step === 'number') current = current.kind === 'seq' ? current.items[step] : undefined
    else current = current.kind === 'map' ? current.entries.get(step)?.value : undefined
  }
  return current
}

/** A scalar's text: strings as they are, numbers and booleans printed; anything else undefined. */
export function str(node: Node | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null) return undefined
  return String(node.value)
}

/** A scalar number, or a numeric string such as `'30'`. */
export function num(node: Node | undefined): number | undefined {
  if (node?.kind !== 'scalar') return undefined
  if (typeof node.value === 'number') return node.value
  if (typeof node.value === 'string' && /^-?\d+(\.\d+)?$/.test(node.value.trim())) {
    return Number(node.value)
  }
  return undefined
}

/** A boolean, accepting the string forms CloudFormation accepts (`'true'`, `'false'`). */
export function bool(node: Node | undefined): boolean | undefined {
  if (node?.kind !== 'scalar') return undefined
  if (typeof node.value === 'boolean') return node.value
  if (node.value === 'true' || node.value === 'True') return true
  if (node.value === 'false' || node.value === 'False') return false
  return undefined
}

/** A sequence's items; a single value counts as a one-item list (IAM and CloudFormation allow both). */
export function list(node: Node | undefined): readonly Node[] {
  if (node === undefined) return []
  if (node.kind === 'seq') return node.items
  if (node.kind === 'scalar' && node.value === null) return []
  return [node]
}

/** The entries of a map, in order; nothing for any other node. */
export function entries(node: Node | undefined): readonly MapEntry[] {
  return node?.kind === 'map' ? [...node.entries.values()] : []
}

/** True when a value is known not to be statically readable (unknown or intrinsic). */
export function isDynamic(node: Node | undefined): boolean {
  return node?.kind === 'unknown' || node?.kind === 'intrinsic'
}

/**
 * Text for a value where intrinsics and unknowns become `${…}` placeholders, so `!Sub
 * arn:aws:s3:::${Bucket}/*` reads as that template and a `!GetAtt` reads as `${Table.Arn}`:
 * enough to tell a full wildcard from a narrowed resource without evaluating anything.
 */
export function templateText(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined
  switch (node.kind) {
    case 'scalar':
      return node.value === null ? undefined : String(node.value)
    case 'unknown':
      return node.text
    case 'intrinsic': {
      if (node.name === 'Fn::Sub') {
        const template = node.arg.kind === 'seq' ? node.arg.items[0] : node.arg
        return str(template) ?? '${Fn::Sub}'
      }
      if (node.name === 'Fn::Join' && node.arg.kind === 'seq') {
        const [separator, parts] = node.arg.items
        const sep = str(separator) ?? ''
        if (parts?.kind === 'seq')
          return parts.items.map((p) => templateText(p) ?? '${?}').join(sep)
      }
      if (node.name === 'Ref') return `\${${str(node.arg) ?? 'Ref'}}`
      if (node.name === 'Fn::GetAtt') {
        const parts = node.arg.kind === 'seq' ? node.arg.items.map((i) => str(i)) : [str(node.arg)]
        return `\${${parts.join('.')}}`
      }
      return `\${${node.name}}`
    }
    default:
      return undefined
  }
}

/** The logical ids a value refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub` placeholders. */
export function referencedIds(node: Node | undefined, out: Set<string> = new Set()): Set<string> {
  if (node === undefined) return out
  switch (node.kind) {
    case 'map':
      for (const e of node.entries.values()) referencedIds(e.value, out)
      break
    case 'seq':
      for (const item of node.items) referencedIds(item, out)
      break
    case 'intrinsic':
      if (node.name === 'Ref') {
        const id = str(node.arg)
        if (id !== undefined) out.add(id)
      } else if (node.name === 'Fn::GetAtt') {
        const first =
          node.arg.kind === 'seq' ? str(node.arg.items[0]) : str(node.arg)?.split('.')[0]
        if (first !== undefined) out.add(first)
      } else if (node.name === 'Fn::Sub') {
        const template = node.arg.kind === 'seq' ? node.arg.items[0] : node.arg
        for (const m of (str(template) ?? '').matchAll(/\$\{([A-Za-z0-9]+)[.}]/g)) {
          out.add(m[1] as string)
        }
        if (node.arg.kind === 'seq') referencedIds(node.arg.items[1], out)
      } else {
        referencedIds(node.arg, out)
      }
      break
    default:
      break
  }
  return out
}

/** Builds a span from plain positions, for nodes that loaders synthesize. */
export function spanAt(file: string, line: number, column: number, endLine = line): Span {
  return { file, line, column, endLine }
}
