import { at, entries, list, type Node, referencedIds, str } from '../load/tree.js'
import type { LambdaFunction, Service } from '../model/types.js'

/** The config node of a function: its serverless.yml entry, or its template resource. */
export function functionNode(service: Service, fn: LambdaFunction): Node | undefined {
  if (service.format === 'serverless') {
    const functions = at(service.root, 'functions')
    if (functions?.kind === 'seq') {
      for (const item of functions.items) {
        const found = at(item, fn.name)
        if (found !== undefined) return found
      }
      return undefined
    }
    return at(functions, fn.name)
  }
  return fn.logicalId === undefined ? undefined : at(service.root, 'Resources', fn.logicalId)
}

function properties(service: Service, fn: LambdaFunction): Node | undefined {
  const node = functionNode(service, fn)
  return service.format === 'serverless' ? node : at(node, 'Properties')
}

/**
 * Lambda layers run in the function's process with its role: an extension (the Parameters and
 * Secrets extension, a monitoring agent) may call AWS in ways the code does not show.
 */
export function hasLayers(service: Service, fn: LambdaFunction): boolean {
  const props = properties(service, fn)
  if (service.format === 'serverless') {
    return (
      list(at(props, 'layers')).length > 0 ||
      list(at(service.root, 'provider', 'layers')).length > 0
    )
  }
  return (
    list(at(props, 'Layers')).length > 0 ||
    list(at(service.root, 'Globals', 'Function', 'Layers')).length > 0
  )
}

/** Plugins that add a layer or an extension to every function at deploy time (monitoring agents). */
export function monitoringPlugin(service: Service): string | undefined {
  return service.plugins.find((p) =>
    /datadog|lumigo|epsagon|thundra|newrelic|new-relic|dynatrace|sentry|honeycomb|instana|appdynamics|elastic-apm|iopipe|lambda-insights/i.test(
      p,
    ),
  )
}

const invokeConfigsByService = new WeakMap<Service, Service['resources']>()
function invokeConfigs(service: Service): Service['resources'] {
  let found = invokeConfigsByService.get(service)
  if (found === undefined) {
    found = service.resources.filter((r) => r.type === 'AWS::Lambda::EventInvokeConfig')
    invokeConfigsByService.set(service, found)
  }
  return found
}

/**
 * The function sends failed or finished invocations somewhere (dead-letter queue, on-failure or
 * on-success destinations): Lambda does that with the function's role, so `sqs:SendMessage`,
 * `sns:Publish`, `lambda:InvokeFunction` and `events:PutEvents` may be in use without any code.
 */
export function sendsInvocationResults(service: Service, fn: LambdaFunction): boolean {
  const props = properties(service, fn)
  const keys =
    service.format === 'serverless'
      ? ['destinations', 'onError', 'deadLetter']
      : ['DeadLetterQueue', 'DeadLetterConfig', 'EventInvokeConfig']
  if (keys.some((k) => at(props, k) !== undefined)) return true
  if (service.format === 'sam' && at(service.root, 'Globals', 'Function', 'EventInvokeConfig'))
    return true
  // A separate `AWS::Lambda::EventInvokeConfig` naming the function.
  return invokeConfigs(service).some(
    (r) =>
      fn.logicalId === undefined ||
      referencedIds(at(r.properties, 'FunctionName')).has(fn.logicalId) ||
      str(at(r.properties, 'FunctionName')) !== undefined,
  )
}

const usedElsewhere = new WeakMap<Service, Set<string>>()

/**
 * Whether a role is used by anything but its functions and the policies attached to it: an
 * instance profile, a state machine, an output exported to other stacks. What such a role grants
 * is not the functions' alone to judge.
 */
export function roleUsedElsewhere(service: Service, roleId: string): boolean {
  let ids = usedElsewhere.get(service)
  if (ids === undefined) {
    ids = new Set<string>()
    for (const resource of service.resources) {
      const type = resource.type
      if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy') continue
      const isFunction = type === 'AWS::Lambda::Function' || type === 'AWS::Serverless::Function'
      // A function's own `Role` is the use the analysis expects; anything else is another use.
      for (const e of entries(resource.properties)) {
        if (isFunction && e.key === 'Role') continue
        for (const id of referencedIds(e.value)) if (id !== resource.logicalId) ids.add(id)
      }
      for (const e of entries(resource.node)) {
        if (e.key === 'Properties') continue
        for (const id of referencedIds(e.value)) if (id !== resource.logicalId) ids.add(id)
      }
    }
    const outputs =
      service.format === 'serverless'
        ? at(at(service.root, 'resources'), 'Outputs')
        : at(service.root, 'Outputs')
    for (const id of referencedIds(outputs)) ids.add(id)
    usedElsewhere.set(service, ids)
  }
  return ids.has(roleId)
}

/** Event types by the services Lambda polls for them with the function's role. */
const POLLED: Readonly<Record<string, readonly string[]>> = {
  sqs: ['sqs'],
  stream: ['dynamodb', 'kinesis'],
  kafka: ['kafka', 'ec2'],
  msk: ['kafka', 'ec2'],
  activemq: ['mq', 'ec2', 'secretsmanager'],
  rabbitmq: ['mq', 'ec2', 'secretsmanager'],
  dynamodb: ['dynamodb'],
  kinesis: ['kinesis'],
  mq: ['mq', 'ec2', 'secretsmanager'],
  selfmanagedkafka: ['kafka', 'ec2', 'secretsmanager'],
  documentdb: ['rds', 'docdb-elastic', 'secretsmanager'],
}

/**
 * The services Lambda polls for the function's event sources (its role reads the queue or
 * stream): `sqs` for an SQS event, `dynamodb` / `kinesis` for streams. An event source mapping
 * the config declares on its own counts for every poller.
 */
export function polledServices(service: Service, fn: LambdaFunction): Set<string> {
  const out = new Set<string>()
  for (const event of fn.events) for (const s of POLLED[event.type.toLowerCase()] ?? []) out.add(s)
  for (const r of service.resources) {
    if (r.type !== 'AWS::Lambda::EventSourceMapping') continue
    const target = at(r.properties, 'FunctionName')
    if (
      fn.logicalId !== undefined &&
      referencedIds(target).size > 0 &&
      !referencedIds(target).has(fn.logicalId)
    )
      continue
    for (const s of ['sqs', 'dynamodb', 'kinesis', 'kafka', 'mq', 'ec2', 'secretsmanager'])
      out.add(s)
  }
  return out
}
