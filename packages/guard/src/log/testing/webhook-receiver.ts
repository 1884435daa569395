// A local HTTP server that records webhook deliveries (or stalls / fails on request).
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface WebhookReceiver {
  readonly url: string
  readonly received: { path: string; contentType: string | undefined; body: string }[]
  /** What to answer: a status code, or 'stall' to never answer. */
  answer: number | 'stall'
  close(): Promise<void>
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: WebhookReceiver['received'] = []
  const stalled: { destroy(): void }[] = []
  const receiver = { url: '', received, answer: 200 as number | 'stall', close: async () => {} }
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      })
      if (receiver.answer === 'stall') {
        stalled.push(response.socket as unknown as { destroy(): void })
        return
      }
      response.writeHead(receiver.answer, { 'content-type': 'text/plain' })
      response.end(receiver.answer === 200 ? 'ok' : 'no')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  receiver.url = `http://127.0.0.1:${port}`
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of stalled) socket.destroy()
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return receiver
}
