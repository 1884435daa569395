// A small timing harness. Candidates run interleaved, one batch each per round, so that a busy
// moment on the machine hits all of them alike; the median batch is reported, so one GC pause
// does not decide a figure.

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
}

export async function compare(
  candidates: readonly Candidate[],
  { batch = 2000, rounds = 31, warmupRounds = 3 } = {},
): Promise<Measurement[]> {
  const samples = candidates.map(() => [] as number[])
  for (let round = 0; round < warmupRounds + rounds; round++) {
    for (const [index, candidate] of candidates.entries()) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < batch; i++) await candidate.fn()
      const ns = Number(process.hrtime.bigint() - start) / batch
      if (round >= warmupRounds) samples[index]?.push(ns)
    }
  }
  return candidates.map((candidate, index) => {
    const sorted = (samples[index] as number[]).sort((a, b) => a - b)
    const median = sorted[Math.floor(sorted.length / 2)] as number
    const nsPerOp = Math.max(1, median - (candidate.subtractNs ?? 0))
    return { name: candidate.name, nsPerOp, opsPerSec: 1e9 / nsPerOp }
  })
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
