import type { PublishCommandInput } from '@aws-sdk/client-sns'
import { ConfigError } from '../../core/errors.js'
import { assertKnownKeys } from '../../core/options.js'
import { type AlertSink, alertText } from './alert.js'

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/

/**
 * What is used of `SNSClient` from `@aws-sdk/client-sns`, written out so that these types do not
 * need the SDK installed.
 */
export interface SnsPublisher {
  send(command: object, options?: { abortSignal?: AbortSignal }): Promise<unknown>
}

let publishCommand: Promise<typeof import('@aws-sdk/client-sns').PublishCommand> | undefined

/**
 * Publishes each alert to an SNS topic with the AWS SDK v3 client you pass (the SDK is an optional
 * peer dependency: nothing of it is loaded unless this sink sends). Subject: the one-line summary;
 * message: the alert as JSON, for email, chat and Lambda subscribers alike.
 *
 * @example
 * import { SNSClient } from '@aws-sdk/client-sns'
 * createGuard({ alerts: [snsAlerts(process.env.ALERT_TOPIC_ARN!, new SNSClient({}))] })
 */
export function snsAlerts(
  topicArn: string,
  client: SnsPublisher,
  options: { subjectPrefix?: string } = {},
): AlertSink {
  assertKnownKeys('snsAlerts options', options, ['subjectPrefix'])
  if (typeof topicArn !== 'string' || !TOPIC_ARN.test(topicArn)) {
    throw new ConfigError(
      'snsAlerts needs a topic ARN such as arn:aws:sns:eu-west-1:123456789012:alerts',
    )
  }
  if (client === null || typeof client !== 'object' || typeof client.send !== 'function') {
    throw new ConfigError('snsAlerts needs an SNSClient from @aws-sdk/client-sns')
  }
  const prefix = options.subjectPrefix ?? ''
  const fifo = topicArn.endsWith('.fifo')
  return {
    name: `sns ${topicArn.slice(topicArn.lastIndexOf(':') + 1)}`,
    async send(alert, signal) {
      publishCommand ??= import('@aws-sdk/client-sns').then((sdk) => sdk.PublishCommand)
      const PublishCommand = await publishCommand
      const input: PublishCommandInput = {
        TopicArn: topicArn,
        // SNS subjects: printable ASCII, at most 100 characters.
        Subject: `${prefix}${alertText(alert)}`.replace(/[^\x20-\x7e]/g, '-').slice(0, 100),
        Message: JSON.stringify(alert, null, 2),
        ...(fifo
          ? {
              MessageGroupId: alert.fingerprint,
              MessageDeduplicationId: `${alert.fingerprint}-${alert.time}`,
            }
          : {}),
      }
      await client.send(new PublishCommand(input), { abortSignal: signal })
    },
  }
}
