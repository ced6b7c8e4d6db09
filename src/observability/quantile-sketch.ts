/**
 * A bounded-memory percentile sketch in the manner of DDSketch (Masson, Rim, Lee, VLDB 2019):
 * values fall into logarithmic buckets `(γ^(i-1), γ^i]` with `γ = (1 + α) / (1 − α)`, and a
 * percentile answers its bucket's midpoint `2γ^i / (γ + 1)`, within a relative error `α` of the
 * exact value.
 *
 * - `RELATIVE_ACCURACY` (α) is 1 %: every percentile is within ±1 % of the exact nearest-rank
 *   percentile of the same samples (the rank CloudWatch and earlier releases use: the ⌈p·n⌉-th
 *   smallest sample). p0 and p100 are exact (answers are clamped to the samples' minimum and maximum).
 * - While a sketch holds at most `EXACT_DISTINCT_MAX` (64) distinct values it keeps them exactly, so
 *   percentiles of a few values (most tests, most steady workloads) are exact.
 * - Memory: at most one bucket per factor γ of range, about 350 buckets per decade-span of 10^3
 *   (1 ms … 900 s of Duration needs ≤ 700), however many samples.
 *
 * Written here rather than taken from `@datadog/sketches-js` because that library ranks by
 * `q·(n−1)`, not CloudWatch's nearest rank, so a p95 of ten values would answer the 9th instead of
 * the 10th; the bucket mapping is the same.
 */

export const RELATIVE_ACCURACY = 0.01
const GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY)
const LOG_GAMMA = Math.log(GAMMA)
/** Distinct values kept exactly before the sketch switches to log buckets. */
export const EXACT_DISTINCT_MAX = 64

export class QuantileSketch {
  /** Samples so far. */
  count = 0
  min = Number.POSITIVE_INFINITY
  max = Number.NEGATIVE_INFINITY
  /** Exact values and their counts while few are distinct; undefined once bucketed. */
  private exact: Map<number, number> | undefined = new Map()
  /** Log buckets by index: positive values, and negative values by their magnitude. */
  private positive: Map<number, number> | undefined = undefined
  private negative: Map<number, number> | undefined = undefined
  private zeros = 0

  add(value: number, n = 1): void {
    if (n <= 0) return
    this.count += n
    if (value < this.min) this.min = value
    if (value > this.max) this.max = value
    if (this.exact !== undefined) {
      this.exact.set(value, (this.exact.get(value) ?? 0) + n)
      if (this.exact.size > EXACT_DISTINCT_MAX) this.toBuckets()
      return
    }
    this.addBucketed(value, n)
  }

  /** Adds another sketch's samples (the other is left as it was). */
  merge(other: QuantileSketch): void {
    if (other.count === 0) return
    if (other.exact !== undefined) {
      for (const [value, n] of other.exact) this.add(value, n)
      return
    }
    if (this.exact !== undefined) this.toBuckets()
    this.count += other.count
    if (other.min < this.min) this.min = other.min
    if (other.max > this.max) this.max = other.max
    this.zeros += other.zeros
    if (other.positive !== undefined) this.positive = mergeCounts(this.positive, other.positive)
    if (other.negative !== undefined) this.negative = mergeCounts(this.negative, other.negative)
  }

  /** The nearest-rank percentile `p` (0–100), within `RELATIVE_ACCURACY` of the exact one. */
  percentile(p: number): number {
    if (this.count === 0) return Number.NaN
    const rank = Math.min(this.count, Math.max(1, Math.ceil((p / 100) * this.count)))
    // The smallest and largest samples are known exactly.
    if (rank === 1) return this.min
    if (rank === this.count) return this.max
    if (this.exact !== undefined) {
      let seen = 0
      for (const value of [...this.exact.keys()].sort((a, b) => a - b)) {
        seen += this.exact.get(value) as number
        if (seen >= rank) return value
      }
      return this.max
    }
    let seen = 0
    // Negative values: larger magnitude first.
    if (this.negative !== undefined) {
      for (const index of [...this.negative.keys()].sort((a, b) => b - a)) {
        seen += this.negative.get(index) as number
        if (seen >= rank) return this.clamp(-valueOf(index))
      }
    }
    seen += this.zeros
    if (seen >= rank) return this.clamp(0)
    if (this.positive !== undefined) {
      for (const index of [...this.positive.keys()].sort((a, b) => a - b)) {
        seen += this.positive.get(index) as number
        if (seen >= rank) return this.clamp(valueOf(index))
      }
    }
    return this.max
  }

  /** Buckets in use (a measure of memory). */
  get size(): number {
    return (this.exact?.size ?? 0) + (this.positive?.size ?? 0) + (this.negative?.size ?? 0) + (this.zeros > 0 ? 1 : 0)
  }

  private clamp(value: number): number {
    return Math.min(this.max, Math.max(this.min, value))
  }

  private toBuckets(): void {
    const exact = this.exact as Map<number, number>
    this.exact = undefined
    for (const [value, n] of exact) this.addBucketed(value, n)
  }

  private addBucketed(value: number, n: number): void {
    // Magnitudes below 1e-9 (far under any metric's unit) count as zero.
    if (Math.abs(value) < 1e-9) {
      this.zeros += n
      return
    }
    const buckets = value > 0 ? (this.positive ??= new Map()) : (this.negative ??= new Map())
    const index = indexOf(Math.abs(value))
    buckets.set(index, (buckets.get(index) ?? 0) + n)
  }
}

function indexOf(magnitude: number): number {
  return Math.ceil(Math.log(magnitude) / LOG_GAMMA)
}

function valueOf(index: number): number {
  return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1)
}

function mergeCounts(into: Map<number, number> | undefined, from: Map<number, number>): Map<number, number> {
  const out = into ?? new Map<number, number>()
  for (const [index, n] of from) out.set(index, (out.get(index) ?? 0) + n)
  return out
}
