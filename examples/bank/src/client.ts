// A minimal client of the bank's API, as a front end would call it: bearer token in the
// Authorization header, JSON in and out. Used by the tour (`npm start`) and the tests.

export interface BankResponse {
  readonly status: number
  readonly headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: JSON as the API answered it
  readonly body: any
  readonly text: string
}

export type BankCall = (
  method: string,
  path: string,
  options?: { token?: string; body?: unknown },
) => Promise<BankResponse>

export function bankClient(base: string, userAgent = 'bank-client'): BankCall {
  return async (method, path, options = {}) => {
    const headers: Record<string, string> = { 'user-agent': userAgent }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    if (options.body !== undefined) headers['content-type'] = 'application/json'
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    })
    const text = await res.text()
    return {
      status: res.status,
      headers: res.headers,
      text,
      body: text === '' ? {} : JSON.parse(text),
    }
  }
}
