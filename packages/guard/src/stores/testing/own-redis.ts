// A redis-server of a test's own, on a free port: for what must not touch the shared Redis on
// 6379 (killing it, flushing its script cache) while other test files use it.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'

export async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Starts redis-server on `port` and resolves once it accepts connections. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  for (let i = 0; i < 200 && !output.includes('Ready to accept connections'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  if (!output.includes('Ready to accept connections')) {
    child.kill('SIGKILL')
    throw new Error(`redis-server did not start on port ${port}: ${output.slice(-500)}`)
  }
  return child
}

export async function stopRedis(child: ChildProcess): Promise<void> {
  // Killed by a signal, a process has a signalCode and no exitCode: either means it is gone, and
  // waiting for 'exit' again would wait forever.
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGKILL')
  await once(child, 'exit')
}
