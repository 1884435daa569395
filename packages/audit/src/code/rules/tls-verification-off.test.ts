import { ruleTable } from '../testing/rule-table.js'
import { tlsVerificationOff } from './tls-verification-off.js'

ruleTable(tlsVerificationOff, {
  valid: [
    {
      name: 'verification on, with the RDS CA bundle',
      code: "const { Pool } = require('pg')\nconst fs = require('fs')\nconst pool = new Pool({ ssl: { rejectUnauthorized: true, ca: fs.readFileSync('global-bundle.pem', 'utf8') } })\nexports.handler = async () => pool.query('select 1')",
    },
    {
      name: 'the option off only outside production is still a constant-free expression',
      code: "const { Pool } = require('pg')\nconst pool = new Pool({ ssl: process.env.CA ? { ca: process.env.CA } : undefined })\nexports.handler = async () => pool.query('select 1')",
    },
    {
      name: 'an unrelated flag with the same value',
      code: 'exports.handler = async () => ({ statusCode: 200, body: JSON.stringify({ strict: false, insecure: false }) })',
    },
  ],
  invalid: [
    {
      // The node-postgres idiom copied from answers about RDS "self signed certificate" errors.
      name: 'pg pool with ssl.rejectUnauthorized false, built in a helper',
      file: 'auth.ts',
      code: "import { Pool } from 'pg'\n\nconst getDbPool = () => new Pool({\n  host: process.env.DB_HOST,\n  password: process.env.DB_PASSWORD,\n  ssl: {\n    rejectUnauthorized: false\n  }\n})\n\nexport const handler = async (event: any) => {\n  const pool = getDbPool()\n  return pool.query('select 1')\n}",
      findings: [{ line: 7, column: 5 }],
    },
    {
      name: 'MongoDB client accepting any certificate',
      code: "const { MongoClient } = require('mongodb')\nconst client = new MongoClient(process.env.MONGO_URL, { tls: true, tlsAllowInvalidCertificates: true })\nexports.handler = async () => client.db().collection('x').findOne({})",
      findings: [{ line: 2, column: 68 }],
    },
    {
      name: 'the process-wide switch',
      code: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'\nexports.handler = async () => fetch('https://internal.example.com')",
      findings: [{ line: 1, column: 44, severity: 'high' }],
    },
  ],
})
