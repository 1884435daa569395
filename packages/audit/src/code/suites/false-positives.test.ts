import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { analyzeProject, type Files } from '../testing/analyze.js'

/**
 * Benign code in the shapes real serverless projects have: every rule runs over it (handler mode
 * and file mode) and none may report anything.
 */
const BENIGN: Record<string, Files> = {
  'DynamoDB CRUD with the v3 document client (ESM)': {
    'src/handlers/get-item.mjs': `import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}))
const tableName = process.env.SAMPLE_TABLE
export const handler = async (event) => {
  if (event.httpMethod !== 'GET') throw new Error('only GET')
  const id = event.pathParameters.id
  const data = await ddb.send(new GetCommand({ TableName: tableName, Key: { id } }))
  await ddb.send(new PutCommand({ TableName: tableName, Item: { id, seen: Date.now() } }))
  console.info('response from', event.path, 'status', 200)
  return { statusCode: 200, body: JSON.stringify(data.Item) }
}
`,
  },
  'parameterized SQL and constant eval strings': {
    'handler.js': `const { Pool } = require('pg')
const pool = new Pool()
const ONE = eval('1')
exports.handler = async (event) => {
  const { name, email } = JSON.parse(event.body)
  await pool.query('INSERT INTO users(name, email) VALUES($1, $2)', [name, email])
  const { rows } = await pool.query('SELECT id FROM users WHERE email = $1 LIMIT ' + ONE, [email])
  console.log('created user', rows[0].id)
  return { statusCode: 201, body: JSON.stringify({ id: rows[0].id }) }
}
`,
  },
  'SQS batch processor logging ids only (TypeScript)': {
    'src/worker.ts': `import type { SQSEvent, SQSBatchResponse } from 'aws-lambda'
import { Logger } from '@aws-lambda-powertools/logger'
const logger = new Logger({ serviceName: 'worker' })
export const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const failures: { itemIdentifier: string }[] = []
  for (const record of event.Records) {
    try {
      const order = JSON.parse(record.body) as { orderId: string; amount: number }
      logger.info('processing order', { orderId: order.orderId, messageId: record.messageId })
    } catch {
      failures.push({ itemIdentifier: record.messageId })
    }
  }
  return { batchItemFailures: failures }
}
`,
  },
  'escaped HTML page and a safe redirect': {
    'page.js': `const escapeHtml = require('escape-html')
exports.handler = async (event) => {
  const name = escapeHtml(event.queryStringParameters?.name ?? 'world')
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Access-Control-Allow-Origin': 'https://app.example.com' },
    body: \`<html><body><h1>Hello \${name}</h1></body></html>\`,
  }
}
`,
  },
  'S3 presigned upload URL with a generated key': {
    'upload.js': `const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3')
const { getSignedUrl } = require('@aws-sdk/s3-request-presigner')
const { randomUUID } = require('crypto')
const s3 = new S3Client({})
exports.handler = async (event) => {
  const key = \`uploads/\${randomUUID()}.jpg\`
  const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: process.env.BUCKET, Key: key, ContentType: 'image/jpeg' }), { expiresIn: 300 })
  return { statusCode: 200, body: JSON.stringify({ url, key }) }
}
`,
  },
  'Express app with validation, parameterized queries and JSON responses': {
    'app.js': `const express = require('express')
const serverless = require('serverless-http')
const { z } = require('zod')
const db = require('./db')
const app = express()
app.use(express.json())
const Todo = z.object({ title: z.string().max(200) })
app.post('/todos', async (req, res) => {
  const todo = Todo.parse(req.body)
  const saved = await db.query('INSERT INTO todos(title) VALUES ($1) RETURNING id', [todo.title])
  res.status(201).json({ id: saved.rows[0].id })
})
app.get('/todos/:id', async (req, res) => {
  const id = Number.parseInt(req.params.id, 10)
  const { rows } = await db.query('SELECT * FROM todos WHERE id = ' + id)
  res.json(rows[0])
})
module.exports.handler = serverless(app)
`,
    'db.js': `const { Pool } = require('pg')
module.exports = new Pool({ connectionString: process.env.DATABASE_URL })
`,
  },
  'outgoing calls to fixed hosts and files under the code folder': {
    'proxy.js': `const axios = require('axios')
const fs = require('fs')
const path = require('path')
const template = fs.readFileSync(path.join(__dirname, 'template.html'), 'utf8')
exports.handler = async (event) => {
  const city = encodeURIComponent(event.queryStringParameters.city)
  const weather = await axios.get(\`https://api.weather.example.com/v1/\${city}\`, { timeout: 2000 })
  const res = await fetch(process.env.BACKEND_URL + '/stats?city=' + city)
  return { statusCode: 200, body: JSON.stringify({ weather: weather.data, stats: await res.json(), size: template.length }) }
}
`,
  },
  'secrets from Secrets Manager cached per container': {
    'secrets.js': `const { SecretsManagerClient, GetSecretValueCommand } = require('@aws-sdk/client-secrets-manager')
const client = new SecretsManagerClient({})
let cachedSecret
async function getApiKey() {
  if (!cachedSecret) {
    const out = await client.send(new GetSecretValueCommand({ SecretId: process.env.API_KEY_SECRET_ARN }))
    cachedSecret = out.SecretString
  }
  return cachedSecret
}
exports.handler = async () => {
  const apiKey = await getApiKey()
  const password = process.env.DB_PASSWORD
  const tokenHeader = 'x-api-token'
  return { statusCode: 200, body: JSON.stringify({ ok: Boolean(apiKey && password), tokenHeader }) }
}
`,
  },
  'JWT verified with pinned algorithms behind a bearer header': {
    'auth.js': `const jwt = require('jsonwebtoken')
const crypto = require('crypto')
exports.handler = async (event) => {
  const header = event.headers.authorization || ''
  const token = header.startsWith('Bearer ') ? header.slice(7) : ''
  const claims = jwt.verify(token, process.env.PUBLIC_KEY, { algorithms: ['RS256'], audience: 'api' })
  const etag = crypto.createHash('md5').update(JSON.stringify(claims)).digest('hex')
  const requestId = crypto.randomUUID()
  const jitter = Math.random() * 100
  return { statusCode: 200, headers: { ETag: etag }, body: JSON.stringify({ sub: claims.sub, requestId, jitter }) }
}
`,
  },
  'child_process with fixed arguments and an allowlisted format': {
    'convert.js': `const { execFile } = require('child_process')
const { promisify } = require('util')
const run = promisify(execFile)
const FORMATS = new Set(['png', 'webp'])
exports.handler = async (event) => {
  const format = event.queryStringParameters.format
  if (!FORMATS.has(format)) return { statusCode: 400, body: 'bad format' }
  await run('convert', ['/tmp/in.jpg', \`/tmp/out.\${format}\`])
  return { statusCode: 200 }
}
`,
  },
  'pagination cursors, prepared statements and a checked URL host': {
    'list.js': `const Database = require('better-sqlite3')
const db = new Database('/tmp/app.db')
const stmt = db.prepare('SELECT * FROM items WHERE owner = ? LIMIT 50')
exports.handler = async (event) => {
  const { nextToken, owner, callback } = JSON.parse(event.body)
  console.log('listing page', nextToken)
  const rows = stmt.all(owner)
  if (new URL(callback).hostname !== 'hooks.example.com') return { statusCode: 400 }
  await fetch(callback, { method: 'POST', body: JSON.stringify(rows) })
  return { statusCode: 200, body: JSON.stringify({ rows, nextToken }) }
}
`,
  },
  'middy handler with http-json-body-parser and validator': {
    'src/functions/hello/handler.ts': `import middy from '@middy/core'
import jsonBodyParser from '@middy/http-json-body-parser'
import httpErrorHandler from '@middy/http-error-handler'
const hello = async (event: { body: { name: string } }) => {
  return { statusCode: 200, body: JSON.stringify({ message: \`Hello \${event.body.name}\` }) }
}
export const main = middy(hello).use(jsonBodyParser()).use(httpErrorHandler())
`,
  },
}

describe('false positives: benign code stays silent', () => {
  for (const [name, files] of Object.entries(BENIGN)) {
    it(name, () => {
      const first = Object.keys(files)[0] as string
      const exportName = /hello\/handler/.test(first) ? 'main' : 'handler'
      const findings = analyzeProject(files, {
        handler: `${first.replace(/\.[^.]+$/, '')}.${exportName}`,
      })
      assert.deepEqual(
        findings.map((f) => `${f.rule} ${f.file}:${f.line}:${f.column} ${f.message}`),
        [],
      )
    })
  }
})
