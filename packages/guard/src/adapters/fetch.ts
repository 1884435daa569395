import type { RouteEntry } from '../core/assemble.js'
import type { GuardLogger } from '../core/logging.js'
import { clientIp, readQueryString } from './aws-lambda/event-fields.js'
import { readBodyWithin } from './body-stream.js'

/** What a Fetch-runtime platform may tell about the connection. */
export interface FetchPlatform {
  /** The client address, for runtimes that know it (Bun's `server.requestIP`, Deno's `remoteAddr`). */
  readonly ip?: string
}

/** `(request) => Promise<Response>`, as Fetch runtimes (Bun, Deno, Workers, Hono-style) call it. */
export type FetchHandler = (request: Request, platform?: FetchPlatform) => Promise<Response>

/**
 * Adapts a guarded route to the Fetch API. The body is read only up to the route's size limit.
 * The guard's logger is read from `reporter` on a failure only (the core guard builds it then).
 */
export function createFetchHandler(
  entry: RouteEntry,
  reporter: { readonly log: GuardLogger },
): FetchHandler {
  const limit = entry.route.limits.maxBodyBytes
  return async function bulwarkFetchHandler(request, platform) {
    try {
      const url = new URL(request.url)
      const headers: Record<string, string> = Object.create(null)
      request.headers.forEach((value, name) => {
        headers[name] = value
      })
      const body = await readBodyWithin(
        request.body === null ? undefined : (request.body as unknown as AsyncIterable<Uint8Array>),
        limit,
      )
      const res = await entry.handle(
        {
          method: request.method.toUpperCase(),
          path: url.pathname,
          params: undefined,
          headers,
          readQuery: () => readQueryString(url.search.slice(1)),
          body,
          bodyIsBase64: false,
          ip: platform?.ip ?? clientIp(undefined, headers['x-forwarded-for'], entry.trustedProxies),
          requestId: crypto.randomUUID(),
        },
        undefined,
      )
      const responseHeaders = new Headers()
      for (const [name, value] of Object.entries(res.headers)) {
        if (typeof value === 'string') responseHeaders.set(name, value)
        else for (const v of value) responseHeaders.append(name, v)
      }
      const noBody = res.status === 204 || res.status === 304 || res.body === undefined
      return new Response(noBody ? null : (res.body as BodyInit), {
        status: res.status,
        headers: responseHeaders,
      })
    } catch (error) {
      reporter.log.error('adapter failure', { error })
      return Response.json({ error: 'internal error', code: 'ERR_INTERNAL' }, { status: 500 })
    }
  }
}
