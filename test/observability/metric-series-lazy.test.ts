import { describe, expect, it } from 'vitest'
import { createSimulation } from '../../src/index.js'
import { CounterSeries } from '../../src/observability/metric-series.js'

// A counter series builds its tiers at its first sample or read (1b48e21): most per-shape series of
// a fresh simulation (errors, provisioned, spillover) never get a sample. A series read or rolled
// up before its first sample — a query, a report — must then answer as one that was not.

const T0 = Date.UTC(2024, 0, 1)
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** Sum, count, min and max over each window (no sketch: its merge order is not the point here). */
function answers(series: CounterSeries, windows: readonly (readonly [number, number])[]): unknown[] {
  return windows.map(([from, to]) => {
    const s = series.summary(from, to, true, false)
    return s === undefined ? undefined : [s.sum, s.count, s.min, s.max]
  })
}

describe('observability/counter series built on first use', () => {
  it('read and rolled up past every tier boundary before its first sample, it answers as a series only sampled', () => {
    const read = new CounterSeries(T0)
    const untouched = new CounterSeries(T0)
    for (const at of [T0, T0 + 3 * HOUR + 1, T0 + 16 * DAY, T0 + 64 * DAY]) {
      expect(read.summary(T0, at, true, false)).toBeUndefined()
      expect(read.bucketCount).toBe(0)
      read.rollUp(at)
    }
    const samples = [T0 + 64 * DAY, T0 + 64 * DAY + 1_500, T0 + 64 * DAY + 2 * HOUR, T0 + 70 * DAY, T0 + 90 * DAY]
    for (const [i, at] of samples.entries()) {
      read.add(at, i + 1)
      untouched.add(at, i + 1)
    }
    const now = T0 + 100 * DAY
    read.rollUp(now)
    untouched.rollUp(now)
    const windows = [[T0, now], [T0 + 64 * DAY, T0 + 64 * DAY + HOUR], [T0 + 64 * DAY, T0 + 65 * DAY], [T0 + 70 * DAY, T0 + 71 * DAY], [T0 + 89 * DAY, now]] as const
    expect(answers(read, windows)).toEqual(answers(untouched, windows))
    expect(answers(read, [[T0, now]])).toEqual([[15, 5, 1, 5]])
    expect(read.bucketCount).toBe(untouched.bucketCount)
  })

  it('through a simulation: Errors of a function that never failed answers nothing, then its first failure 16 days on', async () => {
    const sim = createSimulation({ seed: 5 })
    sim.createFunction({
      functionName: 'f',
      code: async (event: { fail?: boolean }) => {
        if (event.fail === true) throw new Error('late')
        return 'ok'
      },
    })
    await sim.invoke({ functionName: 'f' })
    const errors = (period: number) => sim.metrics?.getMetricStatistics({ metricName: 'Errors', dimensions: { FunctionName: 'f' }, startTime: T0, endTime: T0 + 17 * DAY, period, statistics: ['Sum'] })
    expect(errors(3600)).toEqual([])
    await sim.advance('16d')
    expect(errors(3600)).toEqual([])
    await sim.invoke({ functionName: 'f', payload: { fail: true } })
    expect(errors(3600)).toEqual([{ timestamp: T0 + 16 * DAY, Sum: 1 }])
    expect(errors(86_400)).toEqual([{ timestamp: T0 + 16 * DAY, Sum: 1 }])
    expect(sim.metrics?.getMetricStatistics({ metricName: 'Invocations', dimensions: { FunctionName: 'f' }, startTime: T0, endTime: T0 + 17 * DAY, period: 86_400, statistics: ['Sum'] })).toEqual([
      { timestamp: T0, Sum: 1 },
      { timestamp: T0 + 16 * DAY, Sum: 1 },
    ])
  })
})
