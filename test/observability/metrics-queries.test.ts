import { describe, expect, it } from 'vitest'
import { CloudWatchError, createSimulation, type MetricQuery, type Simulation } from '../../src/index.js'

const T0 = Date.UTC(2024, 0, 1)

async function withData(options: Parameters<typeof createSimulation>[0] = {}): Promise<Simulation> {
  const sim = createSimulation({ seed: 3, ...options })
  sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => c.sleep(40) })
  for (let i = 0; i < 3; i++) {
    await sim.invoke({ functionName: 'f' })
    await sim.advance('20s')
  }
  return sim
}

/** The error a query throws (CloudWatch's exception), or fails the test. */
function refused(sim: Simulation, query: Record<string, unknown>): CloudWatchError {
  try {
    sim.metrics?.getMetricStatistics({ metricName: 'Duration', ...query } as MetricQuery)
  } catch (error) {
    expect(error).toBeInstanceOf(CloudWatchError)
    return error as CloudWatchError
  }
  throw new Error(`query accepted: ${JSON.stringify(query)}`)
}

describe('getMetricStatistics input checks (issue 17: these looped without end)', () => {
  it('a period of 0, a negative one or a fraction of a second is InvalidParameterValue', async () => {
    const sim = await withData()
    for (const period of [0, -60, 1e-9, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = refused(sim, { period })
      expect(error.name).toBe('InvalidParameterValue')
      expect(error.statusCode).toBe(400)
      expect(error.message).toMatch(/^The parameter Period must be a whole number of seconds, at least 1/)
    }
  })

  it('more than 1,440 datapoints is CloudWatch’s InvalidParameterCombination, answered without walking the window', async () => {
    const sim = await withData()
    const error = refused(sim, { startTime: 0, endTime: 1e13, period: 1 })
    expect(error.name).toBe('InvalidParameterCombination')
    expect(error.message).toBe(
      'You have requested up to 10,000,000,000 datapoints, which exceeds the limit of 1,440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    )
    // 1,440 is allowed, 1,441 is not.
    expect(sim.metrics?.getMetricStatistics({ metricName: 'Duration', startTime: T0, endTime: T0 + 1440_000, period: 1, statistics: ['SampleCount'] }).length).toBe(3)
    expect(refused(sim, { startTime: T0, endTime: T0 + 1441_000, period: 1 }).message).toMatch(/requested up to 1,441 datapoints/)
    // By default the window is the simulation's start up to now (inclusive): a day of 1-minute periods is too many.
    await sim.advance('1d')
    expect(refused(sim, { period: 60 }).name).toBe('InvalidParameterCombination')
    expect(sim.metrics?.getMetricStatistics({ metricName: 'Duration', period: 3600, statistics: ['SampleCount'] })[0]?.SampleCount).toBe(3)
  })

  it('percentiles outside p0…p100 and unknown statistics are InvalidParameterValue', async () => {
    const sim = await withData()
    for (const extendedStatistics of [['p101'], ['p-1'], ['99'], ['tm99'], ['p50', 'median']]) {
      const error = refused(sim, { extendedStatistics })
      expect(error.name).toBe('InvalidParameterValue')
      expect(error.message).toMatch(/for parameter ExtendedStatistics is not valid/)
    }
    expect(refused(sim, { statistics: ['Bogus'] }).message).toBe('The value Bogus for parameter Statistics is not valid; valid values are SampleCount, Average, Sum, Minimum, Maximum.')
    expect(refused(sim, { statistics: ['Sum', 'Sum', 'Sum', 'Sum', 'Sum', 'Sum'] }).name).toBe('InvalidParameterValue')
    expect(refused(sim, { statistics: [] }).message).toBe('Must specify either Statistics or ExtendedStatistics.')
    // Valid ones still answer: p100 and p99.9 of three 40 ms invocations.
    const [point] = sim.metrics?.getMetricStatistics({ metricName: 'Duration', period: 3600, extendedStatistics: ['p100', 'p99.9', 'p0'] }) ?? []
    expect(point?.extendedStatistics).toEqual({ p100: 40, 'p99.9': 40, p0: 40 })
  })

  it('bad windows: StartTime not before EndTime, timestamps that are not finite, no metric name', async () => {
    const sim = await withData()
    expect(refused(sim, { startTime: T0 + 60_000, endTime: T0 + 60_000 }).message).toBe('The parameter StartTime must be less than the parameter EndTime.')
    expect(refused(sim, { startTime: Number.NaN }).message).toMatch(/StartTime must be a finite timestamp/)
    expect(refused(sim, { endTime: Number.POSITIVE_INFINITY }).message).toMatch(/EndTime must be a finite timestamp/)
    expect(refused(sim, { metricName: '' }).name).toBe('MissingParameter')
  })

  it('data older than 3 hours needs a period that is a multiple of 60 (then 300 past 15 days, 3600 past 63 days)', async () => {
    const sim = await withData()
    await sim.advance('4h')
    const error = refused(sim, { startTime: T0, endTime: T0 + 600_000, period: 1 })
    expect(error.message).toBe('The parameter Period must be a multiple of 60 for data older than 3 hours (StartTime); data that old is kept at 60-second resolution.')
    // The same data at 1-minute resolution: the three invocations, 20 s apart, in the first minute.
    expect(sim.metrics?.getMetricStatistics({ metricName: 'Invocations', startTime: T0, endTime: T0 + 600_000, period: 60, statistics: ['Sum'] })).toEqual([{ timestamp: T0, Sum: 3 }])
    await sim.advance('16d')
    expect(refused(sim, { startTime: T0, endTime: T0 + 3_600_000, period: 60 }).message).toMatch(/multiple of 300 for data older than 15 days/)
    expect(sim.metrics?.getMetricStatistics({ metricName: 'Duration', startTime: T0, endTime: T0 + 3_600_000, period: 300, statistics: ['SampleCount', 'Average'] })).toEqual([{ timestamp: T0, SampleCount: 3, Average: 40 }])
  })

  it('a gauge query is bounded the same way', async () => {
    const sim = await withData()
    expect(refused(sim, { metricName: 'ConcurrentExecutions', startTime: 0, endTime: 1e13, period: 60 }).name).toBe('InvalidParameterCombination')
    expect(refused(sim, { metricName: 'ConcurrentExecutions', period: 0 }).name).toBe('InvalidParameterValue')
  })
})
