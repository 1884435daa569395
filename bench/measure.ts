// A small timing harness. Candidates run interleaved, one batch each per round, so that a busy
// moment on the machine hits all of them alike; the median batch is reported, so one GC pause
// does not decide a figure. Each batch is timed on the wall clock and on the process's CPU time:
// on a machine shared with other work the CPU time is the steadier of the two for CPU-bound code.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

export interface Candidate {
  readonly name: string
  readonly fn: () => unknown
  /** ns to take off each operation (the cost of preparing its input, measured separately). */
  readonly subtractNs?: number
}

export interface Measurement {
  readonly name: string
  readonly nsPerOp: number
  readonly opsPerSec: number
  /** CPU time of the process per operation (median round), GC and helper threads included. */
  readonly cpuNsPerOp: number
  /** ns per operation of each measured round, in round order (for per-round ratios). */
  readonly rounds: readonly number[]
  /**
   * CPU time (user + system, all threads of the process) per operation of each measured round: on
   * a machine shared with other work it counts less of the waiting than the clock does.
   */
  readonly cpuRounds: readonly number[]
}

export interface CompareOptions {
  /** Operations per timed batch. */
  readonly batch?: number
  readonly rounds?: number
  /** Rounds run first and not counted, so every candidate is measured with its code compiled. */
  readonly warmupRounds?: number
  /**
   * Collect garbage before each batch: a candidate that allocates much (an AST per file) otherwise
   * leaves its garbage to be collected, and timed, during the next candidate's batch.
   */
  readonly collectGarbage?: boolean
}

let gc: (() => void) | undefined
function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc')
    gc = runInNewContext('gc') as () => void
  }
  gc()
}

export async function compare(
  candidates: readonly Candidate[],
  {
    batch = 2000,
    rounds = 31,
    warmupRounds = 3,
    collectGarbage: clean = false,
  }: CompareOptions = {},
): Promise<Measurement[]> {
  const samples = candidates.map(() => [] as number[])
  const cpuSamples = candidates.map(() => [] as number[])
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const [index, candidate] of candidates.entries()) {
      if (clean) collectGarbage()
      const cpuStart = process.cpuUsage()
      const start = process.hrtime.bigint()
      for (let i = 0; i < batch; i++) await candidate.fn()
      const ns = Number(process.hrtime.bigint() - start) / batch
      const cpu = process.cpuUsage(cpuStart)
      if (round >= warmupRounds) {
        samples[index]?.push(ns)
        cpuSamples[index]?.push(((cpu.user + cpu.system) * 1000) / batch)
      }
    }
  }
  return candidates.map((candidate, index) => {
    const subtract = candidate.subtractNs ?? 0
    const inOrder = (samples[index] as number[]).map((ns) => Math.max(1, ns - subtract))
    const nsPerOp = median(inOrder)
    return {
      name: candidate.name,
      nsPerOp,
      opsPerSec: 1e9 / nsPerOp,
      cpuNsPerOp: Math.max(1, median(cpuSamples[index] as number[]) - subtract),
      rounds: inOrder,
      cpuRounds: cpuSamples[index] as number[],
    }
  })
}

/** The median of some numbers (the upper one of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] as number
}

export function printTable(results: readonly Measurement[], baseline: string): void {
  const base = results.find((r) => r.name === baseline)?.nsPerOp ?? 1
  const width = Math.max(...results.map((r) => r.name.length))
  console.log(
    `${'name'.padEnd(width)}  ${'ns/op'.padStart(9)}  ${'ops/s'.padStart(10)}  vs ${baseline}`,
  )
  for (const r of results) {
    console.log(
      `${r.name.padEnd(width)}  ${r.nsPerOp.toFixed(0).padStart(9)}  ${r.opsPerSec.toFixed(0).padStart(10)}  ${(r.nsPerOp / base).toFixed(2)}×`,
    )
  }
}
