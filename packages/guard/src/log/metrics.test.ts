import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { createMetrics, metricForEvent } from './metrics.js'

describe('EMF metrics', () => {
  it('writes one EMF line per invocation with every metric', () => {
    const lines: string[] = []
    const metrics = createMetrics(
      { namespace: 'Bank', service: 'transfers' },
      (l) => void lines.push(l),
    )
    const invocation = metrics.startInvocation('POST /transfers')
    invocation.add('AuthFailures')
    invocation.add('Errors')
    invocation.finish(12.3456)
    invocation.finish(99)
    assert.equal(lines.length, 1)
    const line = JSON.parse(lines[0] as string)
    assert.equal(typeof line._aws.Timestamp, 'number')
    assert.deepEqual(line._aws.CloudWatchMetrics, [
      {
        Namespace: 'Bank',
        Dimensions: [['Service']],
        Metrics: [
          { Name: 'Invocations', Unit: 'Count' },
          { Name: 'Errors', Unit: 'Count' },
          { Name: 'AuthFailures', Unit: 'Count' },
          { Name: 'RateLimited', Unit: 'Count' },
          { Name: 'LoginFailures', Unit: 'Count' },
          { Name: 'Latency', Unit: 'Milliseconds' },
        ],
      },
    ])
    assert.equal(line.Service, 'transfers')
    assert.equal(line.Route, undefined)
    assert.deepEqual(
      [
        line.Invocations,
        line.Errors,
        line.AuthFailures,
        line.RateLimited,
        line.LoginFailures,
        line.Latency,
      ],
      [1, 1, 1, 0, 0, 12.346],
    )
  })
  it('adds a route dimension when asked', () => {
    const lines: string[] = []
    createMetrics({ service: 's', routeDimension: true }, (l) => void lines.push(l))
      .startInvocation('GET /x')
      .finish(1)
    const line = JSON.parse(lines[0] as string)
    assert.deepEqual(line._aws.CloudWatchMetrics[0].Dimensions, [['Service'], ['Service', 'Route']])
    assert.equal(line.Route, 'GET /x')
  })
  it('writes a single metric outside an invocation', () => {
    const lines: string[] = []
    createMetrics({ service: 's' }, (l) => void lines.push(l)).count('LoginFailures')
    const line = JSON.parse(lines[0] as string)
    assert.deepEqual(line._aws.CloudWatchMetrics[0].Metrics, [
      { Name: 'LoginFailures', Unit: 'Count' },
    ])
    assert.equal(line.LoginFailures, 1)
  })
  it('maps security events to metrics', () => {
    assert.equal(metricForEvent('auth.denied'), 'AuthFailures')
    assert.equal(metricForEvent('security.rate_limited'), 'RateLimited')
    assert.equal(metricForEvent('auth.login.failed'), 'LoginFailures')
    assert.equal(metricForEvent('data.created'), undefined)
  })
  it('rejects unknown options and bad names', () => {
    assert.throws(
      () => createMetrics({ namespce: 'x' } as never),
      /`namespce` is not an option of metrics; did you mean `namespace`\?/,
    )
    assert.throws(
      () => createMetrics({ namespace: '' }),
      /metrics\.namespace must be a non-empty string/,
    )
  })
})
