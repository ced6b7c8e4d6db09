import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError, toPerfettoTrace, type Simulation, type Trace, type TraceSegment } from '../../src/index.js'
import { parseTraceHeader } from '../../src/observability/trace-header.js'

/** Every segment of every trace, by origin. */
function segments(traces: readonly Trace[], origin?: TraceSegment['origin']): TraceSegment[] {
  return traces.flatMap((trace) => trace.segments).filter((segment) => origin === undefined || segment.origin === origin)
}

/** A function that records `_X_AMZN_TRACE_ID` of each invocation. */
function recorder(sim: Simulation, functionName: string, seen: string[], fail = false): void {
  sim.createFunction({
    functionName,
    code: async () => {
      seen.push(process.env._X_AMZN_TRACE_ID as string)
      if (fail) throw new Error('nope')
      return 'ok'
    },
  })
}

const rootOf = (header: string): string => parseTraceHeader(header)?.root as string

describe('traces', () => {
  it('tracing off and no Active function: headers as before (Sampled=0), nothing recorded, traces() says how to turn it on', async () => {
    const sim = createSimulation({ seed: 1 })
    const seen: string[] = []
    recorder(sim, 'f', seen)
    const result = await sim.invoke({ functionName: 'f' })
    const hex = (result.requestId as string).replace(/-/g, '')
    expect(seen).toEqual([`Root=1-${Math.floor(sim.nowMs / 1000).toString(16)}-${hex.slice(0, 24)};Parent=${hex.slice(16)};Sampled=0`])
    expect(sim.logs.text({ requestId: result.requestId as string })).not.toContain('XRAY')
    expect(() => sim.traces()).toThrow(SimulationError)
    expect(() => sim.traces()).toThrow(/tracing: true/)
  })

  it('traces({ limit }) keeps the first traces by their first attempt, and refuses a limit that is not a positive integer', async () => {
    const sim = createSimulation({ seed: 3, tracing: true })
    recorder(sim, 'f', [])
    for (let i = 0; i < 4; i++) await sim.invoke({ functionName: 'f' })
    const all = sim.traces()
    expect(all).toHaveLength(4)
    expect(sim.traces({ limit: 2 })).toEqual(all.slice(0, 2))
    expect(sim.traces({ limit: 10 })).toEqual(all)
    for (const limit of [0, -1, 1.5]) expect(() => sim.traces({ limit })).toThrow(/limit must be a positive integer/)
  })

  it('tracing: true - a cold start: AWS::Lambda and AWS::Lambda::Function segments, Initialization / Invocation / Overhead, the handler sees the function segment as parent', async () => {
    const sim = createSimulation({ seed: 2, tracing: true })
    const seen: string[] = []
    sim.createFunction({
      functionName: 'f',
      model: { initDurationMs: 250 },
      code: async (_event, context) => {
        seen.push(process.env._X_AMZN_TRACE_ID as string)
        await context.sleep(100)
        return 'ok'
      },
    })
    const result = await sim.invoke({ functionName: 'f' })
    const [trace, ...others] = sim.traces()
    expect(others).toEqual([])
    const [service, fn] = trace?.segments ?? []
    const header = parseTraceHeader(seen[0] as string)
    expect(header).toEqual({ root: trace?.id, parent: fn?.id, sampled: true })
    expect(trace?.id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    expect(service).toMatchObject({ trace_id: trace?.id, name: 'f', origin: 'AWS::Lambda', start_time: 1704067200, end_time: 1704067200.35, http: { response: { status: 200 } } })
    expect(service?.aws).toEqual({ request_id: result.requestId, function_arn: 'arn:aws:lambda:us-east-1:123456789012:function:f', region: 'us-east-1', account_id: '123456789012' })
    expect(service?.parent_id).toBeUndefined()
    expect(fn).toMatchObject({ parent_id: service?.id, origin: 'AWS::Lambda::Function', start_time: 1704067200, end_time: 1704067200.35 })
    expect(fn?.metadata?.['lambda-sim']).toMatchObject({ cold_start: true, status: 'success', version: '$LATEST', function_name: 'f' })
    expect(fn?.subsegments?.map((s) => [s.name, s.start_time, s.end_time, s.parent_id])).toEqual([
      ['Initialization', 1704067200, 1704067200.25, fn?.id],
      ['Invocation', 1704067200.25, 1704067200.35, fn?.id],
      ['Overhead', 1704067200.35, 1704067200.35, fn?.id],
    ])
    expect(trace?.duration).toBe(0.35)
    // The REPORT line names the trace and the function segment (active tracing).
    const report = sim.logs.text({ requestId: result.requestId as string }).split('\n').find((line) => line.includes('REPORT'))
    expect(report).toContain(`Init Duration: 250.00 ms\tXRAY TraceId: ${trace?.id}\tSegmentId: ${fn?.id}\tSampled: true`)
  })

  it('JSON log format: platform.report carries the Telemetry API tracing object for a sampled invocation', async () => {
    const sim = createSimulation({ seed: 14, tracing: true })
    sim.createFunction({ functionName: 'f', loggingConfig: { logFormat: 'JSON' }, code: async () => 'ok' })
    const result = await sim.invoke({ functionName: 'f' })
    const report = sim.logs
      .text({ requestId: result.requestId as string })
      .split('\n')
      .map((line) => (line.startsWith('{') ? (JSON.parse(line) as { type?: string; record?: { tracing?: unknown } }) : {}))
      .find((line) => line.type === 'platform.report')
    const [trace] = sim.traces()
    const fn = trace?.segments[1]
    expect(report?.record?.tracing).toEqual({ spanId: fn?.id, type: 'X-Amzn-Trace-Id', value: `Root=${trace?.id};Parent=${fn?.id};Sampled=1` })
  })

  it('a warm invocation has no Initialization; a function error marks the function segment, a timeout faults it', async () => {
    const sim = createSimulation({ seed: 3, tracing: true })
    sim.createFunction({
      functionName: 'f',
      timeout: 1,
      code: async (event: { mode: string }, context) => {
        if (event.mode === 'error') throw new Error('bad')
        if (event.mode === 'slow') await context.sleep(5000)
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'f', payload: { mode: 'ok' } })
    const failed = await sim.invoke({ functionName: 'f', payload: { mode: 'error' } })
    const slow = await sim.invoke({ functionName: 'f', payload: { mode: 'slow' }, logType: 'Tail' })
    const fns = segments(sim.traces(), 'AWS::Lambda::Function')
    expect(fns.map((s) => [s.subsegments?.map((sub) => sub.name), s.error, s.fault])).toEqual([
      [['Initialization', 'Invocation', 'Overhead'], undefined, undefined],
      [['Invocation', 'Overhead'], true, undefined],
      [['Invocation', 'Overhead'], undefined, true],
    ])
    expect(fns[1]?.metadata?.['lambda-sim']).toMatchObject({ status: 'error', error_type: 'Error', cold_start: false })
    expect(failed.functionError).toBe('Unhandled')
    const tail = Buffer.from(slow.logResult as string, 'base64').toString('utf8')
    expect(tail).toMatch(/\tStatus: timeout\tXRAY TraceId: 1-[0-9a-f]{8}-[0-9a-f]{24}\tSegmentId: [0-9a-f]{16}\tSampled: true\n$/)
  })

  it('context.lambda.invoke - the callee continues the caller trace; its AWS::Lambda segment is the child of the caller Invoke subsegment', async () => {
    const sim = createSimulation({ seed: 4, tracing: true })
    const seen: string[] = []
    recorder(sim, 'callee', seen)
    sim.createFunction({
      functionName: 'caller',
      code: async (_event, context) => {
        seen.push(process.env._X_AMZN_TRACE_ID as string)
        await context.lambda.invoke({ functionName: 'callee', payload: {} })
        await context.lambda.invoke({ functionName: 'callee', invocationType: 'Event', payload: {} })
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'caller' })
    await sim.runUntilIdle()
    const traces = sim.traces()
    expect(traces).toHaveLength(1)
    expect(new Set(seen.map(rootOf))).toEqual(new Set([traces[0]?.id]))
    const caller = segments(traces, 'AWS::Lambda::Function').find((s) => s.name === 'caller')
    const calls = caller?.subsegments?.filter((s) => s.namespace === 'aws') ?? []
    expect(calls.map((c) => [c.name, c.aws?.operation, c.http?.response.status])).toEqual([
      ['Lambda', 'Invoke', 200],
      ['Lambda', 'Invoke', 202],
    ])
    const callees = segments(traces, 'AWS::Lambda').filter((s) => s.name === 'callee')
    expect(callees.map((s) => s.parent_id)).toEqual(calls.map((c) => c.id))
  })

  it('async retries keep the event trace (sampled or not); each attempt has its own segments', async () => {
    for (const tracing of [false, true]) {
      const sim = createSimulation({ seed: 5, tracing })
      const seen: string[] = []
      recorder(sim, 'bad', seen, true)
      await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: {} })
      await sim.runUntilIdle()
      expect(seen).toHaveLength(3)
      expect(new Set(seen.map(rootOf)).size).toBe(1)
      // Three attempts, three function segments.
      expect(new Set(seen.map((h) => parseTraceHeader(h)?.parent)).size).toBe(3)
      if (tracing) {
        const [trace, ...others] = sim.traces()
        expect(others).toEqual([])
        expect(trace?.id).toBe(rootOf(seen[0] as string))
        expect(segments([trace as Trace], 'AWS::Lambda').map((s) => s.start_time - 1704067200)).toEqual([0, 60, 180])
        expect(segments([trace as Trace], 'AWS::Lambda::Function').map((s) => s.id)).toEqual(seen.map((h) => parseTraceHeader(h)?.parent))
      }
    }
  })

  it('an Active function samples an async event once: all its attempts are traced, or none', async () => {
    const sim = createSimulation({ seed: 13 })
    const seen: string[] = []
    sim.createFunction({
      functionName: 'bad',
      tracingConfig: { mode: 'Active' },
      code: async () => {
        seen.push(process.env._X_AMZN_TRACE_ID as string)
        throw new Error('nope')
      },
    })
    // Four events in the same second: the reservoir samples the first; the rest by 5 %.
    for (let i = 0; i < 4; i++) await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: { i } })
    await sim.runUntilIdle()
    expect(seen).toHaveLength(12)
    const byRoot = new Map<string, Array<boolean | undefined>>()
    for (const header of seen) byRoot.set(rootOf(header), [...(byRoot.get(rootOf(header)) ?? []), parseTraceHeader(header)?.sampled])
    expect([...byRoot.values()].map((decisions) => new Set(decisions).size)).toEqual([1, 1, 1, 1])
    expect([...byRoot.values()][0]).toEqual([true, true, true])
    const traced = sim.traces()
    for (const trace of traced) expect(trace.segments.filter((s) => s.origin === 'AWS::Lambda')).toHaveLength(3)
  })

  it('destinations and dead-letter queues carry the trace as AWSTraceHeader', async () => {
    const sim = createSimulation({ seed: 6, tracing: true })
    const seen: string[] = []
    recorder(sim, 'bad', seen, true)
    const failures = sim.sqs.createQueue({ queueName: 'failures' }).queueUrl
    sim.putFunctionEventInvokeConfig({ functionName: 'bad', maximumRetryAttempts: 0, destinationConfig: { onFailure: { destination: sim.sqs.queueArn('failures') } } })
    await sim.invoke({ functionName: 'bad', invocationType: 'Event', payload: {} })
    await sim.runUntilIdle()
    const [message] = sim.sqs.receiveMessage({ queueUrl: failures, attributeNames: ['All'] }).messages
    expect(message?.attributes?.['AWSTraceHeader']).toBe(seen[0])
  })

  it('SNS and EventBridge called outside any handler: each function they invoke starts a trace of its own', async () => {
    const sim = createSimulation({ seed: 7, tracing: true })
    const seen: string[] = []
    recorder(sim, 'subscriber', seen)
    recorder(sim, 'target', seen)
    const topicArn = sim.sns.createTopic({ name: 'news' }).topicArn
    sim.sns.subscribe({ topicArn, protocol: 'lambda', endpoint: 'arn:aws:lambda:us-east-1:123456789012:function:subscriber' })
    sim.eventBridge.putRule({ name: 'all', eventPattern: JSON.stringify({ source: ['shop'] }) })
    sim.eventBridge.putTargets({ rule: 'all', targets: [{ id: 't', arn: 'arn:aws:lambda:us-east-1:123456789012:function:target' }] })
    sim.sns.publish({ topicArn, message: 'outside' })
    sim.eventBridge.putEvents({ entries: [{ source: 'shop', detailType: 'OrderPlaced', detail: '{}' }] })
    await sim.runUntilIdle()
    expect(seen).toHaveLength(2)
    expect(new Set(seen.map(rootOf)).size).toBe(2)
    expect(segments(sim.traces(), 'AWS::Lambda').every((s) => s.parent_id === undefined)).toBe(true)
  })

  it('Active functions without the option: X-Ray default rule (1 per second per function, then 5 %), deterministic, and no other draw moves', async () => {
    const run = async (mode: 'Active' | 'PassThrough') => {
      const sim = createSimulation({ seed: 8, recordEvents: true })
      sim.createFunction({ functionName: 'f', tracingConfig: { mode }, code: async () => 'ok' })
      sim.generateLoad({ functionName: 'f', pattern: { kind: 'constant', ratePerSecond: 20, duration: '10s' } })
      await sim.runUntilIdle()
      const requestIds = sim
        .events()
        .filter((e) => e.type === 'invocation.completed')
        .map((e) => (e as { requestId: string }).requestId)
      return { sim, requestIds }
    }
    const active = await run('Active')
    const again = await run('Active')
    const passThrough = await run('PassThrough')
    const sampled = segments(active.sim.traces(), 'AWS::Lambda')
    // 10 seconds: 10 from the reservoir, and a few of the other 190 at 5 %.
    expect(sampled.length).toBeGreaterThanOrEqual(10)
    expect(sampled.length).toBeLessThan(40)
    const seconds = new Set(sampled.map((s) => Math.floor(s.start_time)))
    expect(seconds.size).toBe(10)
    expect(JSON.stringify(again.sim.traces())).toBe(JSON.stringify(active.sim.traces()))
    expect(active.requestIds).toEqual(passThrough.requestIds)
    expect(() => passThrough.sim.traces()).toThrow(SimulationError)
  })

  it('an upstream decision is followed: Sampled=0 from the caller is not traced even when the callee is Active', async () => {
    const sim = createSimulation({ seed: 9 })
    const seen: string[] = []
    sim.createFunction({ functionName: 'callee', tracingConfig: { mode: 'Active' }, code: async () => void seen.push(process.env._X_AMZN_TRACE_ID as string) })
    sim.createFunction({
      functionName: 'caller',
      code: async (_event, context) => {
        seen.push(process.env._X_AMZN_TRACE_ID as string)
        await context.lambda.invoke({ functionName: 'callee' })
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'caller' })
    expect(seen.map((h) => parseTraceHeader(h)?.sampled)).toEqual([false, false])
    expect(rootOf(seen[1] as string)).toBe(rootOf(seen[0] as string))
    // The callee alone is sampled by its own rule.
    await sim.invoke({ functionName: 'callee' })
    expect(segments(sim.traces(), 'AWS::Lambda').map((s) => s.name)).toEqual(['callee'])
  })

  it('Kinesis batches start fresh traces', async () => {
    const sim = createSimulation({ seed: 10, tracing: true })
    const seen: string[] = []
    recorder(sim, 'consumer', seen)
    sim.kinesis.createStream({ streamName: 's', shardCount: 1 })
    sim.createEventSourceMapping({ functionName: 'consumer', eventSourceArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/s', startingPosition: 'TRIM_HORIZON' })
    let producer = ''
    sim.createFunction({
      functionName: 'producer',
      code: async () => {
        producer = process.env._X_AMZN_TRACE_ID as string
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'producer' })
    sim.kinesis.putRecord({ streamName: 's', partitionKey: 'k', data: 'd' })
    await sim.advance('5s')
    expect(seen).toHaveLength(1)
    expect(rootOf(seen[0] as string)).not.toBe(rootOf(producer))
    expect(sim.traces()).toHaveLength(2)
  })

  it('determinism: the same seed gives the same traces and the same Perfetto JSON', async () => {
    const run = async () => {
      const sim = createSimulation({ seed: 11, tracing: true })
      sim.createFunction({
        functionName: 'f',
        model: { initDurationMs: { dist: 'uniform', min: 100, max: 400 }, computeMs: { dist: 'exponential', mean: 30 } },
        code: async (_event, context) => {
          await context.lambda.invoke({ functionName: 'g', invocationType: 'Event' })
          return 'ok'
        },
      })
      sim.createFunction({ functionName: 'g', code: async () => 'ok' })
      sim.generateLoad({ functionName: 'f', pattern: { kind: 'poisson', ratePerSecond: 50, duration: '2s' } })
      await sim.runUntilIdle()
      return { traces: JSON.stringify(sim.traces()), perfetto: JSON.stringify(toPerfettoTrace(sim.traces())) }
    }
    const a = await run()
    const b = await run()
    expect(a.traces.length).toBeGreaterThan(1000)
    expect(b).toEqual(a)
  })

  it('tracing: false leaves the event log exactly as a run without the option', async () => {
    const run = async (options: { tracing?: boolean }) => {
      const sim = createSimulation({ seed: 12, recordEvents: true, ...options })
      const failures = sim.sqs.createQueue({ queueName: 'failures' }).queueUrl
      sim.createFunction({ functionName: 'g', code: async () => process.env._X_AMZN_TRACE_ID })
      sim.createFunction({
        functionName: 'f',
        model: { initDurationMs: 120 },
        code: async (event: { n: number }, context) => {
          console.log(process.env._X_AMZN_TRACE_ID)
          await context.lambda.invoke({ functionName: 'g' })
          if (event.n % 3 === 0) throw new Error('third')
          return 'ok'
        },
      })
      sim.putFunctionEventInvokeConfig({ functionName: 'f', maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination: sim.sqs.queueArn('failures') } } })
      for (let n = 0; n < 6; n++) await sim.invoke({ functionName: 'f', invocationType: 'Event', payload: { n } })
      await sim.runUntilIdle()
      expect(sim.sqs.peekMessages(failures)).toHaveLength(2)
      return sim.eventLogText()
    }
    const without = await run({})
    expect(await run({ tracing: false })).toBe(without)
    expect(without).not.toMatch(/xray|Sampled=1/)
  })
})
