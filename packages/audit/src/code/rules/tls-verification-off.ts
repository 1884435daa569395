import type { CodeRule } from '../rule.js'
import { OWASP } from './support.js'

/**
 * Client options that turn certificate checks off: node's tls/https (`rejectUnauthorized`), the
 * MongoDB driver (`tlsAllowInvalidCertificates`, `tlsInsecure`, `sslValidate`), `request`
 * (`strictSSL`). The value that means "off" differs per option.
 */
const INSECURE_OPTIONS: ReadonlyMap<string, boolean> = new Map([
  ['rejectUnauthorized', false],
  ['strictSSL', false],
  ['sslValidate', false],
  ['tlsAllowInvalidCertificates', true],
  ['tlsAllowInvalidHostnames', true],
  ['tlsInsecure', true],
])

/** Certificate verification turned off in code: a client option, or the process-wide switch. */
export const tlsVerificationOff: CodeRule = {
  meta: {
    id: 'tls-verification-off',
    title: 'TLS certificate checks turned off',
    category: 'insecure-transport',
    severity: 'medium',
    practice: 'Protect user data: encryption at rest and in transit',
    owasp: OWASP.dataExposure,
    docs: {
      what: 'A database, HTTP or TLS client created with certificate verification off (`ssl: { rejectUnauthorized: false }`, `tlsAllowInvalidCertificates: true`, `strictSSL: false`), or `process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"`.',
      why: "The connection is still encrypted but to anyone: whoever sits on the path presents their own certificate and reads the traffic, the database password and users' data included.",
      fix: 'Keep verification on and trust the right CA instead: for RDS, pass the AWS RDS CA bundle as `ssl: { ca }` (or use the RDS Proxy / Data API); for internal services, their CA certificate.',
      bad: 'new Pool({ host, password, ssl: { rejectUnauthorized: false } })',
      good: "new Pool({ host, password, ssl: { ca: fs.readFileSync('global-bundle.pem', 'utf8') } })",
    },
  },
  create(ctx) {
    return {
      object(site) {
        for (const [key, { value, node }] of site.props) {
          const off = INSECURE_OPTIONS.get(key)
          if (off === undefined || value.lit !== off) continue
          ctx.report(
            { module: site.module, node },
            `\`${key}: ${off}\` turns TLS certificate checks off: anyone on the network path can read and change the traffic.`,
          )
        }
      },
      store(site) {
        if (site.name !== 'NODE_TLS_REJECT_UNAUTHORIZED') return
        if (site.value.str !== '0' && site.value.lit !== 0) return
        ctx.report(
          { module: site.module, node: site.valueNode },
          'NODE_TLS_REJECT_UNAUTHORIZED = 0 turns certificate checks off for every TLS connection of the function.',
          'high',
        )
      },
    }
  },
}
