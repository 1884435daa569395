// More deliberately insecure code: each line marked with the rule it exercises.
import crypto from 'node:crypto'
import jwt from 'jsonwebtoken'
import { MongoClient } from 'mongodb'
import serialize from 'node-serialize'

const mongo = new MongoClient(process.env.MONGO_URL ?? '')

export const handler = async (event: { body: string; headers: Record<string, string> }) => {
  const claims = jwt.verify(event.headers.authorization ?? '', process.env.JWT_KEY ?? '') // jwt-weak-verify
  const prefs = serialize.unserialize(event.headers['x-prefs'] ?? '{}') // unsafe-deserialization
  const { email, password } = JSON.parse(event.body)
  const user = await mongo.db().collection('users').findOne({ email, password }) // nosql-injection
  const resetToken = Math.random().toString(36).slice(2) // insecure-random
  const cipher = crypto.createCipher('aes-256-cbc', resetToken) // weak-cipher
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'text/html' },
    body: `<p>Welcome back ${email}</p>${cipher.update(JSON.stringify({ claims, prefs, user }), 'utf8', 'hex')}`, // reflected-xss
  }
}
