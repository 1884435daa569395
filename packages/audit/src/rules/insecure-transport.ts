import { at, bool, list, type Node, referencedIds, str } from '../load/tree.js'
import type { Resource, Service } from '../model/types.js'
import { OWASP, PRACTICE } from './practices.js'
import type { Report, Rule } from './types.js'

const LOCAL =
  /^http:\/\/(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal|[\w.-]+\.local)(:\d+)?(\/|$)/i

/** A number written unquoted (`NODE_TLS_REJECT_UNAUTHORIZED: 0`), as the text Lambda receives. */
function scalarText(node: Node): string | undefined {
  return node.kind === 'scalar' && typeof node.value === 'number' ? String(node.value) : undefined
}

/** `http://` to somewhere other than this machine. */
export function isPlainHttpUrl(text: string): boolean {
  return /^http:\/\//i.test(text.trim()) && !LOCAL.test(text.trim())
}

/** A bucket readable by anyone: a website, public ACL, public access block off, or a `*` policy. */
function isPublicBucket(bucket: Resource, policies: readonly Resource[]): boolean {
  const props = bucket.properties
  const acl = str(at(props, 'AccessControl')) ?? ''
  if (/^Public/.test(acl)) return true
  if (at(props, 'WebsiteConfiguration') !== undefined) return true
  const block = at(props, 'PublicAccessBlockConfiguration')
  if (
    block !== undefined &&
    ['BlockPublicPolicy', 'RestrictPublicBuckets'].some((k) => bool(at(block, k)) === false)
  ) {
    return true
  }
  return policies.some((p) =>
    statements(p).some((s) => str(at(s, 'Effect')) === 'Allow' && isEveryone(at(s, 'Principal'))),
  )
}

function isEveryone(principal: Node | undefined): boolean {
  if (str(principal) === '*') return true
  return list(at(principal, 'AWS')).some((p) => str(p) === '*')
}

function statements(policy: Resource): Node[] {
  return [...list(at(policy.properties, 'PolicyDocument', 'Statement'))]
}

/** A Deny on `aws:SecureTransport: false`: the bucket refuses plain HTTP. */
function enforcesTls(policies: readonly Resource[]): boolean {
  return policies.some((p) =>
    statements(p).some(
      (s) =>
        str(at(s, 'Effect')) === 'Deny' &&
        ['Bool', 'BoolIfExists'].some(
          (op) => str(at(s, 'Condition', op, 'aws:SecureTransport')) === 'false',
        ),
    ),
  )
}

function checkBuckets(service: Service, report: Report): void {
  const bucketPolicies = service.resources.filter((r) => r.type === 'AWS::S3::BucketPolicy')
  for (const bucket of service.resources.filter((r) => r.type === 'AWS::S3::Bucket')) {
    const policies = bucketPolicies.filter((p) =>
      referencedIds(at(p.properties, 'Bucket')).has(bucket.logicalId),
    )
    if (!isPublicBucket(bucket, policies) || enforcesTls(policies)) continue
    report({
      span: bucket.span,
      message: `public bucket ${bucket.logicalId} has no policy denying plain HTTP (aws:SecureTransport)`,
      subject: bucket.logicalId,
    })
  }
}

function checkResources(service: Service, report: Report): void {
  for (const r of service.resources) {
    const props = r.properties
    if (
      r.type === 'AWS::SNS::Subscription' &&
      str(at(props, 'Protocol'))?.toLowerCase() === 'http'
    ) {
      report({
        span: r.span,
        message: `SNS subscription ${r.logicalId} delivers messages over plain HTTP`,
        subject: r.logicalId,
      })
    }
    if (
      r.type === 'AWS::ElastiCache::ReplicationGroup' &&
      bool(at(props, 'TransitEncryptionEnabled')) === false
    ) {
      report({
        span: r.span,
        message: `ElastiCache ${r.logicalId} has TransitEncryptionEnabled: false`,
        subject: r.logicalId,
      })
    }
    if (
      /Domain$/.test(r.type) &&
      /OpenSearch|Elasticsearch/.test(r.type) &&
      bool(at(props, 'DomainEndpointOptions', 'EnforceHTTPS')) === false
    ) {
      report({
        span: r.span,
        message: `${r.logicalId} accepts plain HTTP (EnforceHTTPS: false)`,
        subject: r.logicalId,
      })
    }
    const policy = str(at(props, 'SecurityPolicy'))
    if (
      (r.type === 'AWS::ApiGateway::DomainName' || r.type === 'AWS::ApiGatewayV2::DomainName') &&
      policy === 'TLS_1_0'
    ) {
      report({
        span: r.span,
        severity: 'low',
        message: `custom domain ${r.logicalId} accepts TLS 1.0`,
        subject: r.logicalId,
      })
    }
  }
}

export const insecureTransport: Rule = {
  meta: {
    id: 'insecure-transport',
    title: 'Data sent or served without TLS',
    category: 'insecure-transport',
    severity: 'medium',
    practice: PRACTICE.protectData,
    owasp: OWASP.sensitiveData,
    docs: {
      what: '`http://` endpoints in function environments, `NODE_TLS_REJECT_UNAUTHORIZED=0`, SNS subscriptions over HTTP, caches and search domains with transport encryption off, custom domains accepting TLS 1.0, and public S3 buckets without a policy that denies plain HTTP.',
      why: 'Anything sent over plain HTTP can be read and changed on the way: tokens, personal data, webhooks. A public bucket reachable over HTTP serves content that can be tampered with.',
      fix: 'Use `https://` endpoints; turn transport encryption on; add a bucket policy statement that denies `s3:*` when `aws:SecureTransport` is false.',
      bad: 'environment:\n  PAYMENTS_URL: http://payments.example.com/api',
      good: 'environment:\n  PAYMENTS_URL: https://payments.example.com/api',
    },
  },
  check(project, report) {
    for (const service of project.services) {
      const seen = new Set<string>()
      for (const fn of service.functions) {
        if (fn.generated) continue
        for (const env of fn.environment) {
          const text = str(env.value) ?? scalarText(env.value)
          const tlsOff = env.name === 'NODE_TLS_REJECT_UNAUTHORIZED' && text?.trim() === '0'
          if (text === undefined || (!tlsOff && !isPlainHttpUrl(text))) continue
          const key = `${env.keySpan.line}:${env.keySpan.column}`
          if (seen.has(key)) continue
          seen.add(key)
          report({
            span: env.keySpan,
            ...(tlsOff ? { severity: 'high' as const } : {}),
            message: tlsOff
              ? 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns certificate checks off for every TLS connection of the function'
              : `environment variable ${env.name} points at a plain HTTP endpoint (${text.slice(0, 80)})`,
            function: fn.name,
            subject: env.name,
          })
        }
      }
      checkBuckets(service, report)
      checkResources(service, report)
    }
  },
}
