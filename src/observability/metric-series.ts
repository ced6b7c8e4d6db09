import { QuantileSketch } from './quantile-sketch.js'
import { freshArray } from '../kernel/fresh-array.js'

/**
 * Storage for one metric series in time buckets, so a simulation of a million invocations keeps
 * buckets' worth of aggregates, not a million samples.
 *
 * - `CounterSeries`: per bucket, the sum, count, minimum, maximum and a percentile sketch
 *   (`quantile-sketch.ts`: exact for few distinct values, within 1 % otherwise; repeated values cost
 *   nothing). Buckets roll up as CloudWatch's do (`CLOUDWATCH_TIERS`): 1-second data for 3 hours,
 *   then 1-minute for 15 days, 5-minute for 63 days, 1-hour for 455 days, then dropped; so memory
 *   is bounded however long the simulated time.
 * - `GaugeSeries`: a step function. Its recent changes stay raw (exact to the millisecond) for
 *   `SETTLE_MS`, because a cold start's +1 is stamped at admission and reported only when the
 *   invocation starts, up to the 10 s init limit later. Older changes fold into per-second
 *   maximum, minimum, time integral and change counts.
 */

export const BUCKET_MS = 1000
/** Longer than Lambda's 10 s on-demand init limit: no change arrives later than this after its instant. */
export const SETTLE_MS = 15_000
const FOLD_BATCH = 4096

interface CounterBucket {
  sum: number
  count: number
  min: number
  max: number
  /** Every sample but the current run of equal values (made when a second distinct value arrives: most samples repeat the last one). */
  sketch: QuantileSketch | undefined
  runValue: number
  runCount: number
}

export interface CounterSummary {
  readonly sum: number
  readonly count: number
  readonly min: number
  readonly max: number
  /** The samples' distribution, for percentiles (built only when they are asked for). */
  readonly sketch: QuantileSketch | undefined
}

/** One resolution of a series and how long data stays at it before it rolls up into the next. */
export interface RollupTier {
  readonly resolutionMs: number
  /** Data older than this (behind the latest sample) rolls up, or is dropped from the last tier. */
  readonly keepMs: number
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS
/** CloudWatch's retention: 1-second data for 3 hours, 1-minute for 15 days, 5-minute for 63 days, 1-hour for 455 days. */
export const CLOUDWATCH_TIERS: readonly RollupTier[] = [
  { resolutionMs: 1000, keepMs: 3 * HOUR_MS },
  { resolutionMs: 60_000, keepMs: 15 * DAY_MS },
  { resolutionMs: 300_000, keepMs: 63 * DAY_MS },
  { resolutionMs: HOUR_MS, keepMs: 455 * DAY_MS },
]

interface Tier extends RollupTier {
  /** Buckets by index (`(atMs − origin) ÷ resolution`). */
  readonly buckets: Map<number, CounterBucket>
  /** No bucket below this index: roll-up walks from here (a straggler stamped earlier moves it back). */
  cursor: number
}

/**
 * Buckets and tiers are class instances, not object literals: V8 pretenures a literal site whose
 * objects outlive minor collections, and an old tier kept its young buckets (and a dropped
 * simulation's series) alive through every minor collection (see kernel/fresh-array.ts).
 */
class Bucket implements CounterBucket {
  sum = 0
  count = 0
  min: number
  max: number
  sketch: QuantileSketch | undefined = undefined
  runValue: number
  runCount = 0

  constructor(value: number) {
    this.min = value
    this.max = value
    this.runValue = value
  }
}

function newBucket(value: number): CounterBucket {
  return new Bucket(value)
}

class CounterTier implements Tier {
  readonly buckets = new Map<number, CounterBucket>()
  cursor = 0

  constructor(
    readonly resolutionMs: number,
    readonly keepMs: number,
  ) {}
}

/** The bucket's samples as a sketch (its own, with the current run added). */
function sketchOf(bucket: CounterBucket): QuantileSketch {
  const sketch = bucket.sketch ?? new QuantileSketch()
  if (bucket.runCount > 0) sketch.add(bucket.runValue, bucket.runCount)
  bucket.sketch = sketch
  bucket.runCount = 0
  return sketch
}

export class CounterSeries {
  /** Built by the first sample or read: most of a fresh simulation's series stay empty (errors, provisioned, spillover). */
  private tiersMade: Tier[] | undefined = undefined
  /** The bucket written last: samples mostly land in the current second. */
  private lastIndex = -1
  private lastBucket: CounterBucket | undefined = undefined
  /** The next sample instant at which older buckets are rolled up. */
  private nextRollupMs: number

  constructor(
    private readonly originMs: number,
    private readonly tierSpecs: readonly RollupTier[] = CLOUDWATCH_TIERS,
  ) {
    this.nextRollupMs = originMs
  }

  private get tiers(): Tier[] {
    return (this.tiersMade ??= this.tierSpecs.map((t) => new CounterTier(t.resolutionMs, t.keepMs)))
  }

  add(atMs: number, value: number): void {
    const finest = this.tiers[0] as Tier
    const index = Math.floor((atMs - this.originMs) / finest.resolutionMs)
    let bucket = index === this.lastIndex ? this.lastBucket : finest.buckets.get(index)
    if (bucket === undefined) {
      bucket = newBucket(value)
      finest.buckets.set(index, bucket)
      if (index < finest.cursor) finest.cursor = index
    }
    this.lastIndex = index
    this.lastBucket = bucket
    bucket.sum += value
    bucket.count++
    if (value < bucket.min) bucket.min = value
    if (value > bucket.max) bucket.max = value
    if (value === bucket.runValue) {
      bucket.runCount++
    } else {
      if (bucket.runCount > 0) (bucket.sketch ??= new QuantileSketch()).add(bucket.runValue, bucket.runCount)
      bucket.runValue = value
      bucket.runCount = 1
    }
    if (atMs >= this.nextRollupMs) this.rollUp(atMs)
  }

  /** Buckets kept, all tiers (a measure of memory). */
  get bucketCount(): number {
    let n = 0
    for (const tier of this.tiers) n += tier.buckets.size
    return n
  }

  /**
   * Moves buckets older than each tier's retention into the next tier (merged), and drops them
   * from the last. Each tier walks its indexes from its cursor (or its buckets, when fewer), so
   * the work over a run is bounded by the run's length in buckets, not repeated per check.
   */
  rollUp(nowMs: number): void {
    this.nextRollupMs = nowMs + (this.tiers[0] as Tier).resolutionMs * 60
    this.lastIndex = -1
    this.lastBucket = undefined
    for (let t = 0; t < this.tiers.length; t++) {
      const tier = this.tiers[t] as Tier
      // Buckets below `cutoff` end at or before now − keep.
      const cutoff = Math.floor((nowMs - tier.keepMs - this.originMs) / tier.resolutionMs)
      if (cutoff <= tier.cursor) continue
      if (tier.buckets.size > 0) {
        const expired: number[] = []
        if (cutoff - tier.cursor <= tier.buckets.size) {
          for (let index = tier.cursor; index < cutoff; index++) if (tier.buckets.has(index)) expired.push(index)
        } else {
          for (const index of tier.buckets.keys()) if (index < cutoff) expired.push(index)
        }
        for (const index of expired) this.moveDown(t, index)
      }
      tier.cursor = cutoff
    }
  }

  /** A bucket leaves tier `t`: merged into the next tier's bucket holding its start, or dropped after the last. */
  private moveDown(t: number, index: number): void {
    const tier = this.tiers[t] as Tier
    const bucket = tier.buckets.get(index) as CounterBucket
    tier.buckets.delete(index)
    const next = this.tiers[t + 1]
    if (next === undefined) return
    const into = Math.floor((index * tier.resolutionMs) / next.resolutionMs)
    if (into < next.cursor) next.cursor = into
    const target = next.buckets.get(into)
    if (target === undefined) {
      next.buckets.set(into, bucket)
      return
    }
    target.sum += bucket.sum
    target.count += bucket.count
    if (bucket.min < target.min) target.min = bucket.min
    if (bucket.max > target.max) target.max = bucket.max
    sketchOf(target).merge(sketchOf(bucket))
  }

  /**
   * The samples of the buckets overlapping `[fromMs, toMs)` (and those starting at `toMs` when
   * `includeEnd`: samples stamped exactly now), at whatever resolution each is kept. `undefined`
   * when there are none.
   */
  summary(fromMs: number, toMs: number, includeEnd: boolean, wantSketch: boolean): CounterSummary | undefined {
    let sum = 0
    let count = 0
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    const sketch = wantSketch ? new QuantileSketch() : undefined
    const take = (bucket: CounterBucket): void => {
      sum += bucket.sum
      count += bucket.count
      if (bucket.min < min) min = bucket.min
      if (bucket.max > max) max = bucket.max
      if (sketch !== undefined) {
        if (bucket.sketch !== undefined) sketch.merge(bucket.sketch)
        if (bucket.runCount > 0) sketch.add(bucket.runValue, bucket.runCount)
      }
    }
    for (const tier of this.tiers) {
      if (tier.buckets.size === 0) continue
      const width = tier.resolutionMs
      const first = Math.max(0, Math.floor((fromMs - this.originMs) / width))
      const last = Math.floor((toMs - this.originMs) / width)
      const inWindow = (index: number): boolean => {
        const startMs = this.originMs + index * width
        return index >= first && (startMs < toMs || (includeEnd && startMs === toMs))
      }
      if (last - first + 1 <= tier.buckets.size) {
        for (let index = first; index <= last && inWindow(index); index++) {
          const bucket = tier.buckets.get(index)
          if (bucket !== undefined) take(bucket)
        }
      } else {
        // A window wider than the tier's data: walk the data, not the window.
        for (const [index, bucket] of tier.buckets) if (inWindow(index)) take(bucket)
      }
    }
    if (count === 0) return undefined
    return { sum, count, min, max, sketch }
  }
}

/** One folded second of a gauge (stored only for seconds in which it changed), or several rolled up. */
interface GaugeBucket {
  readonly index: number
  /** Seconds covered: 1 when folded, the tier's resolution once rolled up. */
  readonly width: number
  /** The level over the second's first instant (after any change at exactly that instant). */
  readonly startLevel: number
  readonly endLevel: number
  readonly max: number
  readonly min: number
  /** ∫ level dt over the second, level × ms. */
  readonly integral: number
  readonly changesAtStart: number
  readonly changesAfterStart: number
}

export interface GaugeSummary {
  readonly max: number
  readonly min: number
  /** Time-weighted mean over the window. */
  readonly average: number
  /** 1 + the changes inside the window (a change at its first instant sets the starting level). */
  readonly sampleCount: number
}

export class GaugeSeries {
  /**
   * Recent changes: instant and the level after it, in time order (FIFO within an instant), in
   * typed buffers compacted in place. (Plain arrays sliced on every fold made a new large array
   * each time: old-generation garbage at the rate of invocations.)
   */
  // 8 entries (64 bytes) to start: V8 keeps a typed array that small inside its heap object, where a
  // larger one costs an off-heap buffer to allocate and later free; most gauges of a short-lived
  // simulation see a few changes, and `makeRoom` doubles the buffers as needed.
  private rawAt = new Float64Array(8)
  private rawLevel = new Float64Array(8)
  /** Entries in use are `rawHead … rawEnd − 1`; those before `rawHead` are folded. */
  private rawEnd = 0
  private rawHead = 0
  private addsSinceFoldCheck = 0
  /** Everything before this instant (a second boundary) is folded. */
  private foldedUntilMs: number
  private levelAtFold = 0
  private readonly folded: GaugeBucket[] = freshArray()

  /** The level before the oldest kept bucket (history past the last tier's retention is dropped). */
  private levelBeforeHistory = 0

  constructor(
    private readonly originMs: number,
    private readonly tiers: readonly RollupTier[] = CLOUDWATCH_TIERS,
  ) {
    this.foldedUntilMs = originMs
  }

  /** An independent copy: the same history, changed separately from now on. */
  clone(): GaugeSeries {
    const copy = new GaugeSeries(this.originMs, this.tiers)
    copy.levelBeforeHistory = this.levelBeforeHistory
    copy.rawAt = this.rawAt.slice()
    copy.rawLevel = this.rawLevel.slice()
    copy.rawEnd = this.rawEnd
    copy.rawHead = this.rawHead
    copy.addsSinceFoldCheck = this.addsSinceFoldCheck
    copy.foldedUntilMs = this.foldedUntilMs
    copy.levelAtFold = this.levelAtFold
    // Folded seconds are never changed, only appended: sharing them is safe.
    for (const bucket of this.folded) copy.folded.push(bucket)
    return copy
  }

  /** The level changes by `delta` from `atMs` on (possibly earlier than changes already recorded). */
  add(atMs: number, delta: number, nowMs: number): void {
    const at = Math.max(atMs, this.foldedUntilMs)
    let index = this.rawEnd
    while (index > this.rawHead && (this.rawAt[index - 1] as number) > at) index--
    const before = index > this.rawHead ? (this.rawLevel[index - 1] as number) : this.levelAtFold
    if (this.rawEnd === this.rawAt.length) index -= this.makeRoom()
    if (index < this.rawEnd) {
      // Earlier than changes already recorded: shift them up one, and they move by delta too.
      this.rawAt.copyWithin(index + 1, index, this.rawEnd)
      this.rawLevel.copyWithin(index + 1, index, this.rawEnd)
      for (let later = index + 1; later <= this.rawEnd; later++) this.rawLevel[later] = (this.rawLevel[later] as number) + delta
    }
    this.rawAt[index] = at
    this.rawLevel[index] = before + delta
    this.rawEnd++
    this.maybeFold(nowMs)
  }

  /** The level becomes `level` at `atMs` (a derived gauge such as a ratio; changes arrive in order). */
  set(atMs: number, level: number, nowMs: number): void {
    const last = this.rawEnd > this.rawHead ? (this.rawAt[this.rawEnd - 1] as number) : this.foldedUntilMs
    if (this.rawEnd === this.rawAt.length) this.makeRoom()
    this.rawAt[this.rawEnd] = Math.max(atMs, this.foldedUntilMs, last)
    this.rawLevel[this.rawEnd] = level
    this.rawEnd++
    this.maybeFold(nowMs)
  }

  get current(): number {
    return this.rawEnd > this.rawHead ? (this.rawLevel[this.rawEnd - 1] as number) : this.levelAtFold
  }

  /** The buffers are full: drop the folded entries, or double them. Returns how far entries moved down. */
  private makeRoom(): number {
    const shift = this.rawHead
    if (shift * 4 >= this.rawAt.length) {
      this.rawAt.copyWithin(0, shift, this.rawEnd)
      this.rawLevel.copyWithin(0, shift, this.rawEnd)
    } else {
      const at = new Float64Array(this.rawAt.length * 2)
      const level = new Float64Array(this.rawAt.length * 2)
      at.set(this.rawAt.subarray(shift, this.rawEnd))
      level.set(this.rawLevel.subarray(shift, this.rawEnd))
      this.rawAt = at
      this.rawLevel = level
    }
    this.rawEnd -= shift
    this.rawHead = 0
    return shift
  }

  private maybeFold(nowMs: number): void {
    if (++this.addsSinceFoldCheck < FOLD_BATCH) return
    this.addsSinceFoldCheck = 0
    if ((this.rawHead < this.rawEnd ? (this.rawAt[this.rawHead] as number) : nowMs) < nowMs - SETTLE_MS - BUCKET_MS) this.fold(nowMs - SETTLE_MS)
  }

  /** Folds every change before the second boundary at or below `upToMs`. */
  private fold(upToMs: number): void {
    const boundary = this.originMs + Math.floor((upToMs - this.originMs) / BUCKET_MS) * BUCKET_MS
    if (boundary <= this.foldedUntilMs) return
    const at = this.rawAt
    const levels = this.rawLevel
    const end = this.rawEnd
    let i = this.rawHead
    let level = this.levelAtFold
    while (i < end && (at[i] as number) < boundary) {
      const index = Math.floor(((at[i] as number) - this.originMs) / BUCKET_MS)
      const startMs = this.originMs + index * BUCKET_MS
      const endMs = startMs + BUCKET_MS
      let changesAtStart = 0
      while (i < end && at[i] === startMs) {
        level = levels[i++] as number
        changesAtStart++
      }
      const startLevel = level
      let max = level
      let min = level
      let integral = 0
      let cursor = startMs
      let changesAfterStart = 0
      while (i < end && (at[i] as number) < endMs) {
        integral += level * ((at[i] as number) - cursor)
        cursor = at[i] as number
        level = levels[i++] as number
        if (level > max) max = level
        if (level < min) min = level
        changesAfterStart++
      }
      integral += level * (endMs - cursor)
      this.folded.push({ index, width: 1, startLevel, endLevel: level, max, min, integral, changesAtStart, changesAfterStart })
    }
    this.rawHead = i
    this.levelAtFold = level
    this.foldedUntilMs = boundary
    this.rollUp(upToMs)
  }

  /**
   * Rolls folded seconds up as the counters' tiers do: seconds older than a tier's predecessor's
   * retention merge into buckets of that tier's resolution, and history older than the last tier's
   * retention is dropped (its last level kept as the level before history).
   */
  private rollUp(nowMs: number): void {
    const seconds = (ms: number): number => Math.floor((ms - this.originMs) / BUCKET_MS)
    for (let t = this.tiers.length; t >= 0; t--) {
      const tier = this.tiers[t]
      // Folded seconds are 1 s wide: a first tier of 1 s has nothing to merge.
      const width = tier === undefined ? 0 : tier.resolutionMs / BUCKET_MS
      if (tier !== undefined && width <= 1) continue
      // Buckets that started before `cutoff` (whole `width`-second groups) belong to tier `t` or a coarser one.
      const olderThanMs = t === 0 ? 0 : (this.tiers[t - 1] as RollupTier).keepMs
      if (tier === undefined) {
        const cutoff = seconds(nowMs - (this.tiers[this.tiers.length - 1] as RollupTier).keepMs)
        let drop = 0
        while (drop < this.folded.length && (this.folded[drop] as GaugeBucket).index + (this.folded[drop] as GaugeBucket).width <= cutoff) drop++
        if (drop > 0) {
          this.levelBeforeHistory = (this.folded[drop - 1] as GaugeBucket).endLevel
          this.folded.splice(0, drop)
        }
        continue
      }
      const cutoff = Math.floor(seconds(nowMs - olderThanMs) / width) * width
      // The finer buckets to merge: after every bucket already this coarse, before the cutoff.
      let from = 0
      while (from < this.folded.length && (this.folded[from] as GaugeBucket).width >= width) from++
      let to = from
      while (to < this.folded.length && (this.folded[to] as GaugeBucket).index < cutoff) to++
      if (to === from) continue
      const merged: GaugeBucket[] = []
      let level = this.folded[from - 1]?.endLevel ?? this.levelBeforeHistory
      for (let i = from; i < to; ) {
        const start = Math.floor((this.folded[i] as GaugeBucket).index / width) * width
        let j = i
        while (j < to && (this.folded[j] as GaugeBucket).index < start + width) j++
        const group = this.folded.slice(i, j)
        merged.push(mergeGaugeBuckets(group, start, width, level))
        level = (group[group.length - 1] as GaugeBucket).endLevel
        i = j
      }
      // Rebuilt in place, not spliced with a spread: a first roll-up may merge more buckets than a call takes arguments.
      const rest = this.folded.slice(to)
      this.folded.length = from
      for (const bucket of merged) this.folded.push(bucket)
      for (const bucket of rest) this.folded.push(bucket)
    }
  }

  /** Folded buckets kept (a measure of memory). */
  get foldedBucketCount(): number {
    return this.folded.length
  }

  /** The last folded second at or before `index`, by binary search; -1 if none. */
  private foldedAtOrBefore(index: number): number {
    let lo = 0
    let hi = this.folded.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if ((this.folded[mid] as GaugeBucket).index <= index) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found
  }

  /** The level at an instant (folded history: the level at the start of that second). */
  levelAt(atMs: number): number {
    if (atMs >= this.foldedUntilMs) {
      let level = this.levelAtFold
      for (let i = this.rawHead; i < this.rawEnd && (this.rawAt[i] as number) <= atMs; i++) level = this.rawLevel[i] as number
      return level
    }
    const index = Math.floor((atMs - this.originMs) / BUCKET_MS)
    const at = this.foldedAtOrBefore(index)
    if (at < 0) return this.levelBeforeHistory
    const bucket = this.folded[at] as GaugeBucket
    return bucket.index === index ? bucket.startLevel : bucket.endLevel
  }

  /** Maximum, minimum, time-weighted average and sample count over `[fromMs, toMs)`. */
  summary(fromMs: number, toMs: number): GaugeSummary {
    let max = Number.NEGATIVE_INFINITY
    let min = Number.POSITIVE_INFINITY
    let integral = 0
    let changes = 0
    // Folded part: whole seconds (a window starting mid-second starts at that second).
    const foldedEnd = Math.min(toMs, this.foldedUntilMs)
    if (fromMs < foldedEnd) {
      const firstIndex = Math.floor((fromMs - this.originMs) / BUCKET_MS)
      const lastIndex = Math.ceil((foldedEnd - this.originMs) / BUCKET_MS) - 1
      const at = this.foldedAtOrBefore(firstIndex)
      // The level carried into the first second, and the first folded second not before it.
      const startsHere = at >= 0 && (this.folded[at] as GaugeBucket).index === firstIndex
      let level = startsHere ? (this.folded[at - 1]?.endLevel ?? this.levelBeforeHistory) : at < 0 ? this.levelBeforeHistory : (this.folded[at] as GaugeBucket).endLevel
      let index = firstIndex
      for (let next = startsHere ? at : at + 1; index <= lastIndex; ) {
        const bucket = this.folded[next]
        const nextIndex = bucket === undefined || bucket.index > lastIndex ? lastIndex + 1 : bucket.index
        if (nextIndex > index) {
          // Seconds without a change: the level holds.
          if (level > max) max = level
          if (level < min) min = level
          integral += level * (nextIndex - index) * BUCKET_MS
          index = nextIndex
          continue
        }
        const b = bucket as GaugeBucket
        if (b.max > max) max = b.max
        if (b.min < min) min = b.min
        integral += b.integral
        changes += b.changesAfterStart + (index === firstIndex ? 0 : b.changesAtStart)
        level = b.endLevel
        index = b.index + b.width
        next++
      }
    }
    // Raw part: exact.
    const rawFrom = Math.max(fromMs, this.foldedUntilMs)
    if (rawFrom < toMs || (rawFrom === toMs && fromMs === toMs)) {
      let i = this.rawHead
      let level = this.levelAtFold
      const at = this.rawAt
      const levels = this.rawLevel
      const end = this.rawEnd
      const absorbAtStart = rawFrom === fromMs
      while (i < end && ((at[i] as number) < rawFrom || (absorbAtStart && at[i] === rawFrom))) level = levels[i++] as number
      if (level > max) max = level
      if (level < min) min = level
      let cursor = rawFrom
      while (i < end && (at[i] as number) < toMs) {
        integral += level * ((at[i] as number) - cursor)
        cursor = at[i] as number
        level = levels[i++] as number
        if (level > max) max = level
        if (level < min) min = level
        changes++
      }
      integral += level * (toMs - cursor)
    }
    const span = toMs - fromMs
    return { max, min, average: span > 0 ? integral / span : this.levelAt(fromMs), sampleCount: 1 + changes }
  }
}

/** Folded buckets of one `width`-second span starting at `start` (in order), as one; `carried` is the level before them. */
function mergeGaugeBuckets(group: readonly GaugeBucket[], start: number, width: number, carried: number): GaugeBucket {
  const first = group[0] as GaugeBucket
  const startsAtStart = first.index === start
  let max = startsAtStart ? first.max : Math.max(carried, first.max)
  let min = startsAtStart ? first.min : Math.min(carried, first.min)
  let integral = 0
  let changes = startsAtStart ? -first.changesAtStart : 0
  let level = carried
  let cursor = start
  for (const b of group) {
    integral += level * (b.index - cursor) * BUCKET_MS + b.integral
    if (b.max > max) max = b.max
    if (b.min < min) min = b.min
    changes += b.changesAtStart + b.changesAfterStart
    level = b.endLevel
    cursor = b.index + b.width
  }
  integral += level * (start + width - cursor) * BUCKET_MS
  return {
    index: start,
    width,
    startLevel: startsAtStart ? first.startLevel : carried,
    endLevel: level,
    max,
    min,
    integral,
    changesAtStart: startsAtStart ? first.changesAtStart : 0,
    changesAfterStart: changes,
  }
}
