import { describe, expect, it } from 'vitest'
import { createSimulation, SimulationError } from '../../src/index.js'
import { CLOUDWATCH_TIERS, CounterSeries, GaugeSeries } from '../../src/observability/metric-series.js'
import { CloudWatchError } from '../../src/observability/cloudwatch-error.js'

const T0 = Date.UTC(2024, 0, 1)
const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('metric retention and roll-up (issue 17: memory grew with virtual time)', () => {
  it('one sample a minute for 60 days keeps CloudWatch’s tiers: at most 3 h of seconds, 15 d of minutes, the rest in 5-minute buckets; sums survive the roll-up', () => {
    const series = new CounterSeries(T0)
    const n = 60 * 24 * 60
    for (let i = 0; i < n; i++) series.add(T0 + i * MINUTE, 1 + (i % 500))
    const now = T0 + n * MINUTE
    series.rollUp(now)
    // Without roll-up: one bucket per sample (86,400). With it: 180 + 15 × 1,440 + 45 × 288 at most.
    expect(series.bucketCount).toBeLessThanOrEqual(180 + 15 * 1440 + 45 * 288 + 3)
    const all = series.summary(T0, now, true, true)
    expect(all?.count).toBe(n)
    expect(all?.sum).toBe(Array.from({ length: n }, (_, i) => 1 + (i % 500)).reduce((a, b) => a + b, 0))
    expect(all?.min).toBe(1)
    expect(all?.max).toBe(500)
    // The first day's data is now in 5-minute buckets: five samples each.
    expect(series.summary(T0, T0 + 5 * MINUTE, false, false)?.count).toBe(5)
  })

  it('memory stays bounded however long the run: 2 years of a sample every 10 minutes keep at most the four tiers’ worth', () => {
    const series = new CounterSeries(T0)
    const end = T0 + 730 * DAY
    for (let at = T0; at < end; at += 10 * MINUTE) series.add(at, 42)
    series.rollUp(end)
    const bound = CLOUDWATCH_TIERS.reduce((sum, t, i) => sum + (t.keepMs - (CLOUDWATCH_TIERS[i - 1]?.keepMs ?? 0)) / t.resolutionMs + 2, 0)
    expect(series.bucketCount).toBeLessThanOrEqual(bound)
    // Data older than 455 days is gone, as in CloudWatch.
    expect(series.summary(T0, end - 456 * DAY, false, false)).toBeUndefined()
    expect(series.summary(end - 454 * DAY, end, false, false)?.count).toBeGreaterThan(0)
  })

  it('through a simulation: invocations hours apart answer the same sums after roll-up, and old data needs a coarser period', async () => {
    const sim = createSimulation({ seed: 8 })
    sim.createFunction({ functionName: 'f', code: async (_e: unknown, c: { sleep(ms: number): Promise<void> }) => c.sleep(25) })
    for (let i = 0; i < 30; i++) {
      await sim.invoke({ functionName: 'f' })
      await sim.advance('1h')
    }
    const day = sim.metrics?.getMetricStatistics({ metricName: 'Invocations', period: 86_400, statistics: ['Sum'] }) ?? []
    expect(day.map((p) => p.Sum)).toEqual([24, 6])
    const [hourly] = sim.metrics?.getMetricStatistics({ metricName: 'Duration', startTime: T0, endTime: T0 + HOUR, period: 60, statistics: ['Average', 'SampleCount'], extendedStatistics: ['p99'] }) ?? []
    expect(hourly).toEqual({ timestamp: T0, Average: 25, SampleCount: 1, extendedStatistics: { p99: 25 } })
    expect(() => sim.metrics?.getMetricStatistics({ metricName: 'Duration', startTime: T0, endTime: T0 + HOUR, period: 1 })).toThrow(CloudWatchError)
  })

  it('metrics: { highResolution: false } keeps no 1-second data: a 1-second period is refused even for recent data', async () => {
    const sim = createSimulation({ seed: 8, metrics: { highResolution: false } })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    await sim.invoke({ functionName: 'f' })
    expect(() => sim.metrics?.getMetricStatistics({ metricName: 'Invocations', period: 1 })).toThrow(/Period must be a multiple of 60/)
    expect(sim.metrics?.getMetricStatistics({ metricName: 'Invocations', period: 60, statistics: ['Sum'] })).toEqual([{ timestamp: T0, Sum: 1 }])
  })

  it('metrics: { retention } drops data past the last resolution’s retention', async () => {
    const sim = createSimulation({ seed: 8, metrics: { retention: { oneSecond: '1h', oneMinute: '1d', fiveMinute: '2d', oneHour: '3d' } } })
    sim.createFunction({ functionName: 'f', code: async () => 'ok' })
    await sim.invoke({ functionName: 'f' })
    await sim.advance('2d')
    await sim.invoke({ functionName: 'f' })
    const sums = (): (number | undefined)[] => (sim.metrics?.getMetricStatistics({ metricName: 'Invocations', period: 86_400, statistics: ['Sum'] }) ?? []).map((p) => p.Sum)
    expect(sums()).toEqual([1, 1])
    await sim.advance('2d')
    await sim.invoke({ functionName: 'f' })
    // The first invocation is now 4 days old: past the 3 days kept.
    expect(sums()).toEqual([1, 1])
  })

  it('a retention shorter than a finer one, or than its own resolution, is refused', () => {
    expect(() => createSimulation({ metrics: { retention: { oneMinute: '1h', oneSecond: '3h' } } })).toThrow(SimulationError)
    expect(() => createSimulation({ metrics: { retention: { oneHour: '30m' } } })).toThrow(/metrics\.retention\.oneHour/)
    expect(() => createSimulation({ metrics: { retention: { oneSecond: 'soon' } } })).toThrow(/metrics\.retention\.oneSecond/)
  })
})

describe('gauge roll-up', () => {
  it('rolled-up gauge history answers aligned windows as the 1-second history did, and stays bounded', () => {
    const keepAll = [{ resolutionMs: 1000, keepMs: 10_000 * DAY }]
    const rolled = new GaugeSeries(T0)
    const exact = new GaugeSeries(T0, keepAll)
    // A few changes every 7 minutes for 20 days: +1 at admission, −1 a little later (sometimes in a later second).
    const end = T0 + 20 * DAY
    let k = 0
    for (let at = T0; at < end; at += 7 * MINUTE) {
      const n = 1 + (k % 3)
      const lasts = 300 + ((k * 7919) % 90_000)
      for (let i = 0; i < n; i++) {
        rolled.add(at + i * 10, 1, at + i * 10)
        exact.add(at + i * 10, 1, at + i * 10)
      }
      for (let i = 0; i < n; i++) {
        rolled.add(at + lasts + i, -1, at + lasts + i)
        exact.add(at + lasts + i, -1, at + lasts + i)
      }
      k++
    }
    // Days 0–5 are in 5-minute buckets, the rest up to 3 h ago in 1-minute ones: fewer than kept per second.
    expect(rolled.foldedBucketCount).toBeLessThan(exact.foldedBucketCount * 0.7)
    for (const [from, width] of [
      [T0, HOUR],
      [T0 + 3 * DAY, DAY],
      [T0 + 16 * DAY, 5 * MINUTE],
      [T0 + 19 * DAY, MINUTE],
      [T0 + 2 * DAY + 35 * MINUTE, 5 * MINUTE],
    ] as const) {
      for (let w = from; w < from + 12 * width; w += width) {
        const a = rolled.summary(w, w + width)
        const b = exact.summary(w, w + width)
        expect({ ...a, average: undefined }).toEqual({ ...b, average: undefined })
        expect(a.average).toBeCloseTo(b.average, 9)
      }
    }
  })
})
