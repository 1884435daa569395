// A deliberately insecure Lambda handler: one instance of each mistake the guide warns about.
// Every line marked `BAD:` is a true finding; expected.json lists them for tests and benchmarks.
const { execSync } = require('child_process')
const fs = require('fs')
const crypto = require('crypto')
const mysql = require('mysql')
const axios = require('axios')
const cookie = require('cookie')
const jwt = require('jsonwebtoken')

const AWS_ACCESS_KEY_ID = 'AKIAZ7VRSQ5Q3PLMK2XA' // BAD: hard-coded AWS key
const db = mysql.createConnection({
  host: process.env.DB_HOST,
  user: 'app',
  ssl: { rejectUnauthorized: false }, // BAD: TLS certificate checks off
})
let lastUser

const headers = {
  'Content-Type': 'application/json',
  'Access-Control-Allow-Origin': '*', // BAD: wildcard CORS
}

exports.handler = async (event) => {
  const body = JSON.parse(event.body || '{}')
  const { username, password, report, avatarUrl, formula } = body

  const session = cookie.parse(event.headers.Cookie || '').session // BAD: cookie auth
  const claims = jwt.decode(event.headers.Authorization) // BAD: jwt.decode used to authenticate
  if (!claims || claims.sub !== session) return { statusCode: 401, headers, body: '' }
  lastUser = claims // BAD: user data kept in module scope

  console.log('login attempt', username, password) // BAD: password logged
  const hash = crypto.createHash('md5').update(password).digest('hex') // BAD: md5 for a password

  db.query("SELECT * FROM users WHERE name = '" + username + "' AND hash = '" + hash + "'") // BAD: SQL by concatenation
  const total = eval(formula) // BAD: eval of request data
  execSync(`zip /tmp/out.zip /tmp/reports/${report}`) // BAD: command injection through destructured execSync
  const avatar = await axios.get(avatarUrl) // BAD: SSRF
  const pdf = fs.readFileSync('/var/task/reports/' + event.pathParameters.name) // BAD: path traversal

  return {
    statusCode: 200,
    headers,
    body: JSON.stringify({
      total,
      avatar: avatar.status,
      size: pdf.length,
      key: AWS_ACCESS_KEY_ID.length,
    }),
  }
}
