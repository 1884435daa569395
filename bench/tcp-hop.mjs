// A TCP forwarder in its own process, between the benchmark and Redis: each round trip then
// crosses one more socket hop and one more process, as it would cross a network to ElastiCache.
// Usage: node bench/tcp-hop.mjs <targetPort>; prints the port it listens on.
import { connect, createServer } from 'node:net'

const target = Number(process.argv[2] ?? 6379)
const server = createServer((client) => {
  client.setNoDelay(true)
  const upstream = connect({ host: '127.0.0.1', port: target })
  upstream.setNoDelay(true)
  client.pipe(upstream)
  upstream.pipe(client)
  const close = () => {
    client.destroy()
    upstream.destroy()
  }
  client.on('error', close)
  upstream.on('error', close)
  client.on('close', close)
  upstream.on('close', close)
})
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`)
})
process.on('disconnect', () => process.exit(0))
process.stdin.on('end', () => process.exit(0))
process.stdin.resume()
