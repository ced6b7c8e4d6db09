import { describe, expect, it } from 'vitest'
import { createSimulation, type AsyncFinishedEvent, type LambdaContext, type SimEvent, type Simulation } from '../../../src/index.js'

// Destinations and dead-letter queues delivered through the real in-memory SQS / SNS / EventBridge.

const START = Date.UTC(2024, 0, 1)
const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`
const iso = (seconds: number): string => new Date(START + seconds * 1000).toISOString()

function finished(events: SimEvent[], functionName: string): AsyncFinishedEvent[] {
  return events.filter((e): e is AsyncFinishedEvent => e.type === 'async.finished' && e.functionName === functionName)
}

function queue(sim: Simulation, name: string): { url: string; arn: string } {
  const { queueUrl } = sim.sqs.createQueue({ queueName: name })
  return { url: queueUrl, arn: sim.sqs.queueArn(name) }
}

/** Every message in the queue, received once (bodies parsed as JSON). */
function drain(sim: Simulation, url: string): unknown[] {
  return sim.sqs.peekMessages(url).map((m) => JSON.parse(m.body) as unknown)
}

function failing(message = 'boom') {
  return async (_event: unknown, context: LambdaContext) => {
    await context.sleep(100)
    throw new Error(message)
  }
}

function metricSum(sim: Simulation, metricName: 'DeadLetterErrors' | 'DestinationDeliveryFailures' | 'AsyncEventsDropped', functionName: string): number {
  const points = sim.metrics?.getMetricStatistics({ metricName, dimensions: { FunctionName: functionName }, period: 86_400, statistics: ['Sum'] }) ?? []
  return points.reduce((sum, p) => sum + (p.Sum ?? 0), 0)
}

describe('async destinations through SQS', () => {
  it('on-failure SQS - the message body is the exact RetriesExhausted record, functionArn with :$LATEST', async () => {
    const sim = createSimulation({ seed: 101, logRetention: 0 })
    const q = queue(sim, 'failures')
    sim.createFunction({ functionName: 'bad', code: failing('nope') })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination: q.arn } } })
    const accepted = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { order: 42 } })
    expect(accepted.statusCode).toBe(202)
    await sim.runUntilIdle()
    const messages = drain(sim, q.url)
    expect(messages).toEqual([
      {
        version: '1.0',
        // attempt 1: 0–0.1 s; attempt 2: 60.1–60.2 s (retry +60 s after the first attempt's end)
        timestamp: iso(60.2),
        requestContext: { requestId: accepted.requestId, functionArn: `${FN}:bad:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 2 },
        requestPayload: { order: 42 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: { errorType: 'Error', errorMessage: 'nope', trace: expect.any(Array) as unknown },
      },
    ])
  })

  it('on-failure SQS - EventAgeExceeded through an alias: functionArn carries the alias, the count the attempts that ran', async () => {
    const sim = createSimulation({ seed: 102, logRetention: 0 })
    const q = queue(sim, 'aged')
    sim.createFunction({ functionName: 'bad', code: failing(), publish: true })
    sim.createAlias({ functionName: 'bad', name: 'live', functionVersion: '1' })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', qualifier: 'live', maximumEventAgeInSeconds: 60, destinationConfig: { onFailure: { destination: q.arn } } })
    const accepted = await sim.invoke({ functionName: 'bad', qualifier: 'live', invocationType: 'Event', payload: { n: 1 } })
    await sim.runUntilIdle()
    // The first retry would start at 60.1 s, past the 60 s maximum age: given up after 1 attempt.
    expect(drain(sim, q.url)).toEqual([
      {
        version: '1.0',
        timestamp: iso(0.1),
        requestContext: { requestId: accepted.requestId, functionArn: `${FN}:bad:live`, condition: 'EventAgeExceeded', approximateInvokeCount: 1 },
        requestPayload: { n: 1 },
        responseContext: { statusCode: 200, executedVersion: '1', functionError: 'Unhandled' },
        responsePayload: expect.objectContaining({ errorType: 'Error', errorMessage: 'boom' }) as unknown,
      },
    ])
  })

  it('on-failure SQS - EventAgeExceeded with no attempt (throttled for the whole age) omits the response fields', async () => {
    const sim = createSimulation({ seed: 103, logRetention: 0 })
    const q = queue(sim, 'aged')
    sim.createFunction({ functionName: 'busy', timeout: 900, code: async (_e: unknown, c: LambdaContext) => c.sleep(600_000) })
    sim.putFunctionConcurrency({ functionName: 'busy', reservedConcurrentExecutions: 1 })
    sim.putFunctionEventInvokeConfig({ functionName: 'busy', maximumEventAgeInSeconds: 60, destinationConfig: { onFailure: { destination: q.arn } } })
    await sim.invoke({ functionName: 'busy', invocationType: 'Event', payload: { first: true } })
    const second = await sim.invoke({ functionName: 'busy', invocationType: 'Event', payload: { second: true } })
    await sim.runUntilIdle()
    const records = drain(sim, q.url) as { requestContext: { requestId: string } }[]
    const record = records.find((r) => r.requestContext.requestId === second.requestId)
    expect(record).toEqual({
      version: '1.0',
      // throttle retries at 1, 3, 7, 15, 31; the next one (63 s) is past the 60 s age
      timestamp: iso(31),
      requestContext: { requestId: second.requestId, functionArn: `${FN}:busy:$LATEST`, condition: 'EventAgeExceeded', approximateInvokeCount: 0 },
      requestPayload: { second: true },
    })
  })

  it('on-success SQS - the Success record carries the result and no functionError', async () => {
    const sim = createSimulation({ seed: 104, logRetention: 0 })
    const q = queue(sim, 'ok')
    sim.createFunction({ functionName: 'ok', code: async (e: { n: number }) => ({ n2: e.n * 2 }) })
    sim.putFunctionEventInvokeConfig({ functionName: 'ok', destinationConfig: { onSuccess: { destination: q.arn } } })
    const accepted = await sim.invoke({ functionName: 'ok', invocationType: 'Event', payload: { n: 4 } })
    await sim.runUntilIdle()
    expect(drain(sim, q.url)).toEqual([
      {
        version: '1.0',
        timestamp: iso(0),
        requestContext: { requestId: accepted.requestId, functionArn: `${FN}:ok:$LATEST`, condition: 'Success', approximateInvokeCount: 1 },
        requestPayload: { n: 4 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST' },
        responsePayload: { n2: 8 },
      },
    ])
  })
})

describe('async destinations through SNS and EventBridge', () => {
  it('on-failure SNS - a queue subscribed to the topic gets the notification envelope whose Message is the record', async () => {
    const sim = createSimulation({ seed: 111, logRetention: 0 })
    const q = queue(sim, 'sub')
    const { topicArn } = sim.sns.createTopic({ name: 'failures' })
    sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: q.arn })
    sim.createFunction({ functionName: 'bad', code: failing() })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: topicArn } } })
    const accepted = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { k: 'v' } })
    await sim.runUntilIdle()
    const [envelope, ...rest] = drain(sim, q.url) as Record<string, unknown>[]
    expect(rest).toEqual([])
    expect(envelope).toMatchObject({ Type: 'Notification', TopicArn: topicArn, Timestamp: iso(0.1) })
    expect(JSON.parse(envelope?.['Message'] as string)).toEqual({
      version: '1.0',
      timestamp: iso(0.1),
      requestContext: { requestId: accepted.requestId, functionArn: `${FN}:bad:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 },
      requestPayload: { k: 'v' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: expect.objectContaining({ errorMessage: 'boom' }) as unknown,
    })
  })

  it('on-success SNS - the Success record is published as the message', async () => {
    const sim = createSimulation({ seed: 112, logRetention: 0 })
    const q = queue(sim, 'sub')
    const { topicArn } = sim.sns.createTopic({ name: 'successes' })
    sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: q.arn })
    sim.createFunction({ functionName: 'ok', code: async () => 'done' })
    sim.putFunctionEventInvokeConfig({ functionName: 'ok', destinationConfig: { onSuccess: { destination: topicArn } } })
    await sim.invoke({ functionName: 'ok', invocationType: 'Event', payload: {} })
    await sim.runUntilIdle()
    const [envelope] = drain(sim, q.url) as Record<string, string>[]
    expect(JSON.parse(envelope?.['Message'] as string)).toMatchObject({ requestContext: { condition: 'Success' }, responsePayload: 'done' })
  })

  for (const kind of ['Failure', 'Success'] as const) {
    it(`EventBridge ${kind} - a rule on source/detail-type routes the event (resources [function, bus], detail = record) to a queue`, async () => {
      const sim = createSimulation({ seed: 113, logRetention: 0 })
      const q = queue(sim, 'eb')
      const other = queue(sim, 'other')
      const { eventBusArn } = sim.eventBridge.createEventBus({ name: 'results' })
      sim.eventBridge.putRule({
        name: 'mine',
        eventBusName: 'results',
        eventPattern: JSON.stringify({ source: ['lambda'], 'detail-type': [`Lambda Function Invocation Result - ${kind}`] }),
      })
      sim.eventBridge.putTargets({ rule: 'mine', eventBusName: 'results', targets: [{ id: 'q', arn: q.arn }] })
      const otherKind = kind === 'Failure' ? 'Success' : 'Failure'
      sim.eventBridge.putRule({
        name: 'theirs',
        eventBusName: 'results',
        eventPattern: JSON.stringify({ source: ['lambda'], 'detail-type': [`Lambda Function Invocation Result - ${otherKind}`] }),
      })
      sim.eventBridge.putTargets({ rule: 'theirs', eventBusName: 'results', targets: [{ id: 'o', arn: other.arn }] })
      sim.createFunction({ functionName: 'f', code: kind === 'Failure' ? failing() : async () => ({ fine: true }) })
      sim.putFunctionEventInvokeConfig({
        functionName: 'f',
        maximumRetryAttempts: 0,
        destinationConfig: kind === 'Failure' ? { onFailure: { destination: eventBusArn } } : { onSuccess: { destination: eventBusArn } },
      })
      const accepted = await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { p: 1 } })
      await sim.runUntilIdle()
      expect(drain(sim, other.url)).toEqual([])
      const events = drain(sim, q.url) as Record<string, unknown>[]
      expect(events).toHaveLength(1)
      expect(events[0]).toMatchObject({
        version: '0',
        source: 'lambda',
        'detail-type': `Lambda Function Invocation Result - ${kind}`,
        account: ACCOUNT,
        region: REGION,
        resources: [`${FN}:f:$LATEST`, eventBusArn],
        detail: {
          version: '1.0',
          requestContext: {
            requestId: accepted.requestId,
            functionArn: `${FN}:f:$LATEST`,
            condition: kind === 'Failure' ? 'RetriesExhausted' : 'Success',
            approximateInvokeCount: 1,
          },
          requestPayload: { p: 1 },
          responseContext: kind === 'Failure' ? { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' } : { statusCode: 200, executedVersion: '$LATEST' },
        },
      })
    })
  }

  it('Lambda destination - the record is the event, and the destination is invoked asynchronously', async () => {
    const sim = createSimulation({ seed: 114, logRetention: 0, recordEvents: true })
    const received: unknown[] = []
    sim.createFunction({ functionName: 'sink', code: async (event: unknown) => void received.push(event) })
    sim.createFunction({ functionName: 'bad', code: failing() })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: `${FN}:sink` } } })
    const accepted = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { a: 1 } })
    await sim.runUntilIdle()
    expect(received).toEqual([
      {
        version: '1.0',
        timestamp: iso(0.1),
        requestContext: { requestId: accepted.requestId, functionArn: `${FN}:bad:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 },
        requestPayload: { a: 1 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: expect.objectContaining({ errorMessage: 'boom' }) as unknown,
      },
    ])
    const sinkAccepted = sim.events().filter((e) => e.type === 'async.accepted' && e.functionName === 'sink')
    expect(sinkAccepted).toHaveLength(1)
    expect(finished(sim.events(), 'sink')).toMatchObject([{ status: 'succeeded' }])
    expect((sinkAccepted[0] as { requestId: string }).requestId).not.toBe(accepted.requestId)
  })
})

describe('dead-letter queues', () => {
  it('DLQ on SQS - the original payload with RequestID, ErrorCode (Number) and the first 1 KB of ErrorMessage', async () => {
    const sim = createSimulation({ seed: 121, logRetention: 0 })
    const dlq = queue(sim, 'dlq')
    const longMessage = 'x'.repeat(700) + 'y'.repeat(700)
    sim.createFunction({ functionName: 'bad', code: failing(longMessage), deadLetterConfig: { targetArn: dlq.arn } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0 })
    const payloadJson = '{"original": [1, 2, 3], "spaced" : true}'
    const accepted = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payloadJson })
    await sim.runUntilIdle()
    const { messages } = sim.sqs.receiveMessage({ queueUrl: dlq.url, maxNumberOfMessages: 10, messageAttributeNames: ['All'] })
    expect(messages).toHaveLength(1)
    expect(messages[0]?.body).toBe(payloadJson)
    expect(messages[0]?.messageAttributes).toEqual({
      RequestID: { DataType: 'String', StringValue: accepted.requestId },
      ErrorCode: { DataType: 'Number', StringValue: '200' },
      ErrorMessage: { DataType: 'String', StringValue: longMessage.slice(0, 1024) },
    })
  })

  it('DLQ on SNS - a queue subscribed to the topic gets the original payload and the attributes in the envelope', async () => {
    const sim = createSimulation({ seed: 122, logRetention: 0 })
    const q = queue(sim, 'sub')
    const { topicArn } = sim.sns.createTopic({ name: 'dead' })
    sim.sns.subscribe({ topicArn, protocol: 'sqs', endpoint: q.arn })
    sim.createFunction({ functionName: 'bad', code: failing('oops'), deadLetterConfig: { targetArn: topicArn } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0 })
    const accepted = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { id: 9 } })
    await sim.runUntilIdle()
    const [envelope, ...rest] = drain(sim, q.url) as Record<string, unknown>[]
    expect(rest).toEqual([])
    expect(envelope).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
      Message: '{"id":9}',
      MessageAttributes: {
        RequestID: { Type: 'String', Value: accepted.requestId },
        ErrorCode: { Type: 'Number', Value: '200' },
        ErrorMessage: { Type: 'String', Value: 'oops' },
      },
    })
  })

  it('DLQ and on-failure destination together - both receive', async () => {
    const sim = createSimulation({ seed: 123, logRetention: 0, recordEvents: true })
    const dlq = queue(sim, 'dlq')
    const dest = queue(sim, 'dest')
    sim.createFunction({ functionName: 'bad', code: failing(), deadLetterConfig: { targetArn: dlq.arn } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: dest.arn } } })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { both: true } })
    await sim.runUntilIdle()
    expect(sim.sqs.peekMessages(dlq.url).map((m) => m.body)).toEqual(['{"both":true}'])
    expect(drain(sim, dest.url)).toMatchObject([{ requestContext: { condition: 'RetriesExhausted' }, requestPayload: { both: true } }])
    expect(finished(sim.events(), 'bad')).toMatchObject([{ destination: { arn: dest.arn, ok: true }, deadLetter: { arn: dlq.arn, ok: true } }])
  })

  it('DLQ that does not exist - DeadLetterErrors and async.deliveryFailed; the event still finishes exactly once', async () => {
    const sim = createSimulation({ seed: 124, logRetention: 0, recordEvents: true })
    const missing = `arn:aws:sqs:${REGION}:${ACCOUNT}:never-created`
    sim.createFunction({ functionName: 'bad', code: failing(), deadLetterConfig: { targetArn: missing } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0 })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: {} })
    await sim.runUntilIdle()
    const done = finished(sim.events(), 'bad')
    expect(done).toHaveLength(1)
    expect(done[0]).toMatchObject({ status: 'failed', condition: 'RetriesExhausted', deadLetter: { arn: missing, ok: false } })
    expect(sim.events().filter((e) => e.type === 'async.deliveryFailed')).toMatchObject([{ target: 'dead-letter-queue', arn: missing, functionName: 'bad' }])
    expect(metricSum(sim, 'DeadLetterErrors', 'bad')).toBe(1)
    expect(metricSum(sim, 'DestinationDeliveryFailures', 'bad')).toBe(0)
    expect(metricSum(sim, 'AsyncEventsDropped', 'bad')).toBe(1)
  })

  it('DLQ config is version-scoped - a published version keeps the DLQ it was published with', async () => {
    const sim = createSimulation({ seed: 125, logRetention: 0 })
    const a = queue(sim, 'dlq-a')
    const b = queue(sim, 'dlq-b')
    sim.createFunction({ functionName: 'bad', code: failing(), deadLetterConfig: { targetArn: a.arn } })
    sim.publishVersion({ functionName: 'bad' })
    sim.updateFunctionConfiguration({ functionName: 'bad', deadLetterConfig: { targetArn: b.arn } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0 })
    await sim.invoke({ functionName: 'bad', qualifier: '1', invocationType: 'Event', payload: { v: 1 } })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { v: 'latest' } })
    await sim.runUntilIdle()
    expect(sim.sqs.peekMessages(a.url).map((m) => m.body)).toEqual(['{"v":1}'])
    expect(sim.sqs.peekMessages(b.url).map((m) => m.body)).toEqual(['{"v":"latest"}'])
  })
})

describe('event-invoke config precedence', () => {
  it("the alias's own config governs; an alias without one falls back to the unqualified function's", async () => {
    const sim = createSimulation({ seed: 131, logRetention: 0, recordEvents: true })
    const fnQ = queue(sim, 'function-level')
    const aliasQ = queue(sim, 'alias-level')
    sim.createFunction({ functionName: 'bad', code: failing(), publish: true })
    sim.createAlias({ functionName: 'bad', name: 'configured', functionVersion: '1' })
    sim.createAlias({ functionName: 'bad', name: 'bare', functionVersion: '1' })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: fnQ.arn } } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', qualifier: 'configured', maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination: aliasQ.arn } } })
    await sim.invoke({ functionName: 'bad', qualifier: 'configured', invocationType: 'Event', payload: { via: 'configured' } })
    await sim.invoke({ functionName: 'bad', qualifier: 'bare', invocationType: 'Event', payload: { via: 'bare' } })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { via: 'unqualified' } })
    await sim.runUntilIdle()
    expect(drain(sim, aliasQ.url)).toMatchObject([
      { requestContext: { functionArn: `${FN}:bad:configured`, approximateInvokeCount: 2 }, requestPayload: { via: 'configured' } },
    ])
    expect(drain(sim, fnQ.url)).toMatchObject([
      { requestContext: { functionArn: `${FN}:bad:bare`, approximateInvokeCount: 1 }, requestPayload: { via: 'bare' } },
      { requestContext: { functionArn: `${FN}:bad:$LATEST`, approximateInvokeCount: 1 }, requestPayload: { via: 'unqualified' } },
    ])
  })
})
