import { ruleTable } from '../testing/rule-table.js'
import { sqlInjection } from './sql-injection.js'

ruleTable(sqlInjection, {
  valid: [
    {
      name: 'parameterized pg query',
      code: "const { Pool } = require('pg')\nconst pool = new Pool()\nexports.handler = async (event) => pool.query('SELECT * FROM users WHERE id = $1', [event.pathParameters.id])",
    },
    {
      name: 'mysql placeholders',
      code: "const mysql = require('mysql2/promise')\nexports.handler = async (event) => {\n  const conn = await mysql.createConnection({})\n  return conn.execute('SELECT * FROM t WHERE a = ? AND b = ?', [event.body, 1])\n}",
    },
    {
      name: 'sql tagged template (parameters)',
      file: 'handler.ts',
      code: "import { sql } from '@vercel/postgres'\nexport const handler = async (event: any) => sql`SELECT * FROM users WHERE id = ${event.pathParameters.id}`",
    },
    {
      name: 'DynamoDB with ExpressionAttributeValues',
      code: "const { DynamoDBDocumentClient, QueryCommand } = require('@aws-sdk/lib-dynamodb')\nexports.handler = async (event) => client.send(new QueryCommand({ TableName: 'T', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': event.pathParameters.id } }))",
    },
    {
      name: 'number coerced before concatenation',
      code: "const { Pool } = require('pg')\nconst pool = new Pool()\nexports.handler = async (event) => pool.query('SELECT * FROM t LIMIT ' + Number(event.queryStringParameters.limit))",
    },
    {
      name: 'constant table name from the environment',
      code: "const db = require('./db')\nexports.handler = async () => db.query('SELECT * FROM ' + process.env.TABLE)",
    },
  ],
  invalid: [
    {
      name: 'pg query built by concatenation',
      code: 'const { Pool } = require(\'pg\')\nconst pool = new Pool()\nexports.handler = async (event) => {\n  const id = event.pathParameters.id\n  const { rows } = await pool.query("SELECT * FROM users WHERE id = \'" + id + "\'")\n  return rows\n}',
      findings: [{ line: 5, column: 26 }],
    },
    {
      name: 'mysql template literal in TypeScript',
      file: 'handler.ts',
      code: "import mysql from 'mysql'\nconst connection = mysql.createConnection({ host: process.env.DB_HOST })\nexport const handler = async (event: any) => {\n  const body = JSON.parse(event.body)\n  connection.query(`SELECT * FROM orders WHERE customer = '${body.customer}'`)\n}",
      findings: [{ line: 5, column: 3 }],
    },
    {
      name: 'knex.raw and sequelize.query',
      code: "const knex = require('knex')({ client: 'pg' })\nconst { Sequelize } = require('sequelize')\nconst sequelize = new Sequelize('db')\nexports.handler = async (event) => {\n  await knex.raw('DELETE FROM t WHERE id = ' + event.body)\n  await sequelize.query(`SELECT * FROM t WHERE name = '${event.queryStringParameters.name}'`)\n}",
      findings: [
        { line: 5, column: 9 },
        { line: 6, column: 9 },
      ],
    },
    {
      name: 'DynamoDB FilterExpression built from the event',
      code: "const AWS = require('aws-sdk')\nconst docClient = new AWS.DynamoDB.DocumentClient()\nexports.handler = async (event) => {\n  const params = {\n    TableName: 'notes',\n    FilterExpression: 'owner = ' + event.queryStringParameters.owner,\n  }\n  return docClient.scan(params).promise()\n}",
      findings: [{ line: 6, column: 5 }],
    },
    {
      name: 'query built in a project helper (better-sqlite3)',
      files: {
        'handler.js':
          "const { findUser } = require('./repo')\nexports.handler = async (event) => findUser(event.queryStringParameters.name)",
        'repo.js':
          "const Database = require('better-sqlite3')\nconst db = new Database('/tmp/app.db')\nexports.findUser = (name) => {\n  const sql = `SELECT * FROM users WHERE name = '${name}'`\n  return db.prepare(sql).get()\n}",
      },
      findings: [{ file: 'repo.js', line: 5, column: 10 }],
    },
    {
      name: 'query string built up with +=',
      code: "const db = require('./db')\nexports.handler = async (event) => {\n  let q = 'SELECT * FROM items'\n  q += ' WHERE tag = ' + event.queryStringParameters.tag\n  return db.query(q)\n}",
      findings: [{ line: 5, column: 10 }],
    },
  ],
})
