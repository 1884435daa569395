/**
 * Symbolic ARNs: strings in which the parts that are only known at deploy time are single
 * private-use characters, so that ordinary string and regex code (the iam-dataset `%%regex%%`
 * templates, globbing) works on them unchanged.
 *
 * - `PARTITION`, `REGION`, `ACCOUNT`: the CloudFormation pseudo parameters (and the literal values
 *   a template writes in their place, which are assumed to be the deployment's own);
 * - `WILD`: anything, a part the auditor could not resolve (rendered as `*`);
 * - reference characters made by a `RefTable`: the physical name (or ARN) of one resource of the
 *   template, such as the table `Orders` whose `TableName` CloudFormation generates.
 */

export const PARTITION = '\uE000'
export const REGION = '\uE001'
export const ACCOUNT = '\uE002'
export const WILD = '\uE003'
const FIRST_REF = 0xe100

const PSEUDO_TEXT: Readonly<Record<string, string>> = {
  [PARTITION]: '${AWS::Partition}',
  [REGION]: '${AWS::Region}',
  [ACCOUNT]: '${AWS::AccountId}',
}

/** What a reference character stands for. */
export interface RefMeaning {
  /** The logical id of the resource. */
  readonly logicalId: string
  /** How to write it inside `Fn::Sub`: `${Orders}`, `${Queue.QueueName}`. */
  readonly sub: string
  /** It stands for a whole ARN (a secret known only by its `Ref`), not a name inside one. */
  readonly wholeArn?: boolean
}

/** The reference characters of one service's template. */
export class RefTable {
  private readonly chars = new Map<string, string>()
  private readonly meanings = new Map<string, RefMeaning>()

  /** The character for a reference, made on first use. */
  charFor(meaning: RefMeaning): string {
    const key = meaning.sub
    let char = this.chars.get(key)
    if (char === undefined) {
      char = String.fromCharCode(FIRST_REF + this.chars.size)
      this.chars.set(key, char)
      this.meanings.set(char, meaning)
    }
    return char
  }

  meaning(char: string): RefMeaning | undefined {
    return this.meanings.get(char)
  }
}

/** A character stands for something (pseudo parameter, reference or the unknown). */
export function isSymbol(char: string): boolean {
  return char >= '\uE000' && char <= '\uF8FF'
}

/**
 * Writes a symbolic string as a CloudFormation `Fn::Sub` template (`${AWS::Region}`, `${Orders}`),
 * unknown parts as `*`.
 *
 * @example
 * toSubTemplate(`arn:${PARTITION}:s3:::b/${WILD}`, refs) // 'arn:${AWS::Partition}:s3:::b/*'
 */
export function toSubTemplate(symbolic: string, refs: RefTable): string {
  let out = ''
  for (const char of symbolic) {
    if (!isSymbol(char)) out += char
    else if (char === WILD) out += '*'
    else out += PSEUDO_TEXT[char] ?? refs.meaning(char)?.sub ?? '*'
  }
  return out
}

/** The symbolic string holds no symbol at all: a plain ARN. */
export function isLiteral(symbolic: string): boolean {
  for (const char of symbolic) if (isSymbol(char)) return false
  return true
}

const ARN_PARTITION = /^aws(?:-[a-z]+)*$/
const ARN_REGION = /^[a-z]{2}(?:-[a-z]+)+-\d$/
const ARN_ACCOUNT = /^\d{12}$/

/**
 * Puts the pseudo-parameter characters where an ARN or an SQS queue URL writes a literal
 * partition, region or account, so that `arn:aws:sqs:us-east-1:123456789012:q` and
 * `arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q` compare equal.
 *
 * @example
 * normalizeArn('arn:aws:s3:::b') // `arn:${PARTITION}:s3:::b`
 */
export function normalizeArn(symbolic: string): string {
  const url = /^https:\/\/sqs\.([a-z0-9-]+|\uE001)\.amazonaws\.com\/(\d{12}|\uE002)\//.exec(
    symbolic,
  )
  if (url !== null)
    return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${symbolic.slice(url[0].length)}`
  if (!symbolic.startsWith('arn:')) return symbolic
  const parts = symbolic.split(':')
  if (parts.length < 6) return symbolic
  if (ARN_PARTITION.test(parts[1] as string)) parts[1] = PARTITION
  if (ARN_REGION.test(parts[3] as string)) parts[3] = REGION
  if (ARN_ACCOUNT.test(parts[4] as string)) parts[4] = ACCOUNT
  return parts.join(':')
}

/** How well a granted resource pattern covers a resource a call needs. */
export type Coverage = 'yes' | 'maybe' | 'no'

const YES = 2
const MAYBE = 1
const NO = 0

/**
 * Whether an IAM resource pattern (`*` and `?` wildcards, symbols) covers a needed resource.
 * `yes` when it surely does, `no` when it surely does not (different literal names, different
 * resources of the template), `maybe` when an unresolved part could go either way. Pseudo
 * parameters match only themselves (literal ones were normalized); a reference matches itself,
 * never another reference, and maybe a literal name.
 *
 * @example
 * coverage(`arn:${PARTITION}:s3:::b/*`, `arn:${PARTITION}:s3:::b/k`) // 'yes'
 */
export function coverage(pattern: string, need: string): Coverage {
  const g = [...pattern]
  const n = [...need]
  const memo = new Map<number, number>()
  const width = n.length + 1
  const isRef = (c: string) => isSymbol(c) && c !== WILD && PSEUDO_TEXT[c] === undefined

  const best = (i: number, j: number): number => {
    const key = i * width + j
    const cached = memo.get(key)
    if (cached !== undefined) return cached
    memo.set(key, NO)
    let result = NO
    const gc = g[i]
    const nc = n[j]
    if (gc === undefined) {
      if (nc === undefined) result = YES
      else if (n.slice(j).every((c) => c === WILD)) result = MAYBE
    } else if (gc === '*') {
      result = Math.max(best(i + 1, j), nc === undefined ? NO : best(i, j + 1))
    } else if (gc === WILD) {
      result = Math.min(MAYBE, Math.max(best(i + 1, j), nc === undefined ? NO : best(i, j + 1)))
    } else if (nc === undefined) {
      result = NO
    } else if (nc === WILD || nc === '*') {
      // The need's unknown part can stand for any run of the pattern.
      result = Math.min(MAYBE, Math.max(best(i, j + 1), best(i + 1, j), best(i + 1, j + 1)))
    } else if (isRef(nc)) {
      if (gc === nc) result = best(i + 1, j + 1)
      else if (isSymbol(gc)) result = NO
      else result = Math.min(MAYBE, Math.max(best(i + 1, j), best(i + 1, j + 1)))
    } else if (gc === '?') {
      result = best(i + 1, j + 1)
    } else if (isRef(gc)) {
      // A reference in the pattern may name what the need writes literally.
      result = isSymbol(nc) ? NO : Math.min(MAYBE, Math.max(best(i, j + 1), best(i + 1, j + 1)))
    } else if (gc === nc) {
      result = best(i + 1, j + 1)
    }
    memo.set(key, result)
    return result
  }
  const r = best(0, 0)
  return r === YES ? 'yes' : r === MAYBE ? 'maybe' : 'no'
}
