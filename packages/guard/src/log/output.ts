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
  return streamWriter('stdout', (line) => console.log(line))
}

/**
 * Standard error, for alerts and for the rare message about the logging machinery itself.
 *
 * @example
 * stderrWriter()('{"alert":true}')
 */
export function stderrWriter(): LineWriter {
  return streamWriter('stderr', (line) => console.error(line))
}

// The stream is read on the first line, not when the writer is made: process.stdout and stderr are
// built on first access (a stream, a few ms of a cold start), and guards are made at import time.
function streamWriter(name: 'stdout' | 'stderr', fallback: LineWriter): LineWriter {
  return (line) => {
    const stream = globalThis.process?.[name]
    if (stream && typeof stream.write === 'function') stream.write(`${line}\n`)
    else fallback(line)
  }
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
