import { sls, template } from '../testing/project.js'
import { ruleTable } from '../testing/rule-table.js'
import { insecureTransport } from './insecure-transport.js'

const bucket = (props: string, policy = '') =>
  template(`Resources:
  Site:
    Type: AWS::S3::Bucket
    Properties:
${props}${policy}`)

const TLS_POLICY = `  SitePolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Site
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: '*'
            Action: 's3:*'
            Resource: [!Sub '\${Site.Arn}/*']
            Condition:
              Bool:
                aws:SecureTransport: 'false'
`

ruleTable(insecureTransport, {
  valid: [
    {
      name: 'https and local endpoints',
      files: sls(
        'service: s\nprovider:\n  name: aws\n  environment:\n    API: https://api.example.com\n    LOCAL: http://localhost:4566\nfunctions:\n  a:\n    handler: a.main\n',
      ),
    },
    {
      name: 'NODE_TLS_REJECT_UNAUTHORIZED left on',
      files: sls(
        'service: s\nprovider:\n  name: aws\n  environment:\n    NODE_TLS_REJECT_UNAUTHORIZED: "1"\nfunctions:\n  a:\n    handler: a.main\n',
      ),
    },
    { name: 'private bucket', files: bucket('      BucketName: private\n') },
    {
      name: 'public website bucket denying plain HTTP',
      files: bucket('      WebsiteConfiguration:\n        IndexDocument: index.html\n', TLS_POLICY),
    },
  ],
  invalid: [
    {
      // Set to get past a self-signed database or proxy certificate, for every connection.
      name: 'NODE_TLS_REJECT_UNAUTHORIZED=0, quoted in one function and a bare number in another',
      files: sls(
        'service: s\nprovider:\n  name: aws\nfunctions:\n  a:\n    handler: a.main\n    environment:\n      NODE_TLS_REJECT_UNAUTHORIZED: "0"\n  b:\n    handler: b.main\n    environment:\n      NODE_TLS_REJECT_UNAUTHORIZED: 0\n',
      ),
      findings: [
        { line: 8, severity: 'high', message: /certificate checks off/ },
        { line: 12, severity: 'high', message: /certificate checks off/ },
      ],
    },
    {
      name: 'http:// endpoint in the environment',
      files: sls(
        'service: s\nprovider:\n  name: aws\n  environment:\n    PAYMENTS_URL: http://payments.example.com/api\nfunctions:\n  a:\n    handler: a.main\n',
      ),
      findings: [{ line: 5, message: /PAYMENTS_URL/ }],
    },
    {
      name: 'public website bucket without a TLS-only policy',
      files: bucket(
        '      WebsiteConfiguration:\n        IndexDocument: index.html\n      PublicAccessBlockConfiguration:\n        BlockPublicPolicy: false\n',
      ),
      findings: [{ line: 2, message: /public bucket Site/ }],
    },
    {
      name: 'SNS over HTTP',
      files: template(
        'Resources:\n  Sub:\n    Type: AWS::SNS::Subscription\n    Properties:\n      Protocol: http\n      Endpoint: http://hooks.example.com\n      TopicArn: !Ref T\n',
      ),
      findings: [{ line: 2 }],
    },
  ],
})
