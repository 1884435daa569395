// A redis-server of the benchmark's own on a free port: both sides of a comparison share it, and
// nothing else talks to it, so its accounting (INFO commandstats, the main thread's CPU time in
// /proc) is the cost of what the benchmark sent and nothing else.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import {
  freePort,
  startRedis,
  stopRedis,
} from '../../packages/guard/src/stores/testing/own-redis.js'

export interface PrivateRedis {
  readonly port: number
  /** ns the server's main thread has spent on a CPU; undefined where /proc is not there. */
  cpuNs(): number | undefined
  stop(): Promise<void>
}

/** Starts `redis-server` (no persistence); rejects when it cannot. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const probe = spawnSync('redis-server', ['--version'])
  if (probe.error) throw probe.error
  const port = await freePort()
  const child = await startRedis(port)
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
    stop: () => stopRedis(child),
  }
}
