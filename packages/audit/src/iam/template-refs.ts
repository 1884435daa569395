import { at, type Node, str, templateText } from '../load/tree.js'
import type { Service } from '../model/types.js'
import {
  ACCOUNT,
  normalizeArn,
  PARTITION,
  REGION,
  RefTable,
  toSubTemplate,
  WILD,
} from './symbolic.js'

/**
 * What CloudFormation gives for the resources a function's SDK calls name: `Ref` and `Fn::GetAtt`
 * of each type, written over the resource's physical name.
 */
interface ResourceKind {
  /** The property that sets the physical name, when there is one. */
  readonly nameProperty?: string
  /** How a `Fn::Sub` names the physical name (`''` for `${X}`, `QueueName` for `${X.QueueName}`). */
  readonly nameAttribute: string
  readonly arn: (name: string) => string
  /** What `Ref` returns. */
  readonly ref: 'name' | 'arn' | 'url'
  /** `Fn::GetAtt` attributes: `arn`, `name`, `url`. */
  readonly attributes: Readonly<Record<string, 'arn' | 'name' | 'url'>>
  /**
   * Secrets Manager adds a random suffix to a secret's name in its ARN: a literal name becomes
   * `name-??????`, and a secret whose name is not known is only known by its whole ARN (`Ref`).
   */
  readonly suffixed?: boolean
}

const arn = (service: string, rest: string) =>
  `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}:${rest}`

const TABLE: ResourceKind = {
  nameProperty: 'TableName',
  nameAttribute: '',
  arn: (n) => arn('dynamodb', `table/${n}`),
  ref: 'name',
  attributes: { Arn: 'arn' },
}
const FUNCTION: ResourceKind = {
  nameProperty: 'FunctionName',
  nameAttribute: '',
  arn: (n) => arn('lambda', `function:${n}`),
  ref: 'name',
  attributes: { Arn: 'arn' },
}
const STATE_MACHINE = (nameProperty: string): ResourceKind => ({
  nameProperty,
  nameAttribute: 'Name',
  arn: (n) => arn('states', `stateMachine:${n}`),
  ref: 'arn',
  attributes: { Arn: 'arn', Name: 'name' },
})

const KINDS: Readonly<Record<string, ResourceKind>> = {
  'AWS::DynamoDB::Table': TABLE,
  'AWS::DynamoDB::GlobalTable': TABLE,
  'AWS::Serverless::SimpleTable': TABLE,
  'AWS::S3::Bucket': {
    nameProperty: 'BucketName',
    nameAttribute: '',
    arn: (n) => `arn:${PARTITION}:s3:::${n}`,
    ref: 'name',
    attributes: { Arn: 'arn' },
  },
  'AWS::SQS::Queue': {
    nameProperty: 'QueueName',
    nameAttribute: 'QueueName',
    arn: (n) => arn('sqs', n),
    ref: 'url',
    attributes: { Arn: 'arn', QueueName: 'name', QueueUrl: 'url' },
  },
  'AWS::SNS::Topic': {
    nameProperty: 'TopicName',
    nameAttribute: 'TopicName',
    arn: (n) => arn('sns', n),
    ref: 'arn',
    attributes: { TopicArn: 'arn', TopicName: 'name' },
  },
  'AWS::Lambda::Function': FUNCTION,
  'AWS::Serverless::Function': FUNCTION,
  'AWS::StepFunctions::StateMachine': STATE_MACHINE('StateMachineName'),
  'AWS::Serverless::StateMachine': STATE_MACHINE('Name'),
  'AWS::Events::EventBus': {
    nameProperty: 'Name',
    nameAttribute: '',
    arn: (n) => arn('events', `event-bus/${n}`),
    ref: 'name',
    attributes: { Arn: 'arn', Name: 'name' },
  },
  'AWS::Kinesis::Stream': {
    nameProperty: 'Name',
    nameAttribute: '',
    arn: (n) => arn('kinesis', `stream/${n}`),
    ref: 'name',
    attributes: { Arn: 'arn' },
  },
  'AWS::KinesisFirehose::DeliveryStream': {
    nameProperty: 'DeliveryStreamName',
    nameAttribute: '',
    arn: (n) => arn('firehose', `deliverystream/${n}`),
    ref: 'name',
    attributes: { Arn: 'arn' },
  },
  'AWS::SecretsManager::Secret': {
    nameProperty: 'Name',
    nameAttribute: '',
    arn: (n) => arn('secretsmanager', `secret:${n}`),
    ref: 'arn',
    attributes: {},
    suffixed: true,
  },
  'AWS::SSM::Parameter': {
    nameProperty: 'Name',
    nameAttribute: '',
    arn: (n) => arn('ssm', n.startsWith('/') ? `parameter${n}` : `parameter/${n}`),
    ref: 'name',
    attributes: {},
  },
  'AWS::KMS::Key': {
    nameAttribute: '',
    arn: (n) => arn('kms', `key/${n}`),
    ref: 'name',
    attributes: { Arn: 'arn', KeyId: 'name' },
  },
  'AWS::Cognito::UserPool': {
    nameAttribute: '',
    arn: (n) => arn('cognito-idp', `userpool/${n}`),
    ref: 'name',
    attributes: { Arn: 'arn' },
  },
}

/** How to write one resource's ARN in a template: `!GetAtt X.Arn` or `!Ref X`. */
export interface ArnIntrinsic {
  readonly name: 'Ref' | 'Fn::GetAtt'
  readonly arg: string
}

/**
 * The resources of one service as symbolic values: `Ref`, `Fn::GetAtt` and `Fn::Sub` placeholders
 * in environment variables and policy statements become symbolic strings (see `symbolic.ts`), and
 * a symbolic ARN that is exactly a resource's ARN can be written back as `!GetAtt X.Arn`.
 */
export class TemplateRefs {
  readonly refs = new RefTable()
  private readonly kinds = new Map<string, { kind: ResourceKind; name: string }>()
  private readonly arnIntrinsics = new Map<string, ArnIntrinsic>()

  constructor(readonly service: Service) {
    for (const resource of service.resources) {
      const kind = KINDS[resource.type]
      if (kind !== undefined) this.addResource(resource.logicalId, kind, resource.properties)
    }
    // Functions of serverless.yml are resources too (`!GetAtt HelloLambdaFunction.Arn`).
    for (const fn of service.functions) {
      if (fn.logicalId === undefined || this.kinds.has(fn.logicalId)) continue
      const name = this.serverlessFunctionName(fn.name)
      this.addResource(fn.logicalId, FUNCTION, undefined, name)
    }
  }

  private serverlessFunctionName(key: string): string | undefined {
    if (this.service.format !== 'serverless') return undefined
    const node = at(this.service.root, 'functions', key)
    const named = str(at(node, 'name'))
    if (named !== undefined) return named
    // The default stage's name, as every other value of the config was resolved with it.
    const stage = this.service.stage.name
    return stage === undefined ? undefined : `${this.service.name}-${stage}-${key}`
  }

  private addResource(
    logicalId: string,
    kind: ResourceKind,
    properties: Node | undefined,
    knownName?: string,
  ): void {
    const written = kind.nameProperty === undefined ? undefined : at(properties, kind.nameProperty)
    const literal = knownName ?? str(written)
    const sub =
      kind.nameAttribute === '' ? `\${${logicalId}}` : `\${${logicalId}.${kind.nameAttribute}}`
    // A name that is not plain text is kept as the resource's own reference: clearer output, and
    // two resources never compare equal.
    let name: string
    if (literal !== undefined) name = kind.suffixed ? `${literal}-${WILD}` : literal
    else name = this.refs.charFor({ logicalId, sub, wholeArn: kind.suffixed === true })
    this.kinds.set(logicalId, { kind, name })
    const arnIntrinsic: ArnIntrinsic =
      kind.ref === 'arn'
        ? { name: 'Ref', arg: logicalId }
        : {
            name: 'Fn::GetAtt',
            arg: `${logicalId}.${Object.keys(kind.attributes).find((a) => kind.attributes[a] === 'arn') ?? 'Arn'}`,
          }
    if (kind.ref === 'arn' || Object.values(kind.attributes).includes('arn'))
      this.arnIntrinsics.set(this.value(logicalId, 'arn') as string, arnIntrinsic)
  }

  /** `!GetAtt X.Arn` / `!Ref X` when a symbolic ARN is exactly the ARN of resource X. */
  arnIntrinsic(symbolic: string): ArnIntrinsic | undefined {
    return this.arnIntrinsics.get(symbolic)
  }

  /**
   * A symbolic ARN as an `Fn::Sub` template, naming the resource whose ARN starts it
   * (`${Orders.Arn}/index/*` rather than the table's ARN spelled out).
   *
   * @example
   * refs.subTemplate(indexArn) // '${Orders.Arn}/index/*'
   */
  subTemplate(symbolic: string): string {
    let best: [string, ArnIntrinsic] | undefined
    for (const entry of this.arnIntrinsics) {
      const [arnText] = entry
      if (!symbolic.startsWith(arnText) || !/^(?:[/:]|$)/.test(symbolic.slice(arnText.length)))
        continue
      if (best === undefined || arnText.length > best[0].length) best = entry
    }
    if (best === undefined) return toSubTemplate(symbolic, this.refs)
    const [arnText, intrinsic] = best
    return `\${${intrinsic.arg}}${toSubTemplate(symbolic.slice(arnText.length), this.refs)}`
  }

  private value(logicalId: string, what: 'arn' | 'name' | 'url'): string | undefined {
    const found = this.kinds.get(logicalId)
    if (found === undefined) return undefined
    const { kind, name } = found
    if (what === 'name') return name
    if (what === 'arn') return this.refs.meaning(name)?.wholeArn ? name : kind.arn(name)
    return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`
  }

  /** What one `${…}` placeholder of a `Fn::Sub` (or serverless.yml) stands for. */
  private placeholder(body: string): string {
    switch (body) {
      case 'AWS::Partition':
      case 'aws:partition':
        return PARTITION
      case 'AWS::Region':
      case 'aws:region':
        return REGION
      case 'AWS::AccountId':
      case 'aws:accountId':
        return ACCOUNT
      case 'AWS::URLSuffix':
        return 'amazonaws.com'
    }
    const dot = body.indexOf('.')
    if (dot < 0) {
      const kind = this.kinds.get(body)?.kind
      return (kind === undefined ? undefined : this.value(body, kind.ref)) ?? WILD
    }
    const id = body.slice(0, dot)
    const attribute = this.kinds.get(id)?.kind.attributes[body.slice(dot + 1)]
    return (attribute === undefined ? undefined : this.value(id, attribute)) ?? WILD
  }

  /**
   * A template text (`Fn::Sub` syntax, the `${…}` text the loaders keep for intrinsics, or a
   * serverless.yml value left unresolved) as a symbolic string.
   *
   * @example
   * refs.symbolize('${Orders.Arn}') // the table's symbolic ARN
   */
  symbolize(text: string): string {
    let out = ''
    let last = 0
    for (const m of text.matchAll(/\$\{(!?)([^}]*)\}/g)) {
      out += text.slice(last, m.index)
      out += m[1] === '!' ? `\${${m[2]}}` : this.placeholder(m[2] as string)
      last = (m.index ?? 0) + m[0].length
    }
    return normalizeArn(out + text.slice(last))
  }

  /** A template value (scalar, intrinsic, unresolved variable) as a symbolic string. */
  symbolizeNode(node: Node | undefined): string {
    if (node === undefined) return WILD
    if (node.kind === 'scalar') return node.value === null ? WILD : normalizeArn(String(node.value))
    if (node.kind === 'unknown') return this.symbolize(node.text)
    if (node.kind === 'intrinsic') {
      if (node.name === 'Fn::Sub' && node.arg.kind === 'seq') {
        // `!Sub [template, { Var: value }]`: the variables first, then the template.
        const [template, vars] = node.arg.items
        let text = str(template) ?? ''
        if (vars?.kind === 'map') {
          for (const [key, e] of vars.entries)
            text = text.replaceAll(`\${${key}}`, this.symbolizeNode(e.value))
        }
        return this.symbolize(text)
      }
      const text = templateText(node)
      return text === undefined ? WILD : this.symbolize(text)
    }
    return WILD
  }
}
