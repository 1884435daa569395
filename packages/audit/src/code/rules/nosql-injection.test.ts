import { ruleTable } from '../testing/rule-table.js'
import { nosqlInjection } from './nosql-injection.js'

ruleTable(nosqlInjection, {
  valid: [
    {
      name: 'fields coerced to strings',
      code: "const { MongoClient } = require('mongodb')\nconst client = new MongoClient(process.env.URL)\nexports.handler = async (event) => {\n  const { username } = JSON.parse(event.body)\n  return client.db().collection('users').findOne({ username: String(username) })\n}",
    },
    {
      name: 'path parameter (always a string)',
      code: "const mongoose = require('mongoose')\nconst User = mongoose.model('User')\nexports.handler = async (event) => User.findOne({ _id: event.pathParameters.id })",
    },
    {
      name: 'find on an array (no MongoDB)',
      code: 'exports.handler = async (event) => [1, 2].find((x) => x === JSON.parse(event.body).n)',
    },
    {
      // An ETag or signature over the raw body in a file that also talks to MongoDB.
      name: 'hash.update(body) next to mongoose is not a query',
      code: "const mongoose = require('mongoose')\nconst crypto = require('crypto')\nexports.handler = async (event) => {\n  await mongoose.connect(process.env.MONGO_URI)\n  const etag = crypto.createHash('md5').update(event.body).digest('hex')\n  return { statusCode: 200, headers: { ETag: etag } }\n}",
    },
    {
      name: 'constant $where',
      code: "const mongoose = require('mongoose')\nexports.handler = async () => mongoose.model('T').find({ $where: 'this.a > 1' })",
    },
  ],
  invalid: [
    {
      name: 'login with body fields straight into findOne',
      code: "const { MongoClient } = require('mongodb')\nconst client = new MongoClient(process.env.URL)\nexports.handler = async (event) => {\n  const { username, password } = JSON.parse(event.body)\n  const user = await client.db().collection('users').findOne({ username, password })\n  return { statusCode: user ? 200 : 401 }\n}",
      findings: [{ line: 5, column: 22 }],
    },
    {
      name: 'the whole parsed body as a query (Express + mongoose)',
      files: {
        'app.js':
          "const express = require('express')\nconst mongoose = require('mongoose')\nconst serverless = require('serverless-http')\nconst Item = mongoose.model('Item')\nconst app = express()\napp.post('/search', async (req, res) => res.json(await Item.find(req.body)))\nmodule.exports.handler = serverless(app)",
      },
      findings: [{ line: 6, column: 56 }],
    },
    {
      name: '$where built from the event',
      code: "const mongoose = require('mongoose')\nexports.handler = async (event) => mongoose.model('T').find({ $where: 'this.owner == \"' + event.body + '\"' })",
      findings: [{ line: 2, column: 63, severity: 'critical' }],
    },
  ],
})
