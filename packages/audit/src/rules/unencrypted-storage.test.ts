import { template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { unencryptedStorage } from './unencrypted-storage.js'

const resources = (body: string) => template(`Resources:\n${body}`)

ruleTable(unencryptedStorage, {
  valid: [
    {
      name: 'encrypted RDS',
      files: resources(
        '  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      StorageEncrypted: true\n',
      ),
    },
    {
      name: 'Aurora Serverless v1 is always encrypted',
      files: resources(
        '  Db:\n    Type: AWS::RDS::DBCluster\n    Properties:\n      Engine: aurora-mysql\n      EngineMode: serverless\n',
      ),
    },
    {
      name: 'DynamoDB default encryption',
      files: resources(
        '  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n',
      ),
    },
    {
      name: 'SQS with a KMS key',
      files: resources(
        '  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n      KmsMasterKeyId: alias/app\n',
      ),
    },
    {
      name: 'encryption set by a parameter is not guessed',
      files: resources(
        '  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      StorageEncrypted: !Ref Encrypt\n',
      ),
    },
  ],
  invalid: [
    {
      name: 'RDS without StorageEncrypted, EFS off, SQS SSE off',
      files: resources(
        '  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties:\n      Encrypted: false\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: false\n',
      ),
      findings: [
        { line: 2, severity: 'high', message: /RDS::DBInstance Db is not encrypted/ },
        { line: 9, severity: 'high', message: /EFS::FileSystem Fs .*is false/ },
        {
          line: 13,
          severity: 'medium',
          message: /SQS::Queue Q has server-side encryption turned off/,
        },
      ],
    },
  ],
})
