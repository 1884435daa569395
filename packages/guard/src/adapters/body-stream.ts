/**
 * Reads at most `limit + 1` bytes of a body stream. A longer body is cut there and the stream
 * cancelled, so an oversized upload costs a bounded amount of memory and is then refused (413)
 * by the pipeline's size check, which sees more than `limit` bytes.
 */
export async function readBodyWithin(
  chunks: AsyncIterable<Uint8Array> | undefined,
  limit: number,
): Promise<Uint8Array | undefined> {
  if (chunks === undefined) return undefined
  const parts: Uint8Array[] = []
  let total = 0
  for await (const chunk of chunks) {
    parts.push(chunk)
    total += chunk.byteLength
    if (total > limit) {
      return concat(parts, limit + 1)
    }
  }
  return total === 0 ? undefined : concat(parts, total)
}

function concat(parts: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    const take = Math.min(part.byteLength, length - offset)
    out.set(part.subarray(0, take), offset)
    offset += take
    if (offset === length) break
  }
  return out
}
