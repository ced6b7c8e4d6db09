import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { EXACT_DISTINCT_MAX, QuantileSketch, RELATIVE_ACCURACY } from '../../src/observability/quantile-sketch.js'

/** The exact nearest-rank percentile (the ⌈p·n⌉-th smallest), as CloudWatch ranks. */
function exactPercentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length))) - 1] as number
}

const PERCENTILES = [0, 0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100]
/** The documented bound, with room for floating-point rounding at a bucket's edge. */
const within = (got: number, exact: number): boolean => Math.abs(got - exact) <= Math.abs(exact) * RELATIVE_ACCURACY * (1 + 1e-9)

describe('QuantileSketch', () => {
  it('percentiles of random data lie within 1 % of the exact nearest-rank percentiles', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.double({ min: 0, max: 900_000, noNaN: true }), fc.integer({ min: 0, max: 3000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 2000 }),
        (values) => {
          const sketch = new QuantileSketch()
          for (const v of values) sketch.add(v)
          const sorted = [...values].sort((a, b) => a - b)
          for (const p of PERCENTILES) expect(within(sketch.percentile(p), exactPercentile(sorted, p)), `p${p}`).toBe(true)
        },
      ),
      { numRuns: 200, seed: 17 },
    )
  })

  it('is exact while it holds at most 64 distinct values (percentiles of a few values are what they were)', () => {
    const sketch = new QuantileSketch()
    const values = Array.from({ length: EXACT_DISTINCT_MAX }, (_, i) => 100 + i * 3.7)
    for (const v of values) sketch.add(v, 3)
    for (const p of PERCENTILES) expect(sketch.percentile(p)).toBe(exactPercentile(values, p))
    // One more distinct value: bucketed, within the bound.
    sketch.add(1e4)
    expect(sketch.size).toBeLessThanOrEqual(EXACT_DISTINCT_MAX + 1)
    expect(sketch.percentile(100)).toBe(1e4)
    const all = [...values.flatMap((v) => [v, v, v]), 1e4].sort((x, y) => x - y)
    for (const p of PERCENTILES) expect(within(sketch.percentile(p), exactPercentile(all, p))).toBe(true)
  })

  it('merging two sketches answers as one sketch of both samples', () => {
    const a = new QuantileSketch()
    const b = new QuantileSketch()
    const all: number[] = []
    for (let i = 0; i < 5000; i++) {
      const v = ((i * 7919) % 100_000) / 7
      ;(i % 3 === 0 ? a : b).add(v)
      all.push(v)
    }
    a.merge(b)
    expect(a.count).toBe(5000)
    all.sort((x, y) => x - y)
    for (const p of PERCENTILES) expect(within(a.percentile(p), exactPercentile(all, p))).toBe(true)
  })

  it('memory is bounded by the range of values, not their number: 1 ms … 900 s in fewer than 1,000 buckets', () => {
    const sketch = new QuantileSketch()
    for (let i = 0; i < 200_000; i++) sketch.add(1 + ((i * 104_729) % 900_000) + (i % 1000) / 1000)
    expect(sketch.count).toBe(200_000)
    expect(sketch.size).toBeLessThan(1000)
  })
})
