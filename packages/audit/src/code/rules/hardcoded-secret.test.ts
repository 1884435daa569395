import { ruleTable } from '../testing/rule-table.js'
import { hardcodedSecret } from './hardcoded-secret.js'

ruleTable(hardcodedSecret, {
  valid: [
    {
      name: 'AWS documentation example key',
      handler: false,
      code: "const accessKeyId = 'AKIAIOSFODNN7EXAMPLE'",
    },
    {
      name: 'secret read from the environment',
      handler: false,
      code: 'const apiKey = process.env.API_KEY',
    },
    {
      name: 'placeholders',
      handler: false,
      code: "const config = { password: 'changeme', apiKey: '<your-api-key>', token: '${TOKEN}', clientSecret: 'xxxxxxxx' }",
    },
    {
      name: 'a UUID and a hash under non-secret names',
      handler: false,
      code: "const requestId = '3f2504e0-4f89-11d3-9a0c-0305e82c3301'\nconst passwordHash = '5f4dcc3b5aa765d61d8327deb882cf99'",
    },
    {
      name: 'parameter names and ARNs',
      handler: false,
      code: "const DB_PASSWORD_PARAM = '/prod/db/password'\nconst secretArn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db'\nconst passwordField = 'password'",
    },
    {
      name: 'a key in a test file',
      handler: false,
      file: 'test/handler.test.js',
      code: "const key = 'AKIAZZZZZZZZZZZZZZZZ'",
    },
    {
      name: 'a message that mentions a token',
      handler: false,
      code: "const error = { token: 'Token is missing or expired' }",
    },
  ],
  invalid: [
    {
      name: 'AWS access key ID',
      handler: false,
      code: "const s3 = new S3Client({\n  credentials: { accessKeyId: 'AKIAZ7VRSQ5Q3EXMPL2X', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzQ8KxR4LmT2a' },\n})",
      findings: [
        { line: 2, column: 31, severity: 'critical' },
        { line: 2, column: 72, severity: 'high' },
      ],
    },
    {
      name: 'private key in a template literal (TypeScript)',
      handler: false,
      file: 'keys.ts',
      code: 'export const signingKey = `-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----`',
      findings: [{ line: 1, column: 27, severity: 'critical' }],
    },
    {
      name: 'Stripe live key passed to a constructor',
      handler: false,
      code: "const stripe = require('stripe')('sk_live_51H8xKtLmNoPqRsTuVwXyZa0b')",
      findings: [{ line: 1, column: 34, severity: 'critical' }],
    },
    {
      name: 'literal password assigned to a secret-like name',
      handler: false,
      code: "const DB_PASSWORD = 'Winter2024!'",
      findings: [{ line: 1, column: 21, severity: 'high' }],
    },
    {
      name: 'high-entropy client secret in an object',
      handler: false,
      code: "module.exports = { clientId: 'app', clientSecret: 'q8Zr2Lx9Vt4Kp7Wm3Nc6Bd1Hf5Jg0Ys' }",
      findings: [{ line: 1, column: 51 }],
    },
    {
      name: 'password in a connection string',
      handler: false,
      code: "const url = 'postgres://admin:S3cr3tPa55@db.example.com:5432/app'",
      findings: [{ line: 1, column: 13 }],
    },
  ],
})
