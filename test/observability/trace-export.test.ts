import { describe, expect, it } from 'vitest'
import { createSimulation, toPerfettoTrace, type PerfettoEvent } from '../../src/index.js'
import { formatTraceHeader, functionSegmentIdFor, parseTraceHeader, rootFor, serviceSegmentIdFor, subsegmentIdFor, unsampledTraceHeader } from '../../src/observability/trace-header.js'

type Complete = Extract<PerfettoEvent, { ph: 'X' }>
type Metadata = Extract<PerfettoEvent, { ph: 'M' }>

describe('trace header', () => {
  const requestId = 'b66a5966-0cbc-42b4-87b4-d8e1d5a91577'

  it('parses and formats X-Ray headers; unknown fields are ignored, a header without Root is none', () => {
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1;Lineage=a87bd80c:0')).toEqual({
      root: '1-5759e988-bd862e3fe1be46a994272793',
      parent: '53995c3f42cd8ad8',
      sampled: true,
    })
    expect(parseTraceHeader('Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?')).toEqual({ root: '1-5759e988-bd862e3fe1be46a994272793', parent: undefined, sampled: undefined })
    expect(parseTraceHeader('Parent=53995c3f42cd8ad8')).toBeUndefined()
    expect(formatTraceHeader('1-5759e988-bd862e3fe1be46a994272793', '53995c3f42cd8ad8', false)).toBe('Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0')
  })

  it('ids come from the request id: the root from its first 24 hex digits and the epoch second, the function segment from its last 16', () => {
    const at = Date.UTC(2024, 0, 1)
    expect(rootFor(requestId, at + 999)).toBe('1-65920080-b66a59660cbc42b487b4d8e1')
    expect(functionSegmentIdFor(requestId)).toBe('87b4d8e1d5a91577')
    expect(unsampledTraceHeader(requestId, at, undefined, undefined)).toBe('Root=1-65920080-b66a59660cbc42b487b4d8e1;Parent=87b4d8e1d5a91577;Sampled=0')
    // A caller's trace is continued; a later attempt of an event gets a segment id of its own.
    expect(unsampledTraceHeader(requestId, at, 'Root=1-00000000-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=1111111111111111;Sampled=0', at + 60_000)).toMatch(
      /^Root=1-00000000-aaaaaaaaaaaaaaaaaaaaaaaa;Parent=(?!87b4d8e1d5a91577)[0-9a-f]{16};Sampled=0$/,
    )
    const ids = new Set([functionSegmentIdFor(requestId), serviceSegmentIdFor(requestId, at), serviceSegmentIdFor(requestId, at + 1), ...[0, 1, 2, 3].map((n) => subsegmentIdFor('87b4d8e1d5a91577', n))])
    expect(ids.size).toBe(7)
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{16}$/)
    expect(serviceSegmentIdFor(requestId, at)).toBe(serviceSegmentIdFor(requestId, at))
  })
})

describe('toPerfettoTrace', () => {
  it('one process per function, one track per execution environment, complete events in microseconds, flows from calls to the invocations they caused', async () => {
    const sim = createSimulation({ seed: 21, tracing: true })
    sim.createFunction({ functionName: 'worker', model: { initDurationMs: 200 }, code: async (_e, context) => void (await context.sleep(50)) })
    sim.createFunction({
      functionName: 'api',
      code: async (_event, context) => {
        await context.lambda.invoke({ functionName: 'worker' })
        return 'ok'
      },
    })
    // Two at once: two environments of each function.
    await Promise.all([sim.invoke({ functionName: 'api' }), sim.invoke({ functionName: 'api' })])
    await sim.invoke({ functionName: 'api' })
    const trace = toPerfettoTrace(sim.traces())
    expect(trace.displayTimeUnit).toBe('ms')
    const events = trace.traceEvents
    const meta = events.filter((e): e is Metadata => e.ph === 'M')
    const processes = meta.filter((e) => e.name === 'process_name').map((e) => [e.pid, e.args['name']])
    expect(processes).toEqual([
      [1, 'api'],
      [2, 'worker'],
    ])
    const threads = meta.filter((e) => e.name === 'thread_name').map((e) => [e.pid, e.tid, String(e.args['name']).replace(/\(.*\)/, '(…)')])
    expect(threads.sort()).toEqual([
      [1, 1, 'environment 1 (…)'],
      [1, 2, 'environment 2 (…)'],
      [2, 1, 'environment 1 (…)'],
      [2, 2, 'environment 2 (…)'],
    ])
    const slices = events.filter((e): e is Complete => e.ph === 'X')
    // Per invocation: the service segment, the function segment, Invocation, Overhead (+ Initialization on a cold start, + the call).
    expect(slices.filter((e) => e.cat === 'AWS::Lambda')).toHaveLength(6)
    const cold = slices.find((e) => e.name === 'Initialization' && e.pid === 2)
    expect(cold?.dur).toBe(200_000)
    expect(cold?.ts).toBe(Date.UTC(2024, 0, 1) * 1000)
    const workerInvocation = slices.filter((e) => e.name === 'Invocation' && e.pid === 2)
    expect(workerInvocation.map((e) => e.dur)).toEqual([50_000, 50_000, 50_000])
    const callSlices = slices.filter((e) => e.cat === 'aws')
    expect(callSlices.map((e) => e.name)).toEqual(['Lambda Invoke', 'Lambda Invoke', 'Lambda Invoke'])
    for (const slice of slices) expect(slice.args['trace_id']).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/)
    const starts = events.filter((e) => e.ph === 's')
    const finishes = events.filter((e) => e.ph === 'f')
    expect(starts).toHaveLength(3)
    expect(finishes.map((e) => [e.pid, 'bp' in e ? e.bp : undefined])).toEqual([
      [2, 'e'],
      [2, 'e'],
      [2, 'e'],
    ])
    // Valid JSON, the same for the same run.
    expect(JSON.parse(JSON.stringify(trace))).toEqual(trace)
  })

  it('slices on one track nest or follow each other (what Perfetto needs to draw a track), under load with cold starts, retries and calls', async () => {
    const sim = createSimulation({ seed: 23, tracing: true })
    sim.createFunction({ functionName: 'leaf', model: { initDurationMs: 150 }, code: async (_e, context) => void (await context.sleep(40)) })
    sim.createFunction({
      functionName: 'root',
      model: { initDurationMs: { dist: 'uniform', min: 50, max: 300 }, computeMs: { dist: 'exponential', mean: 20 } },
      code: async (event: { n?: number } | undefined, context) => {
        await context.lambda.invoke({ functionName: 'leaf' })
        void context.lambda.invoke({ functionName: 'leaf', invocationType: 'Event' })
        if ((event?.n ?? 0) % 7 === 0) throw new Error('seventh')
        return 'ok'
      },
    })
    sim.generateLoad({ functionName: 'root', pattern: { kind: 'poisson', ratePerSecond: 40, duration: '3s' }, payload: (i: number) => ({ n: i }) })
    for (let i = 0; i < 5; i++) await sim.invoke({ functionName: 'root', invocationType: 'Event', payload: { n: 7 * i } })
    await sim.runUntilIdle()
    const slices = toPerfettoTrace(sim.traces()).traceEvents.filter((e): e is Complete => e.ph === 'X')
    expect(slices.length).toBeGreaterThan(500)
    const tracks = new Map<string, Complete[]>()
    for (const slice of slices) tracks.set(`${slice.pid}/${slice.tid}`, [...(tracks.get(`${slice.pid}/${slice.tid}`) ?? []), slice])
    for (const [track, onTrack] of tracks) {
      // By start, the longer first: each slice must end within the open slice that contains its start, or after it closed.
      const sorted = [...onTrack].sort((a, b) => a.ts - b.ts || b.dur - a.dur)
      const open: Complete[] = []
      for (const slice of sorted) {
        const endOf = (c: Complete): number => c.ts + c.dur
        while (open.length > 0 && endOf(open.at(-1) as Complete) <= slice.ts && !(endOf(open.at(-1) as Complete) === slice.ts && slice.dur === 0)) open.pop()
        const parent = open.at(-1)
        if (parent !== undefined) expect(slice.ts + slice.dur, `${track}: ${slice.name} inside ${parent.name}`).toBeLessThanOrEqual(parent.ts + parent.dur)
        open.push(slice)
      }
    }
  })

  it('a throttled sampled attempt sits on a track of its own and answers 429', async () => {
    const sim = createSimulation({ seed: 22, tracing: true })
    sim.createFunction({ functionName: 'f', code: async (_e, context) => void (await context.sleep(100)) })
    sim.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 })
    const [ok, throttled] = await Promise.all([sim.invoke({ functionName: 'f' }), sim.invoke({ functionName: 'f' })])
    expect([ok.statusCode, throttled.statusCode]).toEqual([200, 429])
    const services = sim.traces().flatMap((t) => t.segments).filter((s) => s.origin === 'AWS::Lambda')
    expect(services.map((s) => [s.http?.response.status, s.throttle])).toEqual([
      [200, undefined],
      [429, true],
    ])
    const threads = toPerfettoTrace(sim.traces())
      .traceEvents.filter((e): e is Metadata => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => [e.tid, e.args['name']])
    expect(threads).toContainEqual([0, 'throttled (no environment)'])
  })

  it('a throttle planned by a fault plan is traced too', async () => {
    const sim = createSimulation({ seed: 24, tracing: true, faults: [{ functionName: 'f', invocation: 1, fault: 'throttle' }] })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    const first = await sim.invoke({ functionName: 'f' })
    await sim.invoke({ functionName: 'f' })
    expect(first.statusCode).toBe(429)
    const services = sim.traces().flatMap((t) => t.segments).filter((s) => s.origin === 'AWS::Lambda')
    expect(services.map((s) => s.http?.response.status)).toEqual([429, 200])
  })
})
