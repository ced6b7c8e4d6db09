import { describe, expect, it } from 'vitest'
import { createSimulation, estimateConcurrency, type MetricDimensions, type MetricName, type MetricQuery, type Simulation, type Statistic } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

interface Event {
  readonly ms?: number
  readonly fail?: boolean
}

/** `f`: sleeps `event.ms`, throws when `event.fail`; versions 1 and 2, alias `live` → 1. */
function setup(options: Parameters<typeof createSimulation>[0] = {}): Simulation {
  const s = createSimulation({ seed: 5, ...options })
  s.createFunction({
    functionName: 'f',
    code: async (event: Event | null, context: { sleep(ms: number): Promise<void> }) => {
      await context.sleep(event?.ms ?? 0)
      if (event?.fail === true) throw new Error('boom')
      return 'ok'
    },
  })
  s.publishVersion({ functionName: 'f' })
  s.updateFunctionConfiguration({ functionName: 'f', description: 'v2' })
  s.publishVersion({ functionName: 'f' })
  s.createAlias({ functionName: 'f', name: 'live', functionVersion: '1' })
  return s
}

function stats(s: Simulation, metricName: MetricName, dimensions: MetricDimensions | undefined, statistic: Statistic, extra: Partial<MetricQuery> = {}): (number | undefined)[] {
  const points = s.metrics?.getMetricStatistics({ metricName, ...(dimensions !== undefined ? { dimensions } : {}), statistics: [statistic], ...extra }) ?? []
  return points.map((p) => p[statistic])
}

function timestamps(s: Simulation, metricName: MetricName, dimensions: MetricDimensions, extra: Partial<MetricQuery> = {}): number[] {
  return (s.metrics?.getMetricStatistics({ metricName, dimensions, ...extra }) ?? []).map((p) => p.timestamp - T0)
}

/** Invokes concurrently at the current instant. */
function burst(s: Simulation, events: readonly Event[], qualifier?: string): Promise<unknown> {
  return Promise.all(events.map((payload) => s.invoke({ functionName: 'f', payload, ...(qualifier !== undefined ? { qualifier } : {}) })))
}

const F = { FunctionName: 'f' }
const LIVE = { FunctionName: 'f', Resource: 'f:live' }

describe('metrics', () => {
  // ------------------------------------------------------------ counters

  it('a duplicated delivery (same request id, twice) counts twice and gives its concurrency back twice', async () => {
    // Each attempt carries its own metric state: keyed by request id, the second delivery once
    // overwrote the first, leaving ConcurrentExecutions at 1 forever and one Duration uncounted.
    const s = setup({ faults: [{ functionName: 'f', invocation: 1, fault: 'duplicate' }] })
    await s.invoke({ functionName: 'f', invocationType: 'Event', payload: { ms: 100 } })
    await s.runUntilIdle()
    await s.advance('1m')
    expect(stats(s, 'Invocations', F, 'Sum')).toEqual([2])
    expect(stats(s, 'Duration', F, 'SampleCount')).toEqual([2])
    expect(s.metrics?.valueAt('ConcurrentExecutions', F, s.nowMs)).toBe(0)
  })

  it('Invocations / Errors - sums per 60 s period, per dimension; empty periods left out', async () => {
    const s = setup()
    await Promise.all([
      s.invoke({ functionName: 'f', payload: { ms: 100 } }),
      s.invoke({ functionName: 'f', qualifier: 'live', payload: { ms: 200, fail: true } }),
      s.invoke({ functionName: 'f', qualifier: '2', payload: { ms: 300 } }),
    ])
    await s.advance('2m')
    await burst(s, [{ ms: 400 }, { ms: 500 }], 'live')
    await s.advance('1m')
    expect(stats(s, 'Invocations', undefined, 'Sum')).toEqual([3, 2])
    expect(timestamps(s, 'Invocations', F)).toEqual([0, 120_000])
    expect(stats(s, 'Invocations', F, 'Sum')).toEqual([3, 2])
    expect(stats(s, 'Invocations', LIVE, 'Sum')).toEqual([1, 2])
    expect(stats(s, 'Invocations', { ...LIVE, ExecutedVersion: '1' }, 'Sum')).toEqual([1, 2])
    expect(stats(s, 'Invocations', { ...LIVE, ExecutedVersion: '2' }, 'Sum')).toEqual([])
    expect(stats(s, 'Invocations', { FunctionName: 'f', Resource: 'f:2' }, 'Sum')).toEqual([1])
    expect(stats(s, 'Errors', F, 'Sum')).toEqual([1])
    expect(timestamps(s, 'Errors', F)).toEqual([0])
    expect(stats(s, 'Errors', LIVE, 'Sum')).toEqual([1])
    expect(stats(s, 'Errors', { FunctionName: 'f', Resource: 'f:2' }, 'Sum')).toEqual([])
    // A 3-minute period holds everything.
    expect(stats(s, 'Invocations', F, 'Sum', { period: 180 })).toEqual([5])
    expect(stats(s, 'Invocations', { FunctionName: 'other' }, 'Sum')).toEqual([])
  })

  it('Errors - timeouts count as errors', async () => {
    const s = setup()
    s.updateFunctionConfiguration({ functionName: 'f', timeout: 1 })
    await s.invoke({ functionName: 'f', payload: { ms: 5000 } })
    expect(stats(s, 'Errors', F, 'Sum')).toEqual([1])
    expect(stats(s, 'Duration', F, 'Maximum')).toEqual([1000])
  })

  it('Duration - sum, average, max, min, sample count and percentiles per period', async () => {
    const s = setup()
    await burst(s, [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map((ms) => ({ ms })))
    const [point] = s.metrics?.getMetricStatistics({ metricName: 'Duration', dimensions: F, extendedStatistics: ['p50', 'p90', 'p99', 'p99.9'] }) ?? []
    expect(point).toEqual({
      timestamp: T0,
      Sum: 5500,
      Average: 550,
      Maximum: 1000,
      Minimum: 100,
      SampleCount: 10,
      extendedStatistics: { p50: 500, p90: 900, p99: 1000, 'p99.9': 1000 },
    })
  })

  it('Duration / Invocations - coarser dimensions sum every resource, version and function under them, percentiles included', async () => {
    const s = setup()
    s.createFunction({ functionName: 'g', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => c.sleep(50) })
    await Promise.all([
      s.invoke({ functionName: 'f', payload: { ms: 100 } }),
      s.invoke({ functionName: 'f', qualifier: 'live', payload: { ms: 300 } }),
      s.invoke({ functionName: 'f', qualifier: '2', payload: { ms: 200, fail: true } }),
      s.invoke({ functionName: 'g' }),
    ])
    const point = (metricName: MetricName, dimensions?: MetricDimensions) =>
      s.metrics?.getMetricStatistics({ metricName, ...(dimensions !== undefined ? { dimensions } : {}), extendedStatistics: ['p50', 'p100'] })[0]
    expect(point('Duration')).toMatchObject({ Sum: 650, SampleCount: 4, Minimum: 50, Maximum: 300, extendedStatistics: { p50: 100, p100: 300 } })
    expect(point('Duration', F)).toMatchObject({ Sum: 600, SampleCount: 3, Minimum: 100, extendedStatistics: { p50: 200, p100: 300 } })
    expect(point('Duration', LIVE)).toMatchObject({ Sum: 300, SampleCount: 1 })
    expect(point('Invocations')).toMatchObject({ Sum: 4, SampleCount: 4, Average: 1, Minimum: 1, Maximum: 1, extendedStatistics: { p50: 1, p100: 1 } })
    expect(point('Invocations', { FunctionName: 'g' })).toMatchObject({ Sum: 1 })
    expect(point('Errors')).toMatchObject({ Sum: 1 })
    expect(point('Errors', { FunctionName: 'g' })).toBeUndefined()
  })

  it('counters are stamped at the invocation start, not its end', async () => {
    const s = setup()
    await s.advance('59s')
    await s.invoke({ functionName: 'f', payload: { ms: 2000 } })
    expect(s.nowMs).toBe(T0 + 61_000)
    expect(timestamps(s, 'Invocations', F)).toEqual([0])
    expect(timestamps(s, 'Duration', F)).toEqual([0])
  })

  it('Throttles - per function and per Resource; throttles are not Invocations', async () => {
    const s = setup()
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 1 })
    await burst(s, [{ ms: 100 }, { ms: 100 }, { ms: 100 }], 'live')
    expect(stats(s, 'Throttles', F, 'Sum')).toEqual([2])
    expect(stats(s, 'Throttles', LIVE, 'Sum')).toEqual([2])
    expect(stats(s, 'Throttles', undefined, 'Sum')).toEqual([2])
    expect(stats(s, 'Invocations', F, 'Sum')).toEqual([1])
  })

  // ------------------------------------------------------------ gauges

  it('ConcurrentExecutions - an environment counts from admission, through init, to completion', async () => {
    const s = setup()
    s.updateFunctionConfiguration({ functionName: 'f', model: { initDurationMs: 500 } })
    await s.invoke({ functionName: 'f', payload: { ms: 1000 } })
    const metrics = s.metrics!
    expect(metrics.valueAt('ConcurrentExecutions', F, T0 + 250)).toBe(1) // during init
    expect(metrics.valueAt('ConcurrentExecutions', F, T0 + 1499)).toBe(1)
    expect(metrics.valueAt('ConcurrentExecutions', F, T0 + 1500)).toBe(0)
    const query = { startTime: T0, endTime: T0 + 3000, period: 1 }
    expect(stats(s, 'ConcurrentExecutions', F, 'Maximum', query)).toEqual([1, 1, 0])
    expect(stats(s, 'ConcurrentExecutions', F, 'Average', query)).toEqual([1, 0.5, 0])
    expect(stats(s, 'ConcurrentExecutions', undefined, 'Maximum', query)).toEqual([1, 1, 0])
  })

  it('ConcurrentExecutions - Maximum is the peak of simultaneous environments; gauges report every period', async () => {
    const s = setup()
    await burst(s, [{ ms: 1000 }, { ms: 1000 }, { ms: 3000 }])
    await s.advance('1m')
    expect(stats(s, 'ConcurrentExecutions', F, 'Maximum', { period: 1, endTime: T0 + 4000 })).toEqual([3, 1, 1, 0])
    expect(stats(s, 'ConcurrentExecutions', F, 'Maximum', { period: 60 })).toEqual([3, 0])
    expect(stats(s, 'ConcurrentExecutions', F, 'Minimum', { period: 60 })).toEqual([0, 0])
  })

  it('UnreservedConcurrentExecutions - only functions without a reservation', async () => {
    const s = setup()
    s.createFunction({ functionName: 'r', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(1000)) })
    s.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 10 })
    await Promise.all([burst(s, [{ ms: 1000 }, { ms: 1000 }, { ms: 1000 }]), s.invoke({ functionName: 'r' }), s.invoke({ functionName: 'r' })])
    expect(stats(s, 'UnreservedConcurrentExecutions', undefined, 'Maximum')).toEqual([3])
    expect(stats(s, 'ConcurrentExecutions', undefined, 'Maximum')).toEqual([5])
    expect(stats(s, 'ConcurrentExecutions', { FunctionName: 'r' }, 'Maximum')).toEqual([2])
  })

  it('ConcurrentExecutions - the account sums its functions, also when a second function starts while the first runs', async () => {
    const s = setup()
    s.createFunction({ functionName: 'g', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(500)) })
    // f: 2 running from 0 s to 2 s (async: the call returns at once); g: 3 from 1 s to 1.5 s.
    await Promise.all([1, 2].map(() => s.invoke({ functionName: 'f', invocationType: 'Event', payload: { ms: 2000 } })))
    await s.advance(1000)
    const second = Promise.all([s.invoke({ functionName: 'g' }), s.invoke({ functionName: 'g' }), s.invoke({ functionName: 'g' })])
    await second
    expect(s.metrics?.valueAt('ConcurrentExecutions', undefined, T0 + 1200)).toBe(5)
    await s.advance('1m')
    expect(s.metrics?.valueAt('ConcurrentExecutions', undefined, s.nowMs)).toBe(0)
    expect(stats(s, 'ConcurrentExecutions', undefined, 'Maximum', { period: 1 }).slice(0, 3)).toEqual([2, 5, 0])
    expect(stats(s, 'ConcurrentExecutions', F, 'Maximum', { period: 1 }).slice(0, 3)).toEqual([2, 2, 0])
    expect(stats(s, 'ConcurrentExecutions', { FunctionName: 'g' }, 'Maximum', { period: 1 }).slice(0, 3)).toEqual([0, 3, 0])
    // Average over the first 2 s: f's 2 throughout, g's 3 for half a second.
    expect(stats(s, 'ConcurrentExecutions', undefined, 'Average', { period: 2 })[0]).toBeCloseTo(2 + 3 * 0.25)
  })

  it('UnreservedConcurrentExecutions - the same series when a reserved function starts while unreserved ones run (kept as the account\'s until then)', async () => {
    const s = setup()
    s.createFunction({ functionName: 'r', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(500)) })
    s.putFunctionConcurrency({ functionName: 'r', reservedConcurrentExecutions: 10 })
    // f: 2 running from 0 s to 2 s; r (reserved): 3 from 1 s to 1.5 s; f again from 2.5 s to 3 s.
    await Promise.all([1, 2].map(() => s.invoke({ functionName: 'f', invocationType: 'Event', payload: { ms: 2000 } })))
    await s.advance(1000)
    await Promise.all([s.invoke({ functionName: 'r' }), s.invoke({ functionName: 'r' }), s.invoke({ functionName: 'r' })])
    await s.advance(1000)
    await s.invoke({ functionName: 'f', payload: { ms: 500 } })
    await s.advance('1m')
    const q = { period: 1, endTime: T0 + 4000 }
    for (const statistic of ['Maximum', 'Minimum', 'Average', 'SampleCount'] as const) {
      expect(stats(s, 'UnreservedConcurrentExecutions', undefined, statistic, q)).toEqual(stats(s, 'ConcurrentExecutions', F, statistic, q))
    }
    expect(stats(s, 'UnreservedConcurrentExecutions', undefined, 'Maximum', q)).toEqual([2, 2, 1, 0])
    expect(stats(s, 'ConcurrentExecutions', undefined, 'Maximum', q)).toEqual([2, 5, 1, 0])
    expect(s.metrics?.valueAt('UnreservedConcurrentExecutions', undefined, T0 + 1200)).toBe(2)
  })

  it('UnreservedConcurrentExecutions - none while only a reserved function has run, then an unreserved one\'s', async () => {
    const s = setup()
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 5 })
    s.createFunction({ functionName: 'g', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => void (await c.sleep(500)) })
    await s.invoke({ functionName: 'f', payload: { ms: 1000 } })
    expect(s.metrics?.valueAt('UnreservedConcurrentExecutions', undefined, T0 + 500)).toBe(0)
    await Promise.all([s.invoke({ functionName: 'g' }), s.invoke({ functionName: 'g' })])
    await s.advance('1m')
    expect(stats(s, 'UnreservedConcurrentExecutions', undefined, 'Maximum', { period: 1, endTime: T0 + 3000 })).toEqual([0, 2, 0])
    expect(stats(s, 'ConcurrentExecutions', undefined, 'Maximum', { period: 1, endTime: T0 + 3000 })).toEqual([1, 2, 0])
  })

  it('UnreservedConcurrentExecutions - follows a reservation made or removed between invocations', async () => {
    const s = setup()
    await s.invoke({ functionName: 'f', payload: { ms: 1000 } })
    await s.advance('1m')
    s.putFunctionConcurrency({ functionName: 'f', reservedConcurrentExecutions: 5 })
    await s.invoke({ functionName: 'f', payload: { ms: 1000 } })
    await s.advance('1m')
    s.deleteFunctionConcurrency({ functionName: 'f' })
    await s.invoke({ functionName: 'f', payload: { ms: 1000 } })
    expect(stats(s, 'UnreservedConcurrentExecutions', undefined, 'Maximum', { period: 60 })).toEqual([1, 0, 1])
    expect(stats(s, 'ConcurrentExecutions', F, 'Maximum', { period: 60 })).toEqual([1, 1, 1])
  })

  it('ProvisionedConcurrentExecutions / Utilization / Invocations / SpilloverInvocations', async () => {
    const s = setup({ concurrency: { provisionedReadyDelay: '10s' } })
    s.putProvisionedConcurrencyConfig({ functionName: 'f', qualifier: 'live', provisionedConcurrentExecutions: 4 })
    await s.advance('50s')
    await burst(s, [{ ms: 1000 }, { ms: 1000 }], 'live')
    await s.advance('1m')
    await burst(s, Array(6).fill({ ms: 1000 }), 'live')
    await s.advance('1m')
    expect(stats(s, 'ProvisionedConcurrentExecutions', LIVE, 'Maximum')).toEqual([2, 4, 0])
    expect(stats(s, 'ProvisionedConcurrentExecutions', F, 'Maximum')).toEqual([2, 4, 0])
    expect(stats(s, 'ProvisionedConcurrencyUtilization', LIVE, 'Maximum')).toEqual([0.5, 1, 0])
    expect(stats(s, 'ProvisionedConcurrencyInvocations', LIVE, 'Sum')).toEqual([2, 4])
    expect(stats(s, 'ProvisionedConcurrencyInvocations', F, 'Sum')).toEqual([2, 4])
    expect(stats(s, 'ProvisionedConcurrencySpilloverInvocations', LIVE, 'Sum')).toEqual([2])
    expect(timestamps(s, 'ProvisionedConcurrencySpilloverInvocations', LIVE)).toEqual([60_000])
    // All 6 ran: provisioned or not, each is an invocation; concurrency peaked at 6.
    expect(stats(s, 'Invocations', LIVE, 'Sum')).toEqual([2, 6])
    expect(stats(s, 'ConcurrentExecutions', LIVE, 'Maximum')).toEqual([2, 6, 0])
    // Average utilization over the busy second: 2 of 4 busy through the second they ran (50 s → 51 s).
    const [first] = s.metrics?.getMetricStatistics({ metricName: 'ProvisionedConcurrencyUtilization', dimensions: LIVE, statistics: ['Average'], startTime: T0 + 50_000, endTime: T0 + 51_000, period: 1 }) ?? []
    expect(first?.Average).toBeCloseTo(0.5, 9)
  })

  it('ProvisionedConcurrencyUtilization - 0 before anything is allocated', async () => {
    const s = setup()
    await s.advance('1m')
    expect(stats(s, 'ProvisionedConcurrencyUtilization', LIVE, 'Maximum')).toEqual([0])
  })

  // ------------------------------------------------------------ teaching check

  it('steady state: r requests/s × d s ≈ concurrency (200/s × 0.25 s → Maximum 50)', async () => {
    const s = setup({ logRetention: 0, recordDecisions: false })
    expect(estimateConcurrency({ requestsPerSecond: 200, averageDurationMs: 250 }).concurrency).toBe(50)
    const run = s.generateLoad({ functionName: 'f', payload: { ms: 250 }, pattern: { kind: 'constant', ratePerSecond: 200, duration: '2m' } })
    await s.runUntilIdle()
    expect(run.stats).toMatchObject({ sent: 24_000, succeeded: 24_000, throttled: 0 })
    const max = stats(s, 'ConcurrentExecutions', F, 'Maximum', { period: 60, endTime: T0 + 120_000 })
    expect(max).toEqual([50, 50])
    const avg = stats(s, 'ConcurrentExecutions', F, 'Average', { period: 60, startTime: T0 + 60_000, endTime: T0 + 120_000 })
    expect(avg[0]).toBeCloseTo(50, 6)
    expect(s.environments('f')).toHaveLength(50)
  })
})
