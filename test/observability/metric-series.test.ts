import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BUCKET_MS, CounterSeries, GaugeSeries, SETTLE_MS } from '../../src/observability/metric-series.js'
import { RELATIVE_ACCURACY } from '../../src/observability/quantile-sketch.js'

const ORIGIN = 1_000_000

/** The exact step function, from every change kept raw (what the folded series must agree with). */
function naiveGauge(sorted: ReadonlyArray<{ atMs: number; delta: number }>, fromMs: number, toMs: number) {
  let level = 0
  let k = 0
  while (k < sorted.length && (sorted[k]?.atMs ?? 0) <= fromMs) level += sorted[k++]?.delta ?? 0
  let max = level
  let min = level
  let integral = 0
  let cursor = fromMs
  let count = 1
  while (k < sorted.length && (sorted[k]?.atMs ?? 0) < toMs) {
    const change = sorted[k++] as { atMs: number; delta: number }
    integral += level * (change.atMs - cursor)
    cursor = change.atMs
    level += change.delta
    max = Math.max(max, level)
    min = Math.min(min, level)
    count++
  }
  integral += level * (toMs - cursor)
  return { max, min, average: integral / (toMs - fromMs), sampleCount: count }
}

/** Changes as a simulation makes them: arriving in time order, some stamped up to 10 s earlier. */
const changesArbitrary = fc.array(
  fc.record({ gapMs: fc.integer({ min: 0, max: 700 }), lagMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })), delta: fc.constantFrom(1, -1, 2) }),
  { minLength: 4500, maxLength: 6000 },
)

describe('metric-series', () => {
  it('GaugeSeries - folded history agrees with the exact step function on whole-second windows', () => {
    fc.assert(
      fc.property(changesArbitrary, fc.integer({ min: 1, max: 90 }), (plan, periodSeconds) => {
        const series = new GaugeSeries(ORIGIN)
        const changes: Array<{ atMs: number; delta: number }> = []
        let nowMs = ORIGIN
        for (const step of plan) {
          nowMs += step.gapMs
          const atMs = Math.max(ORIGIN, nowMs - step.lagMs)
          series.add(atMs, step.delta, nowMs)
          changes.push({ atMs, delta: step.delta })
        }
        const sorted = changes.map((c, i) => ({ ...c, i })).sort((a, b) => a.atMs - b.atMs || a.i - b.i)
        const periodMs = periodSeconds * BUCKET_MS
        for (let from = ORIGIN; from < nowMs; from += periodMs) {
          const to = Math.min(from + periodMs, nowMs)
          const got = series.summary(from, to)
          const want = naiveGauge(sorted, from, to)
          expect(got.max).toBe(want.max)
          expect(got.min).toBe(want.min)
          expect(got.average).toBeCloseTo(want.average, 6)
          expect(got.sampleCount).toBe(want.sampleCount)
        }
        expect(series.levelAt(nowMs)).toBe(changes.reduce((sum, c) => sum + c.delta, 0))
      }),
      { numRuns: 12 },
    )
  })

  it('GaugeSeries - late changes stay exact while its buffers grow and compact (many folds)', () => {
    const series = new GaugeSeries(ORIGIN)
    const changes: Array<{ atMs: number; delta: number; i: number }> = []
    let nowMs = ORIGIN
    for (let i = 0; i < 20_000; i++) {
      nowMs += 3
      // Every seventh change is stamped 2 s late (a cold start's admission), the rest now.
      const atMs = i % 7 === 0 ? Math.max(ORIGIN, nowMs - 2000) : nowMs
      const delta = i % 3 === 0 ? -1 : 1
      series.add(atMs, delta, nowMs)
      changes.push({ atMs, delta, i })
    }
    const sorted = [...changes].sort((a, b) => a.atMs - b.atMs || a.i - b.i)
    const levelAt = (t: number): number => sorted.filter((c) => c.atMs <= t).reduce((sum, c) => sum + c.delta, 0)
    for (const back of [0, 1, 2, 5, 999, 1000, 1999, 2000, 2001, 7777, 14_000]) expect(series.levelAt(nowMs - back)).toBe(levelAt(nowMs - back))
  })

  it('GaugeSeries - keeps recent changes exact to the millisecond', () => {
    const series = new GaugeSeries(ORIGIN)
    for (let i = 0; i < 10_000; i++) series.add(ORIGIN + i * 10, i % 2 === 0 ? 1 : -1, ORIGIN + i * 10)
    const nowMs = ORIGIN + 99_990
    // Within the settle window: exact at any instant.
    expect(series.levelAt(nowMs - 5)).toBe(1)
    expect(series.levelAt(nowMs - 15)).toBe(0)
    expect(series.levelAt(nowMs)).toBe(0)
    // A +1 at nowMs - 7490 and a -1 ten ms later.
    expect(series.summary(nowMs - SETTLE_MS / 2 + 11, nowMs - SETTLE_MS / 2 + 19).average).toBe(1)
    expect(series.summary(nowMs - SETTLE_MS / 2 + 11, nowMs - SETTLE_MS / 2 + 31)).toEqual({ max: 1, min: 0, average: 0.5, sampleCount: 3 })
  })

  it('CounterSeries - per-second sums, extremes and percentiles within the sketch bound', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ atMs: fc.integer({ min: 0, max: 600_000 }), value: fc.integer({ min: 0, max: 50 }) }), { maxLength: 400 }), fc.integer({ min: 1, max: 120 }), (samples, periodSeconds) => {
        const series = new CounterSeries(ORIGIN)
        for (const s of samples) series.add(ORIGIN + s.atMs, s.value)
        const periodMs = periodSeconds * BUCKET_MS
        for (let from = ORIGIN; from < ORIGIN + 600_000; from += periodMs) {
          const to = from + periodMs
          const inside = samples.filter((s) => ORIGIN + s.atMs >= from && ORIGIN + s.atMs < to).map((s) => s.value)
          const got = series.summary(from, to, false, true)
          if (inside.length === 0) {
            expect(got).toBeUndefined()
            continue
          }
          expect(got?.sum).toBe(inside.reduce((a, b) => a + b, 0))
          expect(got?.count).toBe(inside.length)
          expect(got?.max).toBe(Math.max(...inside))
          expect(got?.min).toBe(Math.min(...inside))
          // Percentiles from the sketch: exact nearest rank within its relative accuracy.
          const sorted = [...inside].sort((a, b) => a - b)
          for (const p of [0, 1, 50, 90, 99, 100]) {
            const exact = sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number
            expect(Math.abs((got?.sketch?.percentile(p) as number) - exact)).toBeLessThanOrEqual(exact * RELATIVE_ACCURACY * (1 + 1e-9))
          }
        }
      }),
      { numRuns: 100 },
    )
  })
})
