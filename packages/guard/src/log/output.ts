/** Where JSON lines go: one call per line, without the trailing newline. */
export type LineWriter = (line: string) => void

/**
 * Standard output, which is what CloudWatch Logs ingests from Lambda. Written directly (not via
 * `console.log`) so Lambda does not prefix the line and it stays parseable JSON.
 *
 * @example
 * const write = stdoutWriter()
 * write('{"level":"info","message":"ready"}')
 */
export function stdoutWriter(): LineWriter {
  // Read on the first line, not here: process.stdout is built on first access (a stream, a few
  // ms of a cold start), and most guards are created at import time.
  return (line) => {
    const stdout = globalThis.process?.stdout
    if (stdout && typeof stdout.write === 'function') stdout.write(`${line}\n`)
    else console.log(line)
  }
}

/**
 * Standard error, for alerts and for the rare message about the logging machinery itself.
 *
 * @example
 * stderrWriter()('{"alert":true}')
 */
export function stderrWriter(): LineWriter {
  const stderr = globalThis.process?.stderr
  if (stderr && typeof stderr.write === 'function') return (line) => void stderr.write(`${line}\n`)
  return (line) => console.error(line)
}

/**
 * The Lambda function name, when running on Lambda.
 *
 * @example
 * lambdaFunctionName() // 'bank-transfers' on Lambda, undefined elsewhere
 */
export function lambdaFunctionName(): string | undefined {
  return globalThis.process?.env?.AWS_LAMBDA_FUNCTION_NAME || undefined
}
