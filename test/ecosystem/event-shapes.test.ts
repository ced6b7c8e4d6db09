/**
 * The events the simulation itself builds — SNS → Lambda, EventBridge rule → Lambda, asynchronous
 * invocation records sent to Lambda and EventBridge destinations — captured inside handlers typed
 * with `@types/aws-lambda` and compared with those types field by field: every field's presence and
 * JSON type, and the formats AWS documents (ISO timestamps, ARNs, UUIDs).
 */
import type { Context, EventBridgeEvent, EventBridgeHandler, Handler, SNSEvent, SNSEventRecord, SNSHandler, SNSMessage } from 'aws-lambda'
import { describe, expect, it } from 'vitest'
import { createSimulation, eventBridgeEvent, scheduledEvent, snsEvent, type InvocationRecord } from '../../src/index.js'
import { ISO_MS, ISO_SECONDS, shapeOf, UUID, type ShapeOf } from '../support/shape.js'

const REGION = 'us-east-1'
const ACCOUNT = '123456789012'

interface OrderDetail {
  readonly orderId: number
  readonly items: readonly string[]
}

const snsMessageShape = {
  Type: 'string',
  MessageId: 'string',
  TopicArn: 'string',
  Subject: 'string',
  Message: 'string',
  Timestamp: 'string',
  SignatureVersion: 'string',
  Signature: 'string',
  SigningCertUrl: 'string',
  UnsubscribeUrl: 'string',
  MessageAttributes: {
    color: { Type: 'string', Value: 'string' },
    count: { Type: 'string', Value: 'string' },
    tags: { Type: 'string', Value: 'string' },
    blob: { Type: 'string', Value: 'string' },
  },
} as const satisfies ShapeOf<SNSMessage>

const snsRecordShape = {
  EventSource: 'string',
  EventVersion: 'string',
  EventSubscriptionArn: 'string',
  Sns: snsMessageShape,
} as const satisfies ShapeOf<SNSEventRecord>

const eventBridgeShape = {
  version: 'string',
  id: 'string',
  'detail-type': 'string',
  source: 'string',
  account: 'string',
  time: 'string',
  region: 'string',
  resources: ['string'],
  detail: { orderId: 'number', items: ['string', 'string'] },
} as const satisfies ShapeOf<EventBridgeEvent<'Order Placed', OrderDetail>>

/** A function whose typed handler keeps every event it receives. */
function capturing<TEvent>(): { events: TEvent[]; handler: Handler<TEvent, void> } {
  const events: TEvent[] = []
  return { events, handler: async (event: TEvent) => void events.push(event) }
}

describe('event shapes: SNS → Lambda', () => {
  async function published(subject: string | undefined): Promise<{ event: SNSEvent; subscriptionArn: string; topicArn: string; messageId: string; atMs: number }> {
    const sim = createSimulation({ seed: 11 })
    const events: SNSEvent[] = []
    const handler: SNSHandler = async (event: SNSEvent, context: Context) => {
      expect(context.functionName).toBe('on-order')
      events.push(event)
    }
    const fn = sim.createFunction({ functionName: 'on-order', code: handler })
    const { topicArn } = sim.sns.createTopic({ name: 'orders' })
    const { subscriptionArn } = sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: fn.functionArn })
    await sim.advance('1500ms')
    const atMs = sim.nowMs
    const { messageId } = sim.sns.publish({
      topicArn,
      message: '{"orderId":7}',
      ...(subject !== undefined ? { subject } : {}),
      messageAttributes: {
        color: { DataType: 'String', StringValue: 'blue' },
        count: { DataType: 'Number', StringValue: '3' },
        tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    })
    await sim.runUntilIdle()
    expect(events).toHaveLength(1)
    return { event: events[0] as SNSEvent, subscriptionArn, topicArn, messageId, atMs }
  }

  it('publish - a subscribed SNSHandler gets one record with every SNSEventRecord field, typed as @types/aws-lambda says', async () => {
    const { event } = await published('New order')
    expect(Object.keys(event)).toEqual(['Records'])
    expect(event.Records).toHaveLength(1)
    expect(shapeOf(event.Records[0])).toEqual(snsRecordShape)
  })

  it('publish - values and formats: aws:sns, 1.0, the subscription ARN, ISO timestamp with ms, AWS URL forms', async () => {
    const { event, subscriptionArn, topicArn, messageId, atMs } = await published('New order')
    const record = event.Records[0] as SNSEventRecord
    expect(record.EventSource).toBe('aws:sns')
    expect(record.EventVersion).toBe('1.0')
    expect(record.EventSubscriptionArn).toBe(subscriptionArn)
    expect(subscriptionArn).toMatch(new RegExp(`^${topicArn}:[0-9a-f-]{36}$`))
    const sns = record.Sns
    expect(sns.Type).toBe('Notification')
    expect(sns.MessageId).toBe(messageId)
    expect(sns.MessageId).toMatch(UUID)
    expect(sns.TopicArn).toBe(`arn:aws:sns:${REGION}:${ACCOUNT}:orders`)
    expect(sns.Subject).toBe('New order')
    expect(sns.Message).toBe('{"orderId":7}')
    expect(sns.Timestamp).toMatch(ISO_MS)
    expect(Date.parse(sns.Timestamp)).toBe(atMs)
    expect(sns.Timestamp).toBe('2024-01-01T00:00:01.500Z')
    expect(sns.SignatureVersion).toBe('1')
    expect(sns.Signature).toMatch(/^[A-Za-z0-9+/]+=*$/)
    expect(sns.SigningCertUrl).toMatch(/^https:\/\/sns\.us-east-1\.amazonaws\.com\/SimpleNotificationService-[0-9a-f]{32}\.pem$/)
    expect(sns.UnsubscribeUrl).toBe(`https://sns.${REGION}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${subscriptionArn}`)
    expect(sns.MessageAttributes).toEqual({
      color: { Type: 'String', Value: 'blue' },
      count: { Type: 'Number', Value: '3' },
      tags: { Type: 'String.Array', Value: '["a","b"]' },
      blob: { Type: 'Binary', Value: 'AQID' },
    })
  })

  it('publish - without a subject, Subject is null as AWS sends it (the @types type says optional string)', async () => {
    const { event } = await published(undefined)
    const sns = (event.Records[0] as SNSEventRecord).Sns
    expect(sns).toHaveProperty('Subject')
    expect(sns.Subject).toBeNull()
    expect(shapeOf(event.Records[0])).toEqual({ ...snsRecordShape, Sns: { ...snsMessageShape, Subject: 'null' } })
  })

  it('snsEvent - the builder makes records of the same shape as the simulation', async () => {
    const { event } = await published('New order')
    const built = snsEvent([{ message: 'x', subject: 'New order', messageAttributes: { color: 'blue', count: 3, tags: ['a', 'b'], blob: new Uint8Array([1, 2, 3]) } }], {
      topic: 'orders',
    })
    expect(shapeOf(built.Records[0])).toEqual(shapeOf(event.Records[0]))
    expect((built.Records[0] as SNSEventRecord).Sns.MessageAttributes).toEqual((event.Records[0] as SNSEventRecord).Sns.MessageAttributes)
  })
})

describe('event shapes: EventBridge rule → Lambda', () => {
  async function routed(): Promise<{ event: EventBridgeEvent<'Order Placed', OrderDetail>; eventId: string; atMs: number }> {
    const sim = createSimulation({ seed: 12 })
    const events: EventBridgeEvent<'Order Placed', OrderDetail>[] = []
    const handler: EventBridgeHandler<'Order Placed', OrderDetail, void> = async (event) => {
      events.push(event)
    }
    const fn = sim.createFunction({ functionName: 'on-placed', code: handler })
    sim.eventBridge.putRule({ name: 'placed', eventPattern: JSON.stringify({ source: ['shop.orders'], 'detail-type': ['Order Placed'] }) })
    sim.eventBridge.putTargets({ rule: 'placed', targets: [{ id: 'fn', arn: fn.functionArn }] })
    await sim.advance('2750ms')
    const atMs = sim.nowMs
    const { entries } = sim.eventBridge.putEvents({
      entries: [{ source: 'shop.orders', detailType: 'Order Placed', detail: JSON.stringify({ orderId: 7, items: ['a', 'b'] }), resources: ['arn:aws:s3:::shop'] }],
    })
    await sim.runUntilIdle()
    expect(events).toHaveLength(1)
    const entry = entries[0]
    const eventId = entry !== undefined && 'eventId' in entry ? entry.eventId : ''
    return { event: events[0] as EventBridgeEvent<'Order Placed', OrderDetail>, eventId, atMs }
  }

  it('putEvents - an EventBridgeHandler<"Order Placed", Detail, void> target gets every EventBridgeEvent field, typed as declared', async () => {
    const { event } = await routed()
    expect(shapeOf(event)).toEqual(eventBridgeShape)
    expect(event).not.toHaveProperty('replay-name')
  })

  it('putEvents - values and formats: version 0, the PutEvents id, ISO time without ms, account, Region, resources, detail', async () => {
    const { event, eventId, atMs } = await routed()
    expect(event.version).toBe('0')
    expect(event.id).toBe(eventId)
    expect(event.id).toMatch(UUID)
    expect(event['detail-type']).toBe('Order Placed')
    expect(event.source).toBe('shop.orders')
    expect(event.account).toBe(ACCOUNT)
    expect(event.region).toBe(REGION)
    expect(event.time).toMatch(ISO_SECONDS)
    // EventBridge's time has second precision: 2.75 s after the start reads 00:00:02.
    expect(event.time).toBe('2024-01-01T00:00:02Z')
    expect(Date.parse(event.time)).toBe(Math.floor(atMs / 1000) * 1000)
    expect(event.resources).toEqual(['arn:aws:s3:::shop'])
    expect(event.detail).toEqual({ orderId: 7, items: ['a', 'b'] })
  })

  it('eventBridgeEvent / scheduledEvent - the builders make envelopes of the same shape as the simulation', async () => {
    const { event } = await routed()
    const built = eventBridgeEvent({ source: 'shop.orders', detailType: 'Order Placed', detail: { orderId: 1, items: ['x', 'y'] }, resources: ['r'] })
    expect(shapeOf(built)).toEqual(shapeOf(event))
    expect(Object.keys(scheduledEvent()).sort()).toEqual(Object.keys(event).sort())
  })
})

describe('event shapes: asynchronous invocation records', () => {
  const recordShape = {
    version: 'string',
    timestamp: 'string',
    requestContext: { requestId: 'string', functionArn: 'string', condition: 'string', approximateInvokeCount: 'number' },
    requestPayload: { orderId: 'number' },
    responseContext: { statusCode: 'number', executedVersion: 'string' },
    responsePayload: { ok: 'boolean' },
  } as const satisfies ShapeOf<InvocationRecord>

  it('onSuccess - a Lambda destination typed Handler<InvocationRecord<…>> gets the record: version 1.0, ISO timestamp, qualified ARN, payloads', async () => {
    const sim = createSimulation({ seed: 13 })
    const { events, handler } = capturing<InvocationRecord<{ orderId: number }, { ok: boolean }>>()
    const destination = sim.createFunction({ functionName: 'audit', code: handler })
    sim.createFunction({ functionName: 'place', code: async (event: { orderId: number }) => ({ ok: event.orderId > 0 }) })
    sim.putFunctionEventInvokeConfig({ functionName: 'place', destinationConfig: { onSuccess: { destination: destination.functionArn } } })
    const accepted = await sim.invoke({ functionName: 'place', invocationType: 'Event', payload: { orderId: 7 } })
    await sim.runUntilIdle()
    expect(events).toHaveLength(1)
    const record = events[0] as InvocationRecord<{ orderId: number }, { ok: boolean }>
    expect(shapeOf(record)).toEqual(recordShape)
    expect(record.version).toBe('1.0')
    expect(record.timestamp).toMatch(ISO_MS)
    expect(record.requestContext).toEqual({
      requestId: accepted.requestId,
      functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:place:$LATEST`,
      condition: 'Success',
      approximateInvokeCount: 1,
    })
    expect(record.requestPayload).toEqual({ orderId: 7 })
    expect(record.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST' })
    expect(record.responsePayload).toEqual({ ok: true })
  })

  it('onFailure - the record says RetriesExhausted, functionError Unhandled, and carries the error payload', async () => {
    const sim = createSimulation({ seed: 14 })
    const { events, handler } = capturing<InvocationRecord<{ orderId: number }, { errorType: string; errorMessage: string }>>()
    const destination = sim.createFunction({ functionName: 'dead-orders', code: handler })
    sim.createFunction({
      functionName: 'place',
      code: async () => {
        throw new TypeError('no stock')
      },
    })
    sim.putFunctionEventInvokeConfig({ functionName: 'place', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: destination.functionArn } } })
    await sim.invoke({ functionName: 'place', invocationType: 'Event', payload: { orderId: 8 } })
    await sim.runUntilIdle()
    const record = events[0]
    expect(record?.requestContext.condition).toBe('RetriesExhausted')
    expect(record?.responseContext).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' })
    expect(record?.responsePayload).toMatchObject({ errorType: 'TypeError', errorMessage: 'no stock' })
  })

  it('onSuccess - an EventBridge destination: a rule target typed EventBridgeHandler<"Lambda Function Invocation Result - Success", InvocationRecord, void> gets the record as detail', async () => {
    const sim = createSimulation({ seed: 15 })
    const events: EventBridgeEvent<'Lambda Function Invocation Result - Success', InvocationRecord<{ orderId: number }, { ok: boolean }>>[] = []
    const handler: EventBridgeHandler<'Lambda Function Invocation Result - Success', InvocationRecord<{ orderId: number }, { ok: boolean }>, void> = async (event) => {
      events.push(event)
    }
    const audit = sim.createFunction({ functionName: 'audit', code: handler })
    sim.eventBridge.putRule({ name: 'results', eventPattern: JSON.stringify({ source: ['lambda'] }) })
    sim.eventBridge.putTargets({ rule: 'results', targets: [{ id: 'audit', arn: audit.functionArn }] })
    sim.createFunction({ functionName: 'place', code: async () => ({ ok: true }) })
    const bus = `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`
    sim.putFunctionEventInvokeConfig({ functionName: 'place', destinationConfig: { onSuccess: { destination: bus } } })
    await sim.invoke({ functionName: 'place', invocationType: 'Event', payload: { orderId: 9 } })
    await sim.runUntilIdle()
    expect(events).toHaveLength(1)
    const event = events[0] as (typeof events)[number]
    expect(shapeOf(event)).toEqual({ ...eventBridgeShape, resources: ['string', 'string'], detail: { ...recordShape, requestPayload: { orderId: 'number' } } })
    expect(event.source).toBe('lambda')
    expect(event['detail-type']).toBe('Lambda Function Invocation Result - Success')
    expect(event.time).toMatch(ISO_SECONDS)
    expect(event.detail.requestPayload).toEqual({ orderId: 9 })
    expect(event.detail.responsePayload).toEqual({ ok: true })
  })
})
