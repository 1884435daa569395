// A small timing harness. Candidates run interleaved, one batch each per round, so that a busy
// moment on the machine hits all of them alike; the median batch is reported, so one GC pause
// does not decide a figure. Each batch is timed on the wall clock and on the process's CPU time:
// on a machine shared with other work the CPU time is the steadier of the two for CPU-bound code.

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
  /** CPU time of the process per operation (median batch), GC and helper threads included. */
  readonly cpuNsPerOp: number
}

export async function compare(
  candidates: readonly Candidate[],
  { batch = 2000, rounds = 31, warmupRounds = 3 } = {},
): Promise<Measurement[]> {
  const samples = candidates.map(() => [] as number[])
  const cpuSamples = candidates.map(() => [] as number[])
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const [index, candidate] of candidates.entries()) {
      const cpu = process.cpuUsage()
      const start = process.hrtime.bigint()
      for (let i = 0; i < batch; i++) await candidate.fn()
      const ns = Number(process.hrtime.bigint() - start) / batch
      const used = process.cpuUsage(cpu)
      if (round >= warmupRounds) {
        samples[index]?.push(ns)
        cpuSamples[index]?.push(((used.user + used.system) * 1000) / batch)
      }
    }
  }
  const median = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number
  return candidates.map((candidate, index) => {
    const subtract = candidate.subtractNs ?? 0
    const nsPerOp = Math.max(1, median(samples[index] as number[]) - subtract)
    const cpuNsPerOp = Math.max(1, median(cpuSamples[index] as number[]) - subtract)
    return { name: candidate.name, nsPerOp, opsPerSec: 1e9 / nsPerOp, cpuNsPerOp }
  })
}

export function printTable(results: readonly Measurement[], baseline: string): void {
  const base = results.find((r) => r.name === baseline)?.nsPerOp ?? 1
  const width = Math.max(...results.map((r) => r.name.length))
  const cpuBase = results.find((r) => r.name === baseline)?.cpuNsPerOp ?? 1
  console.log(
    `${'name'.padEnd(width)}  ${'ns/op'.padStart(9)}  ${'ops/s'.padStart(10)}  ${`vs ${baseline}`.padStart(8)}  ${'CPU ns/op'.padStart(9)}  vs ${baseline}`,
  )
  for (const r of results) {
    console.log(
      `${r.name.padEnd(width)}  ${r.nsPerOp.toFixed(0).padStart(9)}  ${r.opsPerSec.toFixed(0).padStart(10)}  ${`${(r.nsPerOp / base).toFixed(2)}×`.padStart(8)}  ${r.cpuNsPerOp.toFixed(0).padStart(9)}  ${(r.cpuNsPerOp / cpuBase).toFixed(2)}×`,
    )
  }
}
