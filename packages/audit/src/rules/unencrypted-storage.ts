import { at, bool, str } from '../load/tree.js'
import type { Resource } from '../model/types.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Rule } from './types.js'

interface StorageCheck {
  readonly types: readonly string[]
  /** A message when the resource is not encrypted, or undefined when it is (or cannot be told). */
  check(resource: Resource): { message: string; span?: Resource['span'] } | undefined
}

/** A boolean property that must be true; `absent` says what its absence means. */
function mustBeTrue(property: string, absent: 'unencrypted' | 'encrypted') {
  return (r: Resource) => {
    const node = at(r.properties, ...property.split('.'))
    const value = bool(node)
    if (value === true || (node !== undefined && value === undefined)) return undefined
    if (value === undefined && absent === 'encrypted') return undefined
    return {
      message: `${r.type.replace('AWS::', '')} ${r.logicalId} is not encrypted at rest (${property} ${value === false ? 'is false' : 'is not set'})`,
      ...(node === undefined ? {} : { span: node.span }),
    }
  }
}

const CHECKS: readonly StorageCheck[] = [
  {
    types: ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'],
    check(r) {
      // Aurora Serverless v1 is always encrypted; instances of a cluster inherit its setting;
      // a restore from a snapshot keeps the snapshot's encryption.
      if (str(at(r.properties, 'EngineMode')) === 'serverless') return undefined
      if (at(r.properties, 'DBClusterIdentifier') !== undefined) return undefined
      if (
        at(r.properties, 'DBSnapshotIdentifier') !== undefined ||
        at(r.properties, 'SnapshotIdentifier') !== undefined
      )
        return undefined
      if (at(r.properties, 'SourceDBInstanceIdentifier') !== undefined) return undefined
      return mustBeTrue('StorageEncrypted', 'unencrypted')(r)
    },
  },
  {
    types: ['AWS::DocDB::DBCluster', 'AWS::Neptune::DBCluster'],
    check: mustBeTrue('StorageEncrypted', 'unencrypted'),
  },
  { types: ['AWS::EFS::FileSystem'], check: mustBeTrue('Encrypted', 'unencrypted') },
  {
    types: ['AWS::ElastiCache::ReplicationGroup'],
    check: mustBeTrue('AtRestEncryptionEnabled', 'unencrypted'),
  },
  { types: ['AWS::Redshift::Cluster'], check: mustBeTrue('Encrypted', 'encrypted') },
  {
    types: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
    check: mustBeTrue('EncryptionAtRestOptions.Enabled', 'unencrypted'),
  },
  {
    types: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
    check: explicitlyOff(
      'SSESpecification.SSEEnabled',
      'uses the AWS-owned key (SSEEnabled: false): no key policy or CloudTrail record controls who decrypts it',
    ),
  },
  {
    types: ['AWS::SQS::Queue'],
    check: explicitlyOff(
      'SqsManagedSseEnabled',
      'has server-side encryption turned off',
      'KmsMasterKeyId',
    ),
  },
  {
    types: ['AWS::Kinesis::Stream'],
    check: (r) =>
      at(r.properties, 'StreamEncryption') === undefined
        ? {
            message: `Kinesis stream ${r.logicalId} is not encrypted at rest (no StreamEncryption)`,
          }
        : undefined,
  },
  { types: ['AWS::SNS::Topic'], check: () => undefined },
]

function explicitlyOff(property: string, what: string, unless?: string) {
  return (r: Resource) => {
    const node = at(r.properties, ...property.split('.'))
    if (bool(node) !== false) return undefined
    if (unless !== undefined && at(r.properties, unless) !== undefined) return undefined
    return {
      message: `${r.type.replace('AWS::', '')} ${r.logicalId} ${what}`,
      ...(node === undefined ? {} : { span: node.span }),
    }
  }
}

export const unencryptedStorage: Rule = {
  meta: {
    id: 'unencrypted-storage',
    title: 'Data store not encrypted at rest',
    category: 'unencrypted-storage',
    severity: 'medium',
    practice: PRACTICE.protectData,
    owasp: OWASP.sensitiveData,
    docs: {
      what: 'A database, file system, cache, queue or stream whose encryption at rest is turned off or not enabled where CloudFormation leaves it off by default: RDS, Aurora, DocumentDB and Neptune without `StorageEncrypted: true`, EFS without `Encrypted`, ElastiCache without at-rest encryption, OpenSearch without `EncryptionAtRestOptions`, Kinesis without `StreamEncryption`, SQS with `SqsManagedSseEnabled: false`.',
      why: 'Unencrypted storage exposes user data in snapshots, backups and disks, and encryption cannot be turned on later for RDS without copying the database.',
      fix: 'Turn encryption on when the resource is created (`StorageEncrypted: true`, a KMS key where you need to control decryption).',
      bad: 'Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres',
      good: 'Database:\n  Type: AWS::RDS::DBInstance\n  Properties:\n    Engine: postgres\n    StorageEncrypted: true',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      for (const resource of service.resources) {
        const check = CHECKS.find((c) => c.types.includes(resource.type))
        const problem = check?.check(resource)
        if (problem === undefined) continue
        report({
          span: problem.span ?? resource.span,
          severity: /RDS|DocDB|Neptune|EFS/.test(resource.type)
            ? 'high'
            : resource.type.startsWith('AWS::DynamoDB')
              ? 'low'
              : 'medium',
          message: problem.message,
          subject: resource.logicalId,
        })
      }
    }
  },
}
