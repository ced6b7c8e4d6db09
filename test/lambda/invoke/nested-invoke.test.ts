import { describe, expect, it } from 'vitest'
import { createSimulation, type AsyncFinishedEvent, type InitContext, type InvokeResult, type LambdaContext, type SimEvent, type Simulation } from '../../../src/index.js'

// `context.lambda.invoke` from inside handlers (and init code): waiting on the virtual clock,
// Event hand-off, and recursive loop detection (lambda-semantics §10.1).

const START = Date.UTC(2024, 0, 1)
const RECURSION_MESSAGE =
  "Lambda has detected your function being invoked in a recursive loop with other AWS resources and stopped your function's invocation."

function completed(events: SimEvent[], functionName: string) {
  return events.filter((e) => e.type === 'invocation.completed' && e.functionName === functionName) as Extract<SimEvent, { type: 'invocation.completed' }>[]
}

function started(events: SimEvent[], functionName: string) {
  return events.filter((e) => e.type === 'invocation.started' && e.functionName === functionName)
}

function finished(events: SimEvent[], functionName: string): AsyncFinishedEvent[] {
  return events.filter((e): e is AsyncFinishedEvent => e.type === 'async.finished' && e.functionName === functionName)
}

function recursionDropped(sim: Simulation, functionName: string): number {
  const points =
    sim.metrics?.getMetricStatistics({ metricName: 'RecursiveInvocationsDropped', dimensions: { FunctionName: functionName }, period: 86_400, statistics: ['Sum'] }) ?? []
  return points.reduce((sum, p) => sum + (p.Sum ?? 0), 0)
}

describe('nested RequestResponse', () => {
  it('waits for the callee on the virtual clock: payloads cross and the caller’s duration includes the callee’s', async () => {
    const sim = createSimulation({ seed: 201, logRetention: 0, recordEvents: true })
    sim.createFunction({
      functionName: 'callee',
      code: async (event: { x: number }, c: LambdaContext) => {
        await c.sleep(250)
        return { y: event.x + 1, at: c.nowMs - START }
      },
    })
    let inner: InvokeResult | undefined
    sim.createFunction({
      functionName: 'caller',
      code: async (_event: unknown, c: LambdaContext) => {
        await c.sleep(40)
        inner = await c.lambda.invoke({ functionName: 'callee', payload: { x: 41 } })
        await c.sleep(10)
        return { got: inner.payload, doneAt: c.nowMs - START }
      },
    })
    const result = await sim.invoke({ functionName: 'caller', payload: {} })
    expect(result.payload).toEqual({ got: { y: 42, at: 290 }, doneAt: 300 })
    expect(inner).toMatchObject({ statusCode: 200, executedVersion: '$LATEST', payload: { y: 42, at: 290 } })
    expect(inner?.functionError).toBeUndefined()
    const [callerDone] = completed(sim.events(), 'caller')
    const [calleeDone] = completed(sim.events(), 'callee')
    expect(calleeDone).toMatchObject({ startedAtMs: START + 40, durationMs: 250 })
    expect(callerDone).toMatchObject({ startedAtMs: START, durationMs: 300 })
    expect(sim.nowMs).toBe(START + 300)
  })

  it('a callee error comes back as data (functionError Unhandled, error payload); the caller carries on', async () => {
    const sim = createSimulation({ seed: 202, logRetention: 0 })
    sim.createFunction({
      functionName: 'callee',
      code: async () => {
        throw new RangeError('out of range')
      },
    })
    sim.createFunction({
      functionName: 'caller',
      code: async (_e: unknown, c: LambdaContext) => {
        const r = await c.lambda.invoke({ functionName: 'callee' })
        return { status: r.statusCode, functionError: r.functionError ?? null, payload: r.payload }
      },
    })
    const result = await sim.invoke({ functionName: 'caller' })
    expect(result.functionError).toBeUndefined()
    expect(result.payload).toMatchObject({
      status: 200,
      functionError: 'Unhandled',
      payload: { errorType: 'RangeError', errorMessage: 'out of range' },
    })
  })

  it('a missing callee is an AWS error in the result, not a throw', async () => {
    const sim = createSimulation({ seed: 203, logRetention: 0 })
    sim.createFunction({
      functionName: 'caller',
      code: async (_e: unknown, c: LambdaContext) => {
        const r = await c.lambda.invoke({ functionName: 'nobody' })
        return { status: r.statusCode, name: r.error?.name }
      },
    })
    expect((await sim.invoke({ functionName: 'caller' })).payload).toEqual({ status: 404, name: 'ResourceNotFoundException' })
  })
})

describe('nested Event', () => {
  it('returns 202 at once; the callee runs later from the async queue', async () => {
    const sim = createSimulation({ seed: 211, logRetention: 0, recordEvents: true })
    const ran: number[] = []
    sim.createFunction({
      functionName: 'worker',
      code: async (event: { job: number }, c: LambdaContext) => {
        await c.sleep(500)
        ran.push(event.job)
      },
    })
    sim.createFunction({
      functionName: 'dispatcher',
      code: async (_e: unknown, c: LambdaContext) => {
        const r = await c.lambda.invoke({ functionName: 'worker', invocationType: 'Event', payload: { job: 7 } })
        return { status: r.statusCode, payload: r.payload, at: c.nowMs - START, hasId: typeof r.requestId === 'string' }
      },
    })
    const result = await sim.invoke({ functionName: 'dispatcher' })
    expect(result.payload).toEqual({ status: 202, payload: null, at: 0, hasId: true })
    expect(ran).toEqual([])
    await sim.runUntilIdle()
    expect(ran).toEqual([7])
    expect(sim.events().filter((e) => e.type === 'async.accepted' && e.functionName === 'worker')).toMatchObject([{ lineage: 1 }])
    expect(finished(sim.events(), 'worker')).toMatchObject([{ status: 'succeeded', approximateInvokeCount: 1 }])
  })
})

describe('recursive loop detection', () => {
  /** A function that invokes itself synchronously, recording each depth and the answer it got. */
  function selfInvoking(sim: Simulation, stopAt = Infinity) {
    const depths: number[] = []
    const answers: InvokeResult[] = []
    sim.createFunction({
      functionName: 'loop',
      timeout: 60,
      code: async (event: { depth: number }, c: LambdaContext) => {
        depths.push(event.depth)
        await c.sleep(5)
        if (event.depth >= stopAt) return { depth: event.depth }
        const r = await c.lambda.invoke({ functionName: 'loop', payload: { depth: event.depth + 1 } })
        answers.push(r)
        return { depth: event.depth, below: r.statusCode }
      },
    })
    return { depths, answers }
  }

  it('a synchronous self-invoking loop is stopped at the 17th hop with RecursiveInvocationException (400)', async () => {
    const sim = createSimulation({ seed: 221, logRetention: 0, recordEvents: true })
    const { depths, answers } = selfInvoking(sim)
    const result = await sim.invoke({ functionName: 'loop', payload: { depth: 0 } })
    expect(result.payload).toEqual({ depth: 0, below: 200 })
    // The direct call (depth 0) and 16 hops ran; the 17th hop was refused.
    expect(depths).toEqual(Array.from({ length: 17 }, (_, i) => i))
    const refused = answers[0]
    expect(refused?.statusCode).toBe(400)
    expect(refused?.error?.name).toBe('RecursiveInvocationException')
    expect(refused?.error?.message).toBe(RECURSION_MESSAGE)
    expect(refused?.payload).toMatchObject({ message: RECURSION_MESSAGE })
    expect(answers.slice(1).every((a) => a.statusCode === 200)).toBe(true)
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toMatchObject([{ functionName: 'loop', lineage: 17 }])
    expect(recursionDropped(sim, 'loop')).toBe(1)
  })

  it("recursiveLoop 'Allow' lets the loop run on to its own base case", async () => {
    const sim = createSimulation({ seed: 222, logRetention: 0, recordEvents: true })
    const { depths, answers } = selfInvoking(sim, 25)
    expect(sim.putFunctionRecursionConfig({ functionName: 'loop', recursiveLoop: 'Allow' })).toEqual({ recursiveLoop: 'Allow' })
    expect(sim.getFunctionRecursionConfig({ functionName: 'loop' })).toEqual({ recursiveLoop: 'Allow' })
    const result = await sim.invoke({ functionName: 'loop', payload: { depth: 0 } })
    expect(result.payload).toEqual({ depth: 0, below: 200 })
    expect(depths).toHaveLength(26)
    expect(answers.every((a) => a.statusCode === 200)).toBe(true)
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toEqual([])
    expect(recursionDropped(sim, 'loop')).toBe(0)
  })

  it('the default is Terminate; the config is validated', () => {
    const sim = createSimulation({ seed: 223, logRetention: 0 })
    sim.createFunction({ functionName: 'f', code: async () => null })
    expect(sim.getFunctionRecursionConfig({ functionName: 'f' })).toEqual({ recursiveLoop: 'Terminate' })
    expect(() => sim.putFunctionRecursionConfig({ functionName: 'f', recursiveLoop: 'Sometimes' as 'Allow' })).toThrow(/Allow, Terminate/)
  })

  it('a chain of different functions counts each function on its own (ping → pong → ping → …): ping runs 17 times, pong 16, pong’s 17th is refused', async () => {
    const sim = createSimulation({ seed: 224, logRetention: 0, recordEvents: true })
    const hops: string[] = []
    for (const [name, next] of [
      ['ping', 'pong'],
      ['pong', 'ping'],
    ] as const) {
      sim.createFunction({
        functionName: name,
        timeout: 60,
        code: async (_e: unknown, c: LambdaContext) => {
          hops.push(name)
          const r = await c.lambda.invoke({ functionName: next })
          return r.error?.name ?? 'ok'
        },
      })
    }
    const result = await sim.invoke({ functionName: 'ping' })
    expect(result.payload).toBe('ok')
    // The direct call (ping, count 0), then 16 runs of each: 33, where counting hops would stop at 17.
    expect(hops).toHaveLength(33)
    expect(hops.filter((name) => name === 'ping')).toHaveLength(17)
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toMatchObject([{ functionName: 'pong', lineage: 17 }])
  })

  it('an asynchronous Lambda → Lambda loop (Event invokes) is stopped too: the 17th hop goes to the on-failure destination', async () => {
    const sim = createSimulation({ seed: 225, logRetention: 0, recordEvents: true })
    const { queueUrl } = sim.sqs.createQueue({ queueName: 'stopped' })
    const depths: number[] = []
    const answers: number[] = []
    sim.createFunction({
      functionName: 'echo',
      code: async (event: { depth: number }, c: LambdaContext) => {
        depths.push(event.depth)
        await c.sleep(5)
        const r = await c.lambda.invoke({ functionName: 'echo', invocationType: 'Event', payload: { depth: event.depth + 1 } })
        answers.push(r.statusCode)
      },
    })
    sim.putFunctionEventInvokeConfig({ functionName: 'echo', destinationConfig: { onFailure: { destination: sim.sqs.queueArn('stopped') } } })
    expect((await sim.invoke({ functionName: 'echo', invocationType: 'Event', payload: { depth: 0 } })).statusCode).toBe(202)
    await sim.runUntilIdle()
    expect(depths).toEqual(Array.from({ length: 17 }, (_, i) => i))
    // Every Event invoke is accepted (202); the 17th hop is dropped when the queue hands it over.
    expect(answers).toEqual(Array.from({ length: 17 }, () => 202))
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toMatchObject([{ functionName: 'echo', lineage: 17 }])
    expect(recursionDropped(sim, 'echo')).toBe(1)
    const records = sim.sqs.peekMessages(queueUrl).map((m) => JSON.parse(m.body) as Record<string, unknown>)
    expect(records).toMatchObject([{ requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 0 }, requestPayload: { depth: 17 } }])
    const done = finished(sim.events(), 'echo')
    expect(done).toHaveLength(18)
    expect(done.filter((e) => e.status === 'failed')).toHaveLength(1)
  })

  it('an async loop through SNS carries lineage when Lambda publishes (destination → topic → function → destination …)', async () => {
    // The loop here is the one Lambda itself drives: the on-success destination is a topic the
    // function is subscribed to (a handler publishing through SNSClient: test/reliability/recursive-loops.test.ts).
    const sim = createSimulation({ seed: 226, logRetention: 0, recordEvents: true })
    const { topicArn } = sim.sns.createTopic({ name: 'loop' })
    let runs = 0
    sim.createFunction({ functionName: 'relay', code: async () => void runs++ })
    sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: sim.getFunctionConfiguration({ functionName: 'relay' }).functionArn })
    sim.putFunctionEventInvokeConfig({ functionName: 'relay', destinationConfig: { onSuccess: { destination: topicArn } } })
    await sim.invoke({ functionName: 'relay', invocationType: 'Event', payload: {} })
    await sim.runUntilIdle()
    // The count is the function's own: each round (destination → topic → function) is one more run.
    const lineages = sim.events().flatMap((e) => (e.type === 'async.accepted' && e.functionName === 'relay' ? [e.lineage] : []))
    expect(lineages).toEqual(lineages.map((_, i) => i))
    // Each record embeds the previous one as its requestPayload, so the SNS message outgrows
    // 256 KB before the 17th hop: that publish fails and is counted, ending the loop.
    expect(runs).toBe(lineages.length)
    expect(runs).toBeLessThan(17)
    expect(sim.metrics?.getMetricStatistics({ metricName: 'DestinationDeliveryFailures', dimensions: { FunctionName: 'relay' }, statistics: ['Sum'] })).toMatchObject([
      { Sum: 1 },
    ])
  })

  it('an async loop through Lambda destinations (ping ⇄ pong) is stopped at pong’s 17th run', async () => {
    const sim = createSimulation({ seed: 227, logRetention: 0, recordEvents: true })
    let runs = 0
    for (const name of ['ping', 'pong']) sim.createFunction({ functionName: name, code: async () => ({ run: ++runs }) })
    const arnOf = (name: string): string => sim.getFunctionConfiguration({ functionName: name }).functionArn
    sim.putFunctionEventInvokeConfig({ functionName: 'ping', destinationConfig: { onSuccess: { destination: arnOf('pong') } } })
    sim.putFunctionEventInvokeConfig({ functionName: 'pong', destinationConfig: { onSuccess: { destination: arnOf('ping') } } })
    await sim.invoke({ functionName: 'ping', invocationType: 'Event', payload: {} })
    await sim.runUntilIdle()
    // ping: the direct event and 16 more; pong: 16, its 17th stopped.
    expect(runs).toBe(33)
    expect(sim.events().filter((e) => e.type === 'invocation.recursionStopped')).toMatchObject([{ functionName: 'pong', lineage: 17 }])
  })
})

describe('invoking from init code', () => {
  it('init code can invoke another function; its result seeds the handler', async () => {
    const sim = createSimulation({ seed: 231, logRetention: 0, recordEvents: true })
    sim.createFunction({
      functionName: 'config',
      code: async (_e: unknown, c: LambdaContext) => {
        await c.sleep(30)
        return { flag: 'on' }
      },
    })
    let inits = 0
    sim.createFunction({
      functionName: 'app',
      code: {
        init: async (init: InitContext) => {
          inits++
          const r = await init.lambda.invoke({ functionName: 'config' })
          const settings = r.payload as { flag: string }
          return async () => ({ flag: settings.flag, status: r.statusCode })
        },
      },
    })
    expect((await sim.invoke({ functionName: 'app' })).payload).toEqual({ flag: 'on', status: 200 })
    expect((await sim.invoke({ functionName: 'app' })).payload).toEqual({ flag: 'on', status: 200 })
    expect(inits).toBe(1)
    expect(started(sim.events(), 'config')).toHaveLength(1)
    const [appDone] = completed(sim.events(), 'app')
    expect(appDone?.initDurationMs).toBeGreaterThanOrEqual(30)
  })
})
