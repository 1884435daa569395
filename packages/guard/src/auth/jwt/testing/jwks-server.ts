import { createServer, type Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/** How the test JWKS endpoint answers. */
export type JwksServerMode = 'ok' | 'error' | 'garbage' | 'hang' | 'redirect'

/**
 * A real HTTP server (node:http on 127.0.0.1) that publishes a JWKS the way an identity provider
 * does, and can misbehave on demand: fail with 500, answer non-JSON, redirect, or accept the
 * connection and never answer. `stop()` closes the port so that connections are refused.
 *
 * @example
 * const server = await startJwksServer({ keys: [publicJwk] })
 * createJwtVerifier({ …, jwks: server.url })
 */
export async function startJwksServer(initial: { keys: object[] }) {
  let jwks = initial
  let mode: JwksServerMode = 'ok'
  let hits = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end()
      return
    }
    hits++
    if (mode === 'hang') return
    if (mode === 'error') response.writeHead(500).end('{"error":"boom"}')
    else if (mode === 'garbage')
      response.writeHead(200, { 'content-type': 'text/html' }).end('<h1>')
    else if (mode === 'redirect') {
      response.writeHead(302, { location: 'http://127.0.0.1:1/jwks.json' }).end()
    } else {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks))
    }
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    /** Requests for the JWKS so far. */
    get hits() {
      return hits
    },
    setKeys(next: { keys: object[] }) {
      jwks = next
    },
    setMode(next: JwksServerMode) {
      mode = next
    },
    async stop() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

export type JwksServer = Awaited<ReturnType<typeof startJwksServer>>
