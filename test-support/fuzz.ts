// How many random cases a property test runs. The full count always runs on the machine's own
// Node (CI's first pass); CI's second and third passes, on Node 22 and 24, check that the code runs
// the same on the Lambda runtimes, and set BULWARK_FUZZ_SCALE=0.1 there so three passes of the
// 100,000-case suites fit in CI's time. Never scales above the written count.

const scale = readScale(process.env.BULWARK_FUZZ_SCALE)

function readScale(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1
  const value = Number(raw)
  if (!(value > 0 && value <= 1)) {
    throw new Error(`BULWARK_FUZZ_SCALE must be a number in (0, 1], got ${JSON.stringify(raw)}`)
  }
  return value
}

/** `runs` scaled by BULWARK_FUZZ_SCALE, at least 100 cases. */
export function fuzzRuns(runs: number): number {
  return Math.max(Math.min(runs, 100), Math.round(runs * scale))
}
