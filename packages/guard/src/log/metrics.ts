import { ConfigError } from '../core/errors.js'
import { assertKnownKeys } from '../core/options.js'
import type { AuditEventType } from './audit-events.js'
import { type LineWriter, lambdaFunctionName, stdoutWriter } from './output.js'

/**
 * The metrics the guard publishes, one value each per invocation.
 *
 * @example
 * METRIC_NAMES.includes('AuthFailures') // true
 */
export const METRIC_NAMES = [
  'Invocations',
  'Errors',
  'AuthFailures',
  'RateLimited',
  'LoginFailures',
  'Latency',
] as const
export type MetricName = (typeof METRIC_NAMES)[number]
type CountName = Exclude<MetricName, 'Latency'>

export interface MetricsOptions {
  /** CloudWatch namespace. Default `Bulwark`. */
  readonly namespace?: string
  /** Value of the `Service` dimension. Default: the Lambda function name, else `bulwark`. */
  readonly service?: string
  /** Also publish per route (`Service`, `Route`). Routes are templates, so the count stays small. */
  readonly routeDimension?: boolean
}

/** Counts for one invocation, written as one EMF line when it finishes. */
export interface InvocationMetrics {
  add(name: CountName, value?: number): void
  /** Writes the line: every metric, zeros included, so alarms see a steady series. */
  finish(latencyMs: number): void
}

export interface Metrics {
  startInvocation(route?: string): InvocationMetrics
  /** For events outside an invocation (a login attempt from a script): one line at once. */
  count(name: CountName, value?: number): void
}

/** Audit events that are also counted as metrics. */
const EVENT_METRICS: Partial<Record<AuditEventType, CountName>> = {
  'auth.denied': 'AuthFailures',
  'security.rate_limited': 'RateLimited',
  'auth.login.failed': 'LoginFailures',
}

/**
 * The metric an audit event counts towards, if any.
 *
 * @example
 * metricForEvent('auth.denied') // 'AuthFailures'
 */
export function metricForEvent(type: AuditEventType): CountName | undefined {
  return EVENT_METRICS[type]
}

/**
 * CloudWatch Embedded Metric Format: each invocation writes one JSON line that CloudWatch Logs
 * turns into metrics, so alarms on error or auth-failure spikes need no API call and no SDK.
 *
 * @example
 * const metrics = createMetrics({ namespace: 'Bank' })
 * const m = metrics.startInvocation('POST /transfers')
 * m.add('AuthFailures')
 * m.finish(12.5)
 */
export function createMetrics(
  options: MetricsOptions = {},
  write: LineWriter = stdoutWriter(),
): Metrics {
  assertKnownKeys('metrics', options, ['namespace', 'service', 'routeDimension'])
  const namespace = options.namespace ?? 'Bulwark'
  const service = options.service ?? lambdaFunctionName() ?? 'bulwark'
  for (const [where, value] of [
    ['metrics.namespace', namespace],
    ['metrics.service', service],
  ] as const) {
    if (typeof value !== 'string' || value === '' || value.length > 255) {
      throw new ConfigError(`${where} must be a non-empty string of at most 255 characters`)
    }
  }
  const byRoute = options.routeDimension === true
  const metricDefinitions = METRIC_NAMES.map((name) => ({
    Name: name,
    Unit: name === 'Latency' ? 'Milliseconds' : 'Count',
  }))

  const emit = (values: Partial<Record<MetricName, number>>, route: string | undefined) => {
    const perRoute = byRoute && route !== undefined
    const names = Object.keys(values) as MetricName[]
    const line = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: perRoute ? [['Service'], ['Service', 'Route']] : [['Service']],
            Metrics: metricDefinitions.filter((definition) => names.includes(definition.Name)),
          },
        ],
      },
      Service: service,
      ...(perRoute ? { Route: route } : {}),
      ...values,
    }
    try {
      write(JSON.stringify(line))
    } catch {
      // Metrics are never worth failing a request for.
    }
  }

  return {
    startInvocation(route) {
      const counts: Record<CountName, number> = {
        Invocations: 1,
        Errors: 0,
        AuthFailures: 0,
        RateLimited: 0,
        LoginFailures: 0,
      }
      let finished = false
      return {
        add(name, value = 1) {
          counts[name] += value
        },
        finish(latencyMs) {
          if (finished) return
          finished = true
          emit({ ...counts, Latency: Math.round(latencyMs * 1000) / 1000 }, route)
        },
      }
    },
    count(name, value = 1) {
      emit({ [name]: value }, undefined)
    },
  }
}
