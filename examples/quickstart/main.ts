// `npm start`: serves the quickstart routes on http://127.0.0.1:3000 with embedded defaults (no
// Redis, no database), shows a few requests and what the guard answered, then keeps serving.
//   PORT=3001 npm start       another port
//   npm start -- --once       show the requests, then stop (what the test runs)
import { serveRoutes, serverUrl } from '@bulwark/guard'
import { routes } from './routes.js'

const server = await serveRoutes(routes, { port: Number(process.env.PORT ?? 3000) })
const base = serverUrl(server)
console.log(`Bulwark quickstart listening on ${base}\n`)

async function show(method: string, path: string, init: RequestInit = {}) {
  const res = await fetch(`${base}${path}`, { method, ...init })
  console.log(`${method} ${path} → ${res.status} ${await res.text()}`)
}

await show('GET', '/health')
await show('POST', '/greet', {
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: 'Ada' }),
})
await show('POST', '/greet', {
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ name: '' }),
})
await show('POST', '/greet', {
  headers: { 'content-type': 'application/json' },
  body: '{"__proto__":{"admin":true}}',
})
await show('GET', '/notes')

if (process.argv.includes('--once')) {
  server.closeAllConnections()
  server.close()
} else {
  console.log(`\nTry it: curl -i ${base}/health   (Ctrl-C to stop)`)
}
