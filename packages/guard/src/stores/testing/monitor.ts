// Counts the commands one connection sends, as Redis itself sees them, through MONITOR on a plain
// socket. (ioredis's own monitor() can throw "Command queue state error" when MONITOR lines arrive
// while other clients keep the server busy, which every shared test Redis does.)
import { once } from 'node:events'
import { connect } from 'node:net'

export interface RedisMonitor {
  /** Command names (lower-case) sent from `source` (`host:port`) since the monitor started. */
  commandsFrom(source: string): string[]
  stop(): void
}

// +1339518083.107412 [0 127.0.0.1:60866] "evalsha" "…"
const LINE = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/

export async function monitorRedis(port = 6379, host = '127.0.0.1'): Promise<RedisMonitor> {
  const socket = connect(port, host)
  await once(socket, 'connect')
  const seen: Array<{ source: string; command: string }> = []
  let buffer = ''
  let ready: () => void = () => {}
  const started = new Promise<void>((resolve) => {
    ready = resolve
  })
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    buffer += chunk
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      if (line === '+OK') ready()
      const match = LINE.exec(line)
      if (match)
        seen.push({ source: match[1] as string, command: (match[2] as string).toLowerCase() })
    }
  })
  socket.write('MONITOR\r\n')
  await started
  return {
    commandsFrom: (source) => seen.filter((s) => s.source === source).map((s) => s.command),
    stop: () => socket.destroy(),
  }
}
