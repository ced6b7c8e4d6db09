/**
 * Storage for one metric series at one-second resolution, so a simulation of a million
 * invocations keeps seconds' worth of aggregates, not a million samples.
 *
 * - `CounterSeries`: per second, the sum, count, minimum, maximum and the distinct values with
 *   their counts (percentiles stay exact; repeated values cost nothing).
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
  /** Distinct values and their counts, except the current run of equal values (counted apart: most samples repeat the last one). */
  readonly values: Map<number, number>
  runValue: number
  runCount: number
}

export interface CounterSummary {
  readonly sum: number
  readonly count: number
  readonly min: number
  readonly max: number
  /** Sorted ascending, one entry per sample (built only when percentiles are asked for). */
  readonly sorted: number[] | undefined
}

export class CounterSeries {
  private readonly buckets = new Map<number, CounterBucket>()
  /** The bucket written last: samples mostly land in the current second. */
  private lastIndex = -1
  private lastBucket: CounterBucket | undefined = undefined

  constructor(private readonly originMs: number) {}

  add(atMs: number, value: number): void {
    const index = Math.floor((atMs - this.originMs) / BUCKET_MS)
    let bucket = index === this.lastIndex ? this.lastBucket : this.buckets.get(index)
    if (bucket === undefined) {
      bucket = { sum: 0, count: 0, min: value, max: value, values: new Map(), runValue: value, runCount: 0 }
      this.buckets.set(index, bucket)
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
      if (bucket.runCount > 0) bucket.values.set(bucket.runValue, (bucket.values.get(bucket.runValue) ?? 0) + bucket.runCount)
      bucket.runValue = value
      bucket.runCount = 1
    }
  }

  /**
   * The samples of the seconds overlapping `[fromMs, toMs)` (and the second starting at `toMs`
   * when `includeEnd`: samples stamped exactly now). `undefined` when there are none.
   */
  summary(fromMs: number, toMs: number, includeEnd: boolean, wantSorted: boolean): CounterSummary | undefined {
    const first = Math.max(0, Math.floor((fromMs - this.originMs) / BUCKET_MS))
    const last = Math.floor((toMs - this.originMs) / BUCKET_MS)
    let sum = 0
    let count = 0
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    const merged = wantSorted ? new Map<number, number>() : undefined
    for (let index = first; index <= last; index++) {
      const startMs = this.originMs + index * BUCKET_MS
      if (!(startMs < toMs || (includeEnd && startMs === toMs))) break
      const bucket = this.buckets.get(index)
      if (bucket === undefined) continue
      sum += bucket.sum
      count += bucket.count
      if (bucket.min < min) min = bucket.min
      if (bucket.max > max) max = bucket.max
      if (merged !== undefined) {
        for (const [value, n] of bucket.values) merged.set(value, (merged.get(value) ?? 0) + n)
        if (bucket.runCount > 0) merged.set(bucket.runValue, (merged.get(bucket.runValue) ?? 0) + bucket.runCount)
      }
    }
    if (count === 0) return undefined
    let sorted: number[] | undefined
    if (merged !== undefined) {
      sorted = []
      for (const value of [...merged.keys()].sort((a, b) => a - b)) for (let n = merged.get(value) as number; n > 0; n--) sorted.push(value)
    }
    return { sum, count, min, max, sorted }
  }
}

/** One folded second of a gauge (stored only for seconds in which it changed). */
interface GaugeBucket {
  readonly index: number
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
  /** Recent changes: instant and the level after it, in time order (FIFO within an instant). */
  private rawAt: number[] = []
  private rawLevel: number[] = []
  /** Raw entries before this index are folded (dropped from the arrays in batches). */
  private rawHead = 0
  private addsSinceFoldCheck = 0
  /** Everything before this instant (a second boundary) is folded. */
  private foldedUntilMs: number
  private levelAtFold = 0
  private readonly folded: GaugeBucket[] = []

  constructor(private readonly originMs: number) {
    this.foldedUntilMs = originMs
  }

  /** The level changes by `delta` from `atMs` on (possibly earlier than changes already recorded). */
  add(atMs: number, delta: number, nowMs: number): void {
    const at = Math.max(atMs, this.foldedUntilMs)
    let index = this.rawAt.length
    while (index > this.rawHead && (this.rawAt[index - 1] as number) > at) index--
    const before = index > this.rawHead ? (this.rawLevel[index - 1] as number) : this.levelAtFold
    if (index === this.rawAt.length) {
      this.rawAt.push(at)
      this.rawLevel.push(before + delta)
    } else {
      this.rawAt.splice(index, 0, at)
      this.rawLevel.splice(index, 0, before + delta)
      for (let later = index + 1; later < this.rawLevel.length; later++) this.rawLevel[later] = (this.rawLevel[later] as number) + delta
    }
    this.maybeFold(nowMs)
  }

  /** The level becomes `level` at `atMs` (a derived gauge such as a ratio; changes arrive in order). */
  set(atMs: number, level: number, nowMs: number): void {
    const last = this.rawAt.length > this.rawHead ? (this.rawAt[this.rawAt.length - 1] as number) : this.foldedUntilMs
    this.rawAt.push(Math.max(atMs, this.foldedUntilMs, last))
    this.rawLevel.push(level)
    this.maybeFold(nowMs)
  }

  get current(): number {
    return this.rawLevel.length > this.rawHead ? (this.rawLevel[this.rawLevel.length - 1] as number) : this.levelAtFold
  }

  private maybeFold(nowMs: number): void {
    if (++this.addsSinceFoldCheck < FOLD_BATCH) return
    this.addsSinceFoldCheck = 0
    if ((this.rawAt[this.rawHead] ?? nowMs) < nowMs - SETTLE_MS - BUCKET_MS) this.fold(nowMs - SETTLE_MS)
  }

  /** Folds every change before the second boundary at or below `upToMs`. */
  private fold(upToMs: number): void {
    const boundary = this.originMs + Math.floor((upToMs - this.originMs) / BUCKET_MS) * BUCKET_MS
    if (boundary <= this.foldedUntilMs) return
    const at = this.rawAt
    const levels = this.rawLevel
    let i = this.rawHead
    let level = this.levelAtFold
    while (i < at.length && (at[i] as number) < boundary) {
      const index = Math.floor(((at[i] as number) - this.originMs) / BUCKET_MS)
      const startMs = this.originMs + index * BUCKET_MS
      const endMs = startMs + BUCKET_MS
      let changesAtStart = 0
      while (i < at.length && at[i] === startMs) {
        level = levels[i++] as number
        changesAtStart++
      }
      const startLevel = level
      let max = level
      let min = level
      let integral = 0
      let cursor = startMs
      let changesAfterStart = 0
      while (i < at.length && (at[i] as number) < endMs) {
        integral += level * ((at[i] as number) - cursor)
        cursor = at[i] as number
        level = levels[i++] as number
        if (level > max) max = level
        if (level < min) min = level
        changesAfterStart++
      }
      integral += level * (endMs - cursor)
      this.folded.push({ index, startLevel, endLevel: level, max, min, integral, changesAtStart, changesAfterStart })
    }
    this.rawHead = i
    if (i > 2 * FOLD_BATCH && i * 2 > at.length) {
      this.rawAt = at.slice(i)
      this.rawLevel = levels.slice(i)
      this.rawHead = 0
    }
    this.levelAtFold = level
    this.foldedUntilMs = boundary
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
      for (let i = this.rawHead; i < this.rawAt.length && (this.rawAt[i] as number) <= atMs; i++) level = this.rawLevel[i] as number
      return level
    }
    const index = Math.floor((atMs - this.originMs) / BUCKET_MS)
    const at = this.foldedAtOrBefore(index)
    if (at < 0) return 0
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
      let level = startsHere ? (this.folded[at - 1]?.endLevel ?? 0) : at < 0 ? 0 : (this.folded[at] as GaugeBucket).endLevel
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
        index++
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
      const absorbAtStart = rawFrom === fromMs
      while (i < at.length && ((at[i] as number) < rawFrom || (absorbAtStart && at[i] === rawFrom))) level = levels[i++] as number
      if (level > max) max = level
      if (level < min) min = level
      let cursor = rawFrom
      while (i < at.length && (at[i] as number) < toMs) {
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
