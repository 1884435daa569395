// A redis-server of the benchmark's own on a free port: both sides of a comparison share it, and
// nothing else talks to it, so its accounting (INFO commandstats, the main thread's CPU time in
// /proc) is the cost of what the benchmark sent and nothing else.
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

export interface PrivateRedis {
  readonly port: number
  /** ns the server's main thread has spent on a CPU; undefined where /proc is not there. */
  cpuNs(): number | undefined
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as { port: number }
  server.close()
  await once(server, 'close')
  return port
}

/** Starts `redis-server` (no persistence); rejects when it cannot. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const failed = once(child, 'error')
  let output = ''
  child.stdout?.on('data', (chunk) => {
    output += String(chunk)
  })
  for (let i = 0; i < 200 && !output.includes('Ready to accept connections'); i++) {
    const settled = await Promise.race([
      failed.then(([error]) => error as Error),
      new Promise((resolve) => setTimeout(resolve, 25)),
    ])
    if (settled instanceof Error) throw settled
  }
  if (!output.includes('Ready to accept connections')) {
    child.kill('SIGKILL')
    throw new Error('redis-server did not start')
  }
  const schedstat = `/proc/${child.pid}/task/${child.pid}/schedstat`
  return {
    port,
    cpuNs() {
      try {
        return Number(readFileSync(schedstat, 'utf8').split(' ')[0])
      } catch {
        return undefined
      }
    },
    async stop() {
      if (child.exitCode !== null) return
      child.kill('SIGTERM')
      await once(child, 'exit')
    },
  }
}
