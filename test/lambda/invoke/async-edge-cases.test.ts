import { describe, expect, it } from 'vitest'
import { createSimulation, type AsyncFinishedEvent, type LambdaContext, type SimEvent, type Simulation } from '../../../src/index.js'
import { ZERO_RESERVED_CONCURRENCY_DLQ_MESSAGE } from '../../../src/lambda/invoke/async-invoke.js'

// Issue 16, async edge cases: zero reserved concurrency, configuration changes while events wait,
// and the invocation record's fields for event-age expiry.

const START = Date.UTC(2024, 0, 1)
const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`
const at = (ms: number): number => (ms - START) / 1000

function finished(events: SimEvent[], functionName: string): AsyncFinishedEvent[] {
  return events.filter((e): e is AsyncFinishedEvent => e.type === 'async.finished' && e.functionName === functionName)
}

function queue(sim: Simulation, name: string): { url: string; arn: string } {
  const { queueUrl } = sim.sqs.createQueue({ queueName: name })
  return { url: queueUrl, arn: sim.sqs.queueArn(name) }
}

/** Every message body in the queue, parsed. */
function drain(sim: Simulation, url: string): unknown[] {
  return sim.sqs.peekMessages(url).map((m) => JSON.parse(m.body) as unknown)
}

function startsOf(sim: Simulation, functionName: string): number[] {
  return sim
    .events()
    .filter((e) => e.type === 'invocation.started' && e.functionName === functionName)
    .map((e) => at(e.atMs))
}

function droppedSum(sim: Simulation, functionName: string): number {
  const points = sim.metrics?.getMetricStatistics({ metricName: 'AsyncEventsDropped', dimensions: { FunctionName: functionName }, period: 86_400, statistics: ['Sum'] }) ?? []
  return points.reduce((sum, p) => sum + (p.Sum ?? 0), 0)
}

describe('reserved concurrency 0', () => {
  it('ZeroReservedConcurrency - the record has count 0 and no response fields; delivered at acceptance, never retried', async () => {
    const sim = createSimulation({ seed: 1601, logRetention: 0, recordEvents: true })
    const failures = queue(sim, 'failures')
    let runs = 0
    sim.createFunction({ functionName: 'off', code: async () => void runs++ })
    sim.putFunctionConcurrency({ functionName: 'off', reservedConcurrentExecutions: 0 })
    sim.putFunctionEventInvokeConfig({ functionName: 'off', destinationConfig: { onFailure: { destination: failures.arn } } })
    await sim.advance('5s')
    const accepted = await sim.invoke({ functionName: 'off', invocationType: 'Event', payload: { order: 1 } })
    expect(accepted.statusCode).toBe(202)
    await sim.runUntilIdle()
    expect(runs).toBe(0)
    expect(drain(sim, failures.url)).toEqual([
      {
        version: '1.0',
        timestamp: '2024-01-01T00:00:05.000Z',
        requestContext: { requestId: accepted.requestId, functionArn: `${FN}:off:$LATEST`, condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0 },
        requestPayload: { order: 1 },
      },
    ])
    expect(sim.events().filter((e) => e.type === 'async.retryScheduled')).toEqual([])
    expect(finished(sim.events(), 'off')).toMatchObject([{ status: 'failed', condition: 'ZeroReservedConcurrency', approximateInvokeCount: 0, atMs: START + 5000 }])
  })

  it('ZeroReservedConcurrency - the DLQ gets the event with RequestID and AWS’s ErrorMessage, without ErrorCode', async () => {
    const sim = createSimulation({ seed: 1602, logRetention: 0 })
    const dlq = queue(sim, 'dlq')
    sim.createFunction({ functionName: 'off', code: async () => 'never', deadLetterConfig: { targetArn: dlq.arn } })
    sim.putFunctionConcurrency({ functionName: 'off', reservedConcurrentExecutions: 0 })
    const accepted = await sim.invoke({ functionName: 'off', invocationType: 'Event', payloadJson: '{"raw" : true}' })
    await sim.runUntilIdle()
    const { messages } = sim.sqs.receiveMessage({ queueUrl: dlq.url, maxNumberOfMessages: 10, messageAttributeNames: ['All'] })
    expect(messages.map((m) => [m.body, m.messageAttributes])).toEqual([
      [
        '{"raw" : true}',
        {
          RequestID: { DataType: 'String', StringValue: accepted.requestId },
          ErrorMessage: { DataType: 'String', StringValue: ZERO_RESERVED_CONCURRENCY_DLQ_MESSAGE },
        },
      ],
    ])
    expect(ZERO_RESERVED_CONCURRENCY_DLQ_MESSAGE).toBe('Function not invoked. Function isconfigured with zero reserved concurrent executions')
  })

  it('ZeroReservedConcurrency - with no destination and no DLQ the event is dropped at once (AsyncEventsDropped)', async () => {
    const sim = createSimulation({ seed: 1603, recordEvents: true })
    sim.createFunction({ functionName: 'off', code: async () => 'never' })
    sim.putFunctionConcurrency({ functionName: 'off', reservedConcurrentExecutions: 0 })
    await sim.invoke({ functionName: 'off', invocationType: 'Event' })
    await sim.invoke({ functionName: 'off', invocationType: 'Event' })
    await sim.runUntilIdle()
    expect(finished(sim.events(), 'off').map((e) => [at(e.atMs), e.condition])).toEqual([
      [0, 'ZeroReservedConcurrency'],
      [0, 'ZeroReservedConcurrency'],
    ])
    expect(droppedSum(sim, 'off')).toBe(2)
  })

  it('reserved concurrency set to 0 while a retry waits - the retry fails with ZeroReservedConcurrency; the record keeps the run that happened', async () => {
    const sim = createSimulation({ seed: 1604, logRetention: 0, recordEvents: true })
    const failures = queue(sim, 'failures')
    sim.createFunction({ functionName: 'f', code: async () => { throw new Error('first run failed') } })
    sim.putFunctionEventInvokeConfig({ functionName: 'f', destinationConfig: { onFailure: { destination: failures.arn } } })
    const accepted = await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: {} })
    await sim.advance('30s')
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 0 })
    await sim.runUntilIdle()
    expect(startsOf(sim, 'f')).toEqual([0])
    const [record] = drain(sim, failures.url) as Record<string, unknown>[]
    expect(record?.['requestContext']).toEqual({ requestId: accepted.requestId, functionArn: `${FN}:f:$LATEST`, condition: 'ZeroReservedConcurrency', approximateInvokeCount: 1 })
    expect(record?.['responseContext']).toEqual({ statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' })
    expect(record?.['responsePayload']).toMatchObject({ errorMessage: 'first run failed' })
  })
})

describe('queued events run with the configuration in force when they run', () => {
  /** A function that fails its first attempt and records what each attempt saw. */
  function observer(sim: Simulation, seen: { remainingMs: number; memory: string; stage: string | undefined }[]) {
    sim.createFunction({
      functionName: 'f',
      timeout: 3,
      memorySize: 128,
      environment: { variables: { STAGE: 'old' } },
      code: async (_event: unknown, context: LambdaContext) => {
        seen.push({ remainingMs: context.getRemainingTimeInMillis(), memory: context.memoryLimitInMB, stage: context.env['STAGE'] })
        if (seen.length === 1) throw new Error('first attempt fails')
        return 'ok'
      },
    })
  }

  it('a retry runs with the timeout, memory and environment set after the event was accepted', async () => {
    const sim = createSimulation({ seed: 1611 })
    const seen: { remainingMs: number; memory: string; stage: string | undefined }[] = []
    observer(sim, seen)
    await sim.invoke({ functionName: 'f', invocationType: 'Event' })
    await sim.advance('30s') // attempt 1 has failed; the retry waits until 60 s
    sim.updateFunctionConfiguration({ functionName: 'f', timeout: 10, memorySize: 512, environment: { variables: { STAGE: 'new' } } })
    await sim.runUntilIdle()
    expect(seen.map((s) => [Math.round(s.remainingMs / 1000), s.memory, s.stage])).toEqual([
      [3, '128', 'old'],
      [10, '512', 'new'],
    ])
  })

  it('an event throttled in the queue runs with the configuration changed while it waited', async () => {
    const sim = createSimulation({ seed: 1612 })
    const seen: { n: number; memory: string; stage: string | undefined }[] = []
    sim.createFunction({
      functionName: 'busy',
      timeout: 30,
      memorySize: 128,
      environment: { variables: { STAGE: 'old' } },
      code: async (event: { n: number }, context: LambdaContext) => {
        seen.push({ n: event.n, memory: context.memoryLimitInMB, stage: context.env['STAGE'] })
        await context.sleep(5000)
      },
    })
    sim.putFunctionConcurrency({ functionName: 'busy', reservedConcurrentExecutions: 1 })
    await sim.invoke({ functionName: 'busy', invocationType: 'Event', payload: { n: 1 } })
    await sim.invoke({ functionName: 'busy', invocationType: 'Event', payload: { n: 2 } }) // throttled: waits
    await sim.advance('2s')
    sim.updateFunctionConfiguration({ functionName: 'busy', memorySize: 1024, environment: { variables: { STAGE: 'new' } } })
    await sim.runUntilIdle()
    expect(seen).toEqual([
      { n: 1, memory: '128', stage: 'old' },
      { n: 2, memory: '1024', stage: 'new' },
    ])
  })

  it('MaximumRetryAttempts raised during an attempt - the budget in force when the attempt ends decides', async () => {
    const sim = createSimulation({ seed: 1613, recordEvents: true })
    sim.createFunction({
      functionName: 'bad',
      timeout: 20,
      code: async (_e: unknown, context: LambdaContext) => {
        await context.sleep(10_000)
        throw new Error('always')
      },
    })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 1 })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event' })
    await sim.advance('75s') // attempt 1: 0–10 s; attempt 2 (the last under a budget of 1): 70–80 s
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 2 })
    await sim.runUntilIdle()
    // Read at acceptance, or when attempt 2 started, the budget (1) would stop after two attempts.
    expect(startsOf(sim, 'bad')).toEqual([0, 70, 200])
    expect(finished(sim.events(), 'bad')).toMatchObject([{ condition: 'RetriesExhausted', approximateInvokeCount: 3 }])
  })

  it('MaximumRetryAttempts lowered to 0 while a retry waits - the scheduled retry runs, then the event fails', async () => {
    const sim = createSimulation({ seed: 1614, recordEvents: true })
    sim.createFunction({ functionName: 'bad', code: async () => { throw new Error('always') } })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event' })
    await sim.advance('30s')
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0 })
    await sim.runUntilIdle()
    expect(startsOf(sim, 'bad')).toEqual([0, 60])
    expect(finished(sim.events(), 'bad')).toMatchObject([{ condition: 'RetriesExhausted', approximateInvokeCount: 2 }])
  })

  it('MaximumEventAgeInSeconds lowered while a retry waits - the retry is not run; EventAgeExceeded carries the run that happened', async () => {
    const sim = createSimulation({ seed: 1615, logRetention: 0, recordEvents: true })
    const failures = queue(sim, 'failures')
    sim.createFunction({
      functionName: 'bad',
      code: async (_e: unknown, context: LambdaContext) => {
        await context.sleep(50)
        throw new RangeError('too far')
      },
    })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', destinationConfig: { onFailure: { destination: failures.arn } } })
    const accepted = await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { id: 3 } })
    await sim.advance('30s')
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumEventAgeInSeconds: 60, destinationConfig: { onFailure: { destination: failures.arn } } })
    await sim.runUntilIdle()
    // The retry was due at 60.05 s, past the new 60 s age: it never runs.
    expect(startsOf(sim, 'bad')).toEqual([0])
    expect(drain(sim, failures.url)).toEqual([
      {
        version: '1.0',
        timestamp: '2024-01-01T00:01:00.050Z',
        requestContext: { requestId: accepted.requestId, functionArn: `${FN}:bad:$LATEST`, condition: 'EventAgeExceeded', approximateInvokeCount: 1 },
        requestPayload: { id: 3 },
        responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
        responsePayload: expect.objectContaining({ errorType: 'RangeError', errorMessage: 'too far' }) as unknown,
      },
    ])
  })

  it('destinations are read at delivery - a destination changed while the event waited gets the record', async () => {
    const sim = createSimulation({ seed: 1616, logRetention: 0 })
    const before = queue(sim, 'before')
    const after = queue(sim, 'after')
    sim.createFunction({ functionName: 'bad', code: async () => { throw new Error('x') } })
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination: before.arn } } })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event' })
    await sim.advance('30s')
    sim.updateFunctionEventInvokeConfig({ functionName: 'bad', destinationConfig: { onFailure: { destination: after.arn } } })
    await sim.runUntilIdle()
    expect(drain(sim, before.url)).toEqual([])
    expect(drain(sim, after.url)).toMatchObject([{ requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 2 } }])
  })

  it('the DLQ is read at delivery - $LATEST’s DLQ changed during the last attempt receives the event', async () => {
    const sim = createSimulation({ seed: 1617, logRetention: 0 })
    const a = queue(sim, 'dlq-a')
    const b = queue(sim, 'dlq-b')
    sim.createFunction({
      functionName: 'slow',
      timeout: 20,
      deadLetterConfig: { targetArn: a.arn },
      code: async (_e: unknown, context: LambdaContext) => {
        await context.sleep(10_000)
        throw new Error('late failure')
      },
    })
    sim.putFunctionEventInvokeConfig({ functionName: 'slow', maximumRetryAttempts: 0 })
    await sim.invoke({ functionName: 'slow', invocationType: 'Event', payload: { v: 1 } })
    await sim.advance('5s') // the only attempt is running
    sim.updateFunctionConfiguration({ functionName: 'slow', deadLetterConfig: { targetArn: b.arn } })
    await sim.runUntilIdle()
    expect(sim.sqs.peekMessages(a.url)).toEqual([])
    expect(sim.sqs.peekMessages(b.url).map((m) => m.body)).toEqual(['{"v":1}'])
  })
})

describe('EventAgeExceeded records', () => {
  it('an event that ran and failed, then was throttled until its age ran out, keeps the failed run in the record', async () => {
    const sim = createSimulation({ seed: 1621, logRetention: 0, recordEvents: true })
    const failures = queue(sim, 'failures')
    sim.createFunction({
      functionName: 'f',
      timeout: 900,
      code: async (event: { kind: string }, context: LambdaContext) => {
        if (event.kind === 'fail') throw new Error('ran and failed')
        await context.sleep(600_000) // holds the only slot
      },
    })
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 })
    sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumEventAgeInSeconds: 120, destinationConfig: { onFailure: { destination: failures.arn } } })
    const failing = await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { kind: 'fail' } })
    await sim.advance('1s')
    await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { kind: 'block' } })
    await sim.runUntilIdle()
    const records = drain(sim, failures.url) as { requestContext: { requestId: string } }[]
    const record = records.find((r) => r.requestContext.requestId === failing.requestId)
    expect(record).toMatchObject({
      requestContext: { condition: 'EventAgeExceeded', approximateInvokeCount: 1 },
      requestPayload: { kind: 'fail' },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorMessage: 'ran and failed' },
    })
    // It ran once; every later attempt was throttled.
    expect(sim.events().filter((e) => e.type === 'invocation.started' && e.requestId === failing.requestId)).toHaveLength(1)
  })
})
