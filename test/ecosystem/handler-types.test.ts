/**
 * Handlers typed with `@types/aws-lambda` are accepted by `createFunction({ code })` as they are —
 * no casts — and run: async handlers, callback handlers using `Context`, legacy `context.succeed`,
 * and init factories returning a typed handler. Type-level checks use `expectTypeOf`; misuse is
 * pinned with `@ts-expect-error` (checked by `tsc --noEmit` in `npm test`).
 */
import type {
  ALBHandler,
  APIGatewayProxyCallback,
  APIGatewayProxyEvent,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyHandler,
  APIGatewayProxyHandlerV2,
  APIGatewayProxyHandlerV2WithJWTAuthorizer,
  Callback,
  Context,
  DynamoDBStreamHandler,
  EventBridgeHandler,
  Handler,
  S3Handler,
  ScheduledHandler,
  SNSHandler,
  SQSEvent,
  SQSHandler,
} from 'aws-lambda'
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  albEvent,
  apiGatewayProxyEvent,
  apiGatewayProxyEventV2,
  createSimulation,
  dynamoDbStreamEvent,
  eventBridgeEvent,
  s3Event,
  scheduledEvent,
  snsEvent,
  sqsEvent,
  type FunctionCode,
  type LambdaContext,
  type Simulation,
} from '../../src/index.js'

interface OrderDetail {
  readonly orderId: number
}

// ------------------------------------------------------------------ typed handlers (no casts below)

const sqsGeneric: Handler<SQSEvent> = async (event) => ({ ids: event.Records.map((r) => r.messageId) })
const sqs: SQSHandler = async (event) => ({ batchItemFailures: event.Records.filter((r) => r.body === 'bad').map((r) => ({ itemIdentifier: r.messageId })) })
const sns: SNSHandler = async (event, context) => {
  context.callbackWaitsForEmptyEventLoop = false
  if (event.Records[0]?.Sns.Message !== 'hello') throw new Error('unexpected message')
}
const placed: EventBridgeHandler<'Order Placed', OrderDetail, void> = async (event) => {
  if (event.detail.orderId !== 7 || event['detail-type'] !== 'Order Placed') throw new Error('unexpected event')
}
const scheduled: ScheduledHandler = async (event, context) => {
  if (event.source !== 'aws.events' || context.getRemainingTimeInMillis() <= 0) throw new Error('unexpected event')
}
const restApi: APIGatewayProxyHandler = async (event) => ({ statusCode: 200, body: JSON.stringify({ id: event.pathParameters?.id, q: event.queryStringParameters?.q ?? null }) })
const httpApi: APIGatewayProxyHandlerV2 = async (event, context) => ({
  statusCode: 201,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ path: event.rawPath, body: event.body ?? null, fn: context.functionName }),
})
const httpApiJwt: APIGatewayProxyHandlerV2WithJWTAuthorizer = async (event) => ({ statusCode: 200, body: String(event.requestContext.authorizer.jwt.claims['sub']) })
const alb: ALBHandler = async (event) => ({ statusCode: 200, statusDescription: '200 OK', body: decodeURIComponent(event.queryStringParameters?.['q'] ?? ''), isBase64Encoded: false })
const s3: S3Handler = async (event) => {
  if (event.Records[0]?.s3.bucket.name !== 'uploads') throw new Error('unexpected bucket')
}
const dynamo: DynamoDBStreamHandler = async (event) => ({ batchItemFailures: event.Records.filter((r) => r.eventName === 'REMOVE').map((r) => ({ itemIdentifier: r.dynamodb?.SequenceNumber ?? '' })) })
/** A callback handler using `Context` and the typed `Callback` (nodejs22.x and earlier). */
const callbackStyle: Handler<{ n: number }, { doubled: number; requestId: string }> = (event, context: Context, callback: Callback<{ doubled: number; requestId: string }>) => {
  callback(null, { doubled: event.n * 2, requestId: context.awsRequestId })
}
/** A REST API callback handler with the typed callback alias. */
const restCallback: APIGatewayProxyHandler = (event: APIGatewayProxyEvent, _context: Context, callback: APIGatewayProxyCallback) => {
  callback(null, { statusCode: 200, body: event.httpMethod })
}
/** Legacy completion through `Context` (removed in nodejs24.x). */
const legacy: Handler<{ name: string }> = (event, context) => {
  context.succeed({ hello: event.name })
}

function simulationWith(functions: Record<string, FunctionCode>, runtime?: 'nodejs20.x' | 'nodejs22.x' | 'nodejs24.x'): Simulation {
  const sim = createSimulation({ seed: 21 })
  for (const [functionName, code] of Object.entries(functions)) sim.createFunction({ functionName, code, ...(runtime !== undefined ? { runtime } : {}) })
  return sim
}

describe('handler types', () => {
  it('types - every @types/aws-lambda handler type is a FunctionCode, and the simulated context is a Context', () => {
    expectTypeOf<Handler<SQSEvent>>().toExtend<FunctionCode>()
    expectTypeOf<SQSHandler>().toExtend<FunctionCode>()
    expectTypeOf<SNSHandler>().toExtend<FunctionCode>()
    expectTypeOf<EventBridgeHandler<'Order Placed', OrderDetail, void>>().toExtend<FunctionCode>()
    expectTypeOf<ScheduledHandler>().toExtend<FunctionCode>()
    expectTypeOf<APIGatewayProxyHandler>().toExtend<FunctionCode>()
    expectTypeOf<APIGatewayProxyHandlerV2>().toExtend<FunctionCode>()
    expectTypeOf<APIGatewayProxyHandlerV2WithJWTAuthorizer>().toExtend<FunctionCode>()
    expectTypeOf<ALBHandler>().toExtend<FunctionCode>()
    expectTypeOf<S3Handler>().toExtend<FunctionCode>()
    expectTypeOf<DynamoDBStreamHandler>().toExtend<FunctionCode>()
    expectTypeOf<{ init: () => Promise<SQSHandler> }>().toExtend<FunctionCode>()
    expectTypeOf<LambdaContext>().toExtend<Context>()
  })

  it('types - the builders return the event types the handlers take', () => {
    expectTypeOf(sqsEvent).returns.toEqualTypeOf<SQSEvent>()
    expectTypeOf(apiGatewayProxyEventV2({ method: 'GET', path: '/' })).toEqualTypeOf<APIGatewayProxyEventV2>()
    expectTypeOf(apiGatewayProxyEvent({ method: 'GET', path: '/' })).toEqualTypeOf<APIGatewayProxyEvent>()
    expectTypeOf(apiGatewayProxyEventV2({ method: 'GET', path: '/', authorizer: { jwt: { claims: { sub: 'u' }, scopes: null } } })).toExtend<APIGatewayProxyEventV2WithJWTAuthorizer>()
    expectTypeOf(eventBridgeEvent({ source: 's', detailType: 'Order Placed', detail: { orderId: 1 } })).toExtend<Parameters<typeof placed>[0]>()
    expectTypeOf(scheduledEvent()).toExtend<Parameters<ScheduledHandler>[0]>()
    expectTypeOf(s3Event([])).toExtend<Parameters<S3Handler>[0]>()
    expectTypeOf(dynamoDbStreamEvent([])).toExtend<Parameters<DynamoDBStreamHandler>[0]>()
    expectTypeOf(snsEvent([])).toExtend<Parameters<SNSHandler>[0]>()
    expectTypeOf(albEvent({ method: 'GET', path: '/' })).toExtend<Parameters<ALBHandler>[0]>()
  })

  it('types - misuse does not compile', () => {
    const sim = createSimulation({ seed: 22 })
    const misuse = (): void => {
      // @ts-expect-error a handler name is not code: the simulation runs functions, not files
      sim.createFunction({ functionName: 'file', code: 'index.handler' })
      // @ts-expect-error the simulated context has no tenantId, so a handler that requires one is refused
      sim.createFunction({ functionName: 'tenant', code: async (_event: unknown, context: { tenantId: string }) => context.tenantId })
      // @ts-expect-error a fourth required parameter is never passed
      sim.createFunction({ functionName: 'extra', code: async (_event: unknown, _context: Context, _callback: Callback, extra: string) => extra })
      // @ts-expect-error an HTTP API handler cannot take a REST API event (no rawPath, routeKey, …)
      void httpApi(apiGatewayProxyEvent({ method: 'GET', path: '/' }), {} as Context, () => undefined)
      // @ts-expect-error the detail-type is typed as a literal: 'Order Shipped' is not 'Order Placed'
      void placed(eventBridgeEvent({ source: 's', detailType: 'Order Shipped', detail: { orderId: 1 } }), {} as Context, () => undefined)
      // @ts-expect-error builder inputs are checked: `bodyy` is not a field of an SQS message
      sqsEvent([{ bodyy: 'x' }])
    }
    expect(typeof misuse).toBe('function')
  })

  it('createFunction - typed async handlers run with built events', async () => {
    const sim = simulationWith({ sqsGeneric, sqs, sns, placed, scheduled, restApi, httpApi, httpApiJwt, alb, s3, dynamo })
    const call = async (functionName: string, payload: unknown): Promise<unknown> => {
      const result = await sim.invoke({ functionName, payload })
      expect(result.functionError, `${functionName}: ${JSON.stringify(result.payload)}`).toBeUndefined()
      return result.payload
    }
    const batch = sqsEvent(['ok', 'bad'], { sim })
    expect(await call('sqsGeneric', batch)).toEqual({ ids: batch.Records.map((r) => r.messageId) })
    expect(await call('sqs', batch)).toEqual({ batchItemFailures: [{ itemIdentifier: batch.Records[1]?.messageId }] })
    expect(await call('sns', snsEvent(['hello'], { sim }))).toBeNull()
    expect(await call('placed', eventBridgeEvent({ source: 'shop', detailType: 'Order Placed', detail: { orderId: 7 }, sim }))).toBeNull()
    expect(await call('scheduled', scheduledEvent({ sim }))).toBeNull()
    expect(await call('restApi', apiGatewayProxyEvent({ method: 'GET', path: '/orders/7', resource: '/orders/{id}', pathParameters: { id: '7' }, query: { q: 'x' } }))).toEqual({
      statusCode: 200,
      body: '{"id":"7","q":"x"}',
    })
    expect(await call('httpApi', apiGatewayProxyEventV2({ method: 'POST', path: '/orders', body: { id: 1 } }))).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/orders', body: '{"id":1}', fn: 'httpApi' }),
    })
    expect(await call('httpApiJwt', apiGatewayProxyEventV2({ method: 'GET', path: '/me', authorizer: { jwt: { claims: { sub: 'user-1' }, scopes: ['read'] } } }))).toEqual({
      statusCode: 200,
      body: 'user-1',
    })
    expect(await call('alb', albEvent({ method: 'GET', path: '/search', query: { q: 'a b' } }))).toEqual({ statusCode: 200, statusDescription: '200 OK', body: 'a b', isBase64Encoded: false })
    expect(await call('s3', s3Event([{ bucket: 'uploads', key: 'a.txt', body: 'hi' }]))).toBeNull()
    const stream = dynamoDbStreamEvent([{ keys: { pk: 'a' }, newImage: { pk: 'a' } }, { keys: { pk: 'b' }, oldImage: { pk: 'b' } }])
    expect(await call('dynamo', stream)).toEqual({ batchItemFailures: [{ itemIdentifier: stream.Records[1]?.dynamodb?.SequenceNumber }] })
  })

  it('createFunction - callback handlers typed with Context and Callback complete through the callback', async () => {
    const sim = simulationWith({ callbackStyle, restCallback, legacy }, 'nodejs20.x')
    const doubled = await sim.invoke({ functionName: 'callbackStyle', payload: { n: 21 } })
    expect(doubled.payload).toEqual({ doubled: 42, requestId: doubled.requestId })
    expect((await sim.invoke({ functionName: 'restCallback', payload: apiGatewayProxyEvent({ method: 'delete', path: '/x' }) })).payload).toEqual({ statusCode: 200, body: 'DELETE' })
    expect((await sim.invoke({ functionName: 'legacy', payload: { name: 'Ada' } })).payload).toEqual({ hello: 'Ada' })
  })

  it('createFunction - nodejs24.x has no callbacks or context.succeed, as on Lambda', async () => {
    const sim = simulationWith({ legacy }, 'nodejs24.x')
    const result = await sim.invoke({ functionName: 'legacy', payload: { name: 'Ada' } })
    expect(result.functionError).toBe('Unhandled')
    expect(result.payload).toMatchObject({ errorType: 'TypeError', errorMessage: 'context.succeed is not a function' })
  })

  it('createFunction - an init factory may return a typed handler, and warm invocations reuse its state', async () => {
    const sim = createSimulation({ seed: 23 })
    sim.createFunction({
      functionName: 'counted',
      code: {
        init: async (init) => {
          await init.sleep(100)
          let batches = 0
          const handler: SQSHandler = async (event) => {
            batches++
            return { batchItemFailures: batches > 1 ? event.Records.map((r) => ({ itemIdentifier: r.messageId })) : [] }
          }
          return handler
        },
      },
    })
    const event = sqsEvent(['x'], { sim })
    expect((await sim.invoke({ functionName: 'counted', payload: event })).payload).toEqual({ batchItemFailures: [] })
    expect((await sim.invoke({ functionName: 'counted', payload: event })).payload).toEqual({ batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }] })
  })

  it('context - a typed handler sees the simulated Context fields with their @types types', async () => {
    const seen: Record<string, string> = {}
    const handler: Handler<unknown, void> = async (_event, context: Context) => {
      for (const [key, value] of Object.entries({
        functionName: context.functionName,
        functionVersion: context.functionVersion,
        invokedFunctionArn: context.invokedFunctionArn,
        memoryLimitInMB: context.memoryLimitInMB,
        awsRequestId: context.awsRequestId,
        logGroupName: context.logGroupName,
        logStreamName: context.logStreamName,
        callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop,
        remaining: context.getRemainingTimeInMillis(),
      })) {
        seen[key] = typeof value
      }
    }
    const sim = simulationWith({ ctx: handler })
    await sim.invoke({ functionName: 'ctx', payload: {} })
    expect(seen).toEqual({
      functionName: 'string',
      functionVersion: 'string',
      invokedFunctionArn: 'string',
      memoryLimitInMB: 'string',
      awsRequestId: 'string',
      logGroupName: 'string',
      logStreamName: 'string',
      callbackWaitsForEmptyEventLoop: 'boolean',
      remaining: 'number',
    })
  })
})
