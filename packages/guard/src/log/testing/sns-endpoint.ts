// A local endpoint that speaks the SNS Query protocol (Publish only), for the real AWS SDK client.
import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface PublishedMessage {
  readonly topicArn: string
  readonly subject: string | undefined
  readonly message: string
  readonly params: URLSearchParams
}

export interface SnsEndpoint {
  readonly url: string
  readonly published: PublishedMessage[]
  /** Answer the next requests with this SNS error instead of publishing. */
  failWith: { status: number; code: string; message: string } | undefined
  close(): Promise<void>
}

export async function startSnsEndpoint(): Promise<SnsEndpoint> {
  const published: PublishedMessage[] = []
  const endpoint = { failWith: undefined as SnsEndpoint['failWith'] }
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'))
      const valid =
        request.method === 'POST' && params.get('Action') === 'Publish' && params.get('TopicArn')
      const failure = valid
        ? endpoint.failWith
        : { status: 400, code: 'InvalidParameter', message: 'Invalid parameter: TopicArn' }
      if (failure !== undefined) {
        response.writeHead(failure.status, { 'content-type': 'text/xml' })
        response.end(
          `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${failure.code}</Code><Message>${failure.message}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
        )
        return
      }
      published.push({
        topicArn: params.get('TopicArn') as string,
        subject: params.get('Subject') ?? undefined,
        message: params.get('Message') ?? '',
        params,
      })
      response.writeHead(200, { 'content-type': 'text/xml' })
      response.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      )
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(endpoint, {
    url: `http://127.0.0.1:${port}`,
    published,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}
