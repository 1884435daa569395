import type { LambdaContext } from '../../core/context.js'
import type { RequestParts } from '../../core/request.js'
import { type GuardResponse, json } from '../../core/response.js'
import { type AlbResult, isAlb, requestFromAlb, responseToAlb } from './alb.js'
import {
  type ApiGatewayV1Result,
  isApiGatewayV1,
  requestFromApiGatewayV1,
  responseToApiGatewayV1,
} from './api-gateway-v1.js'
import {
  type ApiGatewayV2Result,
  isApiGatewayV2,
  requestFromApiGatewayV2,
  responseToApiGatewayV2,
} from './api-gateway-v2.js'
import { asRecord, type UnknownRecord } from './event-fields.js'

export type { AlbResult, ApiGatewayV1Result, ApiGatewayV2Result }

/** What a guarded HTTP Lambda handler answers, in the shape of the event it was given. */
export type LambdaHttpResult = ApiGatewayV1Result | ApiGatewayV2Result | AlbResult

/** A Lambda handler for API Gateway REST (v1), HTTP API (v2), Function URLs and ALB. */
export type LambdaHttpHandler = (
  event: unknown,
  context?: LambdaContext,
) => Promise<LambdaHttpResult>

/** Runs one normalized request through the pipeline. */
export type HandleRequest = (
  parts: RequestParts,
  lambda: LambdaContext | undefined,
) => Promise<GuardResponse>

interface EventShape {
  matches(event: UnknownRecord): boolean
  read(
    event: UnknownRecord,
    lambda: LambdaContext | undefined,
    trustedProxies: number,
  ): RequestParts
  write(res: GuardResponse, event: UnknownRecord): LambdaHttpResult
}

// Order matters only in that ALB events also carry `httpMethod`; isApiGatewayV1 excludes them.
const SHAPES: readonly EventShape[] = [
  { matches: isApiGatewayV2, read: requestFromApiGatewayV2, write: responseToApiGatewayV2 },
  { matches: isAlb, read: requestFromAlb, write: responseToAlb },
  { matches: isApiGatewayV1, read: requestFromApiGatewayV1, write: responseToApiGatewayV1 },
]

const UNSUPPORTED = json(400, { error: 'unsupported event', code: 'ERR_UNSUPPORTED_EVENT' })
const INTERNAL = json(500, { error: 'internal error', code: 'ERR_INTERNAL' })

/**
 * Picks the event's shape with a type guard per shape, normalizes it, and puts the answer back
 * into the same shape. An event of no known shape is answered 400, never thrown.
 */
export function createLambdaHttpHandler(
  handle: HandleRequest,
  trustedProxies: number,
  report: (problem: 'unsupported-event' | 'adapter-failure', error?: unknown) => void,
): LambdaHttpHandler {
  return async function bulwarkHttpHandler(event, context) {
    const record = asRecord(event)
    const shape = record === undefined ? undefined : shapeOf(record)
    if (record === undefined || shape === undefined) {
      report('unsupported-event')
      return responseToApiGatewayV2(UNSUPPORTED)
    }
    try {
      return shape.write(await handle(shape.read(record, context, trustedProxies), context), record)
    } catch (error) {
      // The pipeline answers every error itself; reaching here means a bug in the guard.
      report('adapter-failure', error)
      return shape.write(INTERNAL, record)
    }
  }
}

function shapeOf(event: UnknownRecord): EventShape | undefined {
  for (const shape of SHAPES) if (shape.matches(event)) return shape
  return undefined
}
