import { describe, expect, it } from 'vitest'
import { createSimulation, type AsyncFinishedEvent, type LambdaContext, type SimEvent } from '../../../src/index.js'

const START = Date.UTC(2024, 0, 1)
const at = (ms: number): number => (ms - START) / 1000
const ARN = 'arn:aws:lambda:us-east-1:123456789012:function'

/** A function that fails its first `failures` attempts (sleeping `ms` each time). */
function flaky(failures: number, ms = 50) {
  let calls = 0
  return async (event: { id?: number }, context: LambdaContext) => {
    calls++
    await context.sleep(ms)
    if (calls <= failures) throw new Error(`attempt ${calls} failed`)
    return { ok: event.id ?? null, calls }
  }
}

function recorder(sim: ReturnType<typeof createSimulation>, name = 'sink'): unknown[] {
  const received: unknown[] = []
  sim.createFunction({ functionName: name, code: async (event: unknown) => void received.push(event) })
  return received
}

function finished(events: SimEvent[], functionName: string): AsyncFinishedEvent[] {
  return events.filter((e): e is AsyncFinishedEvent => e.type === 'async.finished' && e.functionName === functionName)
}

describe('async-invoke', () => {
  it('retries - a function error is retried +1 min after the first attempt ends, then +2 min, with the same request id', async () => {
    const sim = createSimulation({ seed: 1, recordEvents: true })
    sim.createFunction({ functionName: 'f', code: flaky(2) })
    const accepted = await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { id: 7 } })
    await sim.runUntilIdle()
    const starts = sim.events().filter((e) => e.type === 'invocation.started' && e.functionName === 'f')
    expect(starts.map((e) => at(e.atMs))).toEqual([0, 60.05, 180.1])
    expect(new Set(starts.map((e) => (e.type === 'invocation.started' ? e.requestId : '')))).toEqual(new Set([accepted.requestId]))
    expect(finished(sim.events(), 'f')).toMatchObject([{ status: 'succeeded', condition: 'Success', approximateInvokeCount: 3 }])
  })

  it('retries - after MaximumRetryAttempts the event fails with RetriesExhausted; timeouts count as function errors', async () => {
    const sim = createSimulation({ seed: 2, recordEvents: true })
    sim.createFunction({ functionName: 'slow', timeout: 1, code: async (_e: unknown, c: LambdaContext) => c.sleep(5000) })
    sim.putFunctionEventInvokeConfig({ functionName: 'slow', maximumRetryAttempts: 1 })
    await sim.invoke({ functionName: 'slow', invocationType: 'Event' })
    await sim.runUntilIdle()
    const starts = sim.events().filter((e) => e.type === 'invocation.started')
    expect(starts.map((e) => at(e.atMs))).toEqual([0, 61])
    expect(finished(sim.events(), 'slow')).toMatchObject([{ status: 'failed', condition: 'RetriesExhausted', approximateInvokeCount: 2 }])
  })

  it('throttles - the event waits with exponential backoff (1 s, 2 s, 4 s …) without using a retry', async () => {
    const sim = createSimulation({ seed: 3, recordEvents: true })
    sim.createFunction({ functionName: 'busy', timeout: 10, code: async (_e: unknown, c: LambdaContext) => c.sleep(6000) })
    sim.putFunctionConcurrency({ functionName: 'busy', reservedConcurrentExecutions: 1 })
    await sim.invoke({ functionName: 'busy', invocationType: 'Event', payload: { n: 1 } })
    await sim.invoke({ functionName: 'busy', invocationType: 'Event', payload: { n: 2 } })
    await sim.runUntilIdle()
    const retries = sim.events().filter((e) => e.type === 'async.retryScheduled')
    expect(retries.map((e) => (e.type === 'async.retryScheduled' ? [at(e.atMs), at(e.retryAtMs), e.reason] : []))).toEqual([
      [0, 1, 'throttle'],
      [1, 3, 'throttle'],
      [3, 7, 'throttle'],
    ])
    expect(finished(sim.events(), 'busy').map((e) => [e.status, e.approximateInvokeCount])).toEqual([
      ['succeeded', 1],
      ['succeeded', 1],
    ])
  })

  it('event age - an event older than MaximumEventAgeInSeconds is not attempted again (EventAgeExceeded)', async () => {
    const sim = createSimulation({ seed: 4, recordEvents: true })
    sim.createFunction({ functionName: 'f', code: flaky(5) })
    sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 90 })
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.runUntilIdle()
    // Attempt 1 at 0 s, retry at 60.05 s; the second retry (at 180.1 s) would exceed 90 s of age.
    expect(sim.events().filter((e) => e.type === 'invocation.started').map((e) => at(e.atMs))).toEqual([0, 60.05])
    expect(finished(sim.events(), 'f')).toMatchObject([{ status: 'failed', condition: 'EventAgeExceeded', approximateInvokeCount: 2 }])
  })

  it('reserved concurrency 0 - events are accepted (202) and fail without running (ZeroReservedConcurrency), straight to the on-failure destination', async () => {
    const sim = createSimulation({ seed: 5, recordEvents: true })
    const received = recorder(sim)
    let ran = false
    sim.createFunction({ functionName: 'off', code: async () => void (ran = true) })
    sim.putFunctionConcurrency({ functionName: 'off', reservedConcurrentExecutions: 0 })
    sim.putFunctionEventInvokeConfig({ functionName: 'off', destinationConfig: { onFailure: { destination: `${ARN}:sink` } } })
    expect((await sim.invoke({ functionName: 'off', invocationType: 'Event', payload: { x: 1 } })).statusCode).toBe(202)
    await sim.runUntilIdle()
    expect(ran).toBe(false)
    expect(received).toHaveLength(1)
    expect(received[0]).toMatchObject({ requestContext: { condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 }, requestPayload: { x: 1 } })
    expect(received[0]).not.toHaveProperty('responseContext')
  })

  it('destinations - the success and failure records have AWS’s shape, with the invoked qualifier in functionArn', async () => {
    const sim = createSimulation({ seed: 6 })
    const received = recorder(sim)
    sim.createFunction({ functionName: 'ok', code: async (e: { n: number }) => ({ doubled: e.n * 2 }), publish: true })
    sim.createAlias({ functionName: 'ok', name: 'live', functionVersion: '1' })
    sim.putFunctionEventInvokeConfig({ functionName: 'ok', qualifier: 'live', destinationConfig: { onSuccess: { destination: `${ARN}:sink` } } })
    sim.createFunction({ functionName: 'bad', code: async () => { throw new TypeError('nope') } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: `${ARN}:sink` } } })
    const good = await sim.invoke({ functionName: 'ok', qualifier: 'live', invocationType: 'Event', payload: { n: 21 } })
    const failed = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { n: 1 } })
    await sim.runUntilIdle()
    expect(received).toEqual([
      {
        version: '1.0',
        timestamp: '2024-01-01T00:00:00.000Z',
        requestContext: { requestId: good.requestId, functionArn: `${ARN}:ok:live`, condition: 'Success', approximateInvokeCount: 1 },
        requestPayload: { n: 21 },
        responseContext: { statusCode: 200, executedVersion: '1' },
        responsePayload: { doubled: 42 },
      },
      {
        version: '1.0',
        timestamp: '2024-01-01T00:00:00.000Z',
        requestContext: { requestId: failed.requestId, functionArn: `${ARN}:bad:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: 1 },
        requestPayload: { n: 1 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: expect.objectContaining({ errorType: 'TypeError', errorMessage: 'nope' }),
      },
    ])
  })

  it('destinations - a destination that no longer exists counts a delivery failure; the event still finishes once', async () => {
    const sim = createSimulation({ seed: 7, recordEvents: true })
    recorder(sim, 'gone')
    sim.createFunction({ functionName: 'f', code: async () => 'fine' })
    sim.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: `${ARN}:gone` } } })
    sim.deleteFunction({ functionName: 'gone' })
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.runUntilIdle()
    const done = finished(sim.events(), 'f')
    expect(done).toHaveLength(1)
    expect(done[0]?.destination).toMatchObject({ arn: `${ARN}:gone`, ok: false })
    expect(sim.metrics?.getMetricStatistics({ metricName: 'DestinationDeliveryFailures', dimensions: { FunctionName: 'f' }, statistics: ['Sum'] })).toEqual([
      { timestamp: START, Sum: 1 },
    ])
  })

  it('at-least-once - with duplicateProbability 1 every event runs twice under one request id, each copy finishing once', async () => {
    const sim = createSimulation({ seed: 8, recordEvents: true, async: { duplicateProbability: 1 } })
    const seen: string[] = []
    sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: LambdaContext) => void seen.push(c.awsRequestId) })
    const accepted = await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.runUntilIdle()
    expect(seen).toEqual([accepted.requestId, accepted.requestId])
    expect(finished(sim.events(), 'f').map((e) => e.copy)).toEqual([0, 1])
  })

  it('metrics - AsyncEventsReceived, AsyncEventAge (per attempt) and AsyncEventsDropped', async () => {
    const sim = createSimulation({ seed: 9 })
    sim.createFunction({ functionName: 'f', code: flaky(10) })
    sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1 })
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.runUntilIdle()
    const get = (metricName: Parameters<NonNullable<typeof sim.metrics>['getMetricStatistics']>[0]['metricName']) =>
      sim.metrics?.getMetricStatistics({ metricName, dimensions: { FunctionName: 'f' }, period: 300, statistics: ['Sum', 'Maximum', 'SampleCount'] })
    expect(get('AsyncEventsReceived')).toMatchObject([{ Sum: 1 }])
    expect(get('AsyncEventAge')).toMatchObject([{ SampleCount: 2, Maximum: 60_050 }])
    expect(get('AsyncEventsDropped')).toMatchObject([{ Sum: 1 }])
  })
})

describe('async-invoke role access', () => {
  it('revokeRoleAccess - a destination the execution role may not write to counts a delivery failure, and nothing is lost', async () => {
    const sim = createSimulation({ seed: 10, recordEvents: true })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'results' })
    const queueArn = sim.sqs.queueArn('results')
    sim.createFunction({ functionName: 'f', code: async () => 'done' })
    sim.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onSuccess: { destination: queueArn } } })
    const role = sim.getFunctionConfiguration({ functionName: 'f' }).role
    sim.revokeRoleAccess({ roleArn: role, resourceArn: 'arn:aws:sqs:*:*:results' })
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.runUntilIdle()
    const done = finished(sim.events(), 'f')
    expect(done).toHaveLength(1)
    expect(done[0]?.destination).toEqual({
      arn: queueArn,
      ok: false,
      reason: `AccessDenied: ${role} is not authorized to perform: sqs:SendMessage on resource: ${queueArn}`,
    })
    expect(sim.sqs.receiveMessage({ queueUrl }).messages).toEqual([])
    sim.restoreRoleAccess()
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.runUntilIdle()
    expect(sim.sqs.receiveMessage({ queueUrl }).messages).toHaveLength(1)
  })
})
