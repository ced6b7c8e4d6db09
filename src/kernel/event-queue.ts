/**
 * The kernel's scheduled events in `(atMs, seq)` order: a binary heap, plus *lanes* that keep it
 * small.
 *
 * Most events are scheduled a fixed delay from now: every `sleep(100)` of a handler, every arrival
 * of a constant load, every retry after the same backoff. Events of one delay, scheduled as time
 * moves on, are already in `(atMs, seq)` order, so a FIFO (a lane) holds them and only its oldest
 * event sits on the heap. With a hundred handlers asleep the heap holds two or three entries, not a
 * hundred: popping the next event costs a couple of comparisons instead of a walk down seven
 * levels. The order is exactly a single heap's, since the heap still compares every lane's oldest
 * event with everything else.
 *
 * A lane is opened for a delay seen twice in a row of recent schedules (a delay met once, like a
 * Poisson gap, goes straight to the heap), and at most `LANES_MAX` are open; empty lanes make room.
 */
import { EventHeap, type HeapEntry } from './event-heap.js'

export interface QueueEntry extends HeapEntry {
  /** The lane holding the entry (`null` when it is on the heap alone, or out of the queue). */
  lane: Lane<QueueEntry> | null
  /** Its number in the lane (the lane's `base` + its index there). */
  laneSlot: number
}

const LANES_MAX = 16
/** Delays remembered to open a lane on the second sighting. */
const RECENT_DELAYS = 8

/** One delay's entries, oldest first. */
export class Lane<T extends QueueEntry> {
  /** Entries in order; `head` is the oldest still held (on the heap), those before it are gone. */
  entries: (T | undefined)[] = []
  head = 0
  /** How many entries were dropped from the front: an entry's index is its `laneSlot − base`. */
  base = 0
  constructor(readonly delayMs: number) {}

  /** The instant and sequence number of the last entry added: the next must come after it. */
  lastAtMs = Number.NEGATIVE_INFINITY
  lastSeq = 0

  /** No entry held. Otherwise `entries[head]` is held and is on the heap. */
  get isEmpty(): boolean {
    return this.head === this.entries.length
  }
}

export class EventQueue<T extends QueueEntry> {
  private readonly heap = new EventHeap<T>()
  private readonly lanes: Lane<T>[] = []
  private readonly recentDelays = new Float64Array(RECENT_DELAYS).fill(Number.NaN)
  private recentAt = 0
  /** Entries held, on the heap or in lanes. */
  size = 0

  /** The earliest entry, without removing it. */
  peek(): T | undefined {
    return this.heap.peek()
  }

  /** Adds an entry scheduled at `nowMs` (its delay, `atMs − nowMs`, picks the lane). */
  push(entry: T, nowMs: number): void {
    this.size++
    const lane = this.laneFor(entry.atMs - nowMs)
    // Rounding could break the order for times far apart in magnitude: then the heap takes it.
    if (lane !== undefined && (lane.isEmpty || entry.atMs > lane.lastAtMs || (entry.atMs === lane.lastAtMs && entry.seq > lane.lastSeq))) {
      const wasEmpty = lane.isEmpty
      entry.lane = lane as unknown as Lane<QueueEntry>
      entry.laneSlot = lane.base + lane.entries.length
      lane.entries.push(entry)
      lane.lastAtMs = entry.atMs
      lane.lastSeq = entry.seq
      if (wasEmpty) this.heap.push(entry)
      return
    }
    entry.lane = null
    this.heap.push(entry)
  }

  /** Removes and returns the earliest entry. */
  pop(): T | undefined {
    const top = this.heap.pop()
    if (top === undefined) return undefined
    this.size--
    const lane = top.lane as Lane<T> | null
    if (lane !== null) {
      top.lane = null
      lane.entries[lane.head++] = undefined
      this.advance(lane)
    }
    return top
  }

  /** Takes an entry out wherever it is (no-op if it is not in the queue). */
  remove(entry: T): void {
    const lane = entry.lane as Lane<T> | null
    if (entry.heapIndex >= 0) {
      this.heap.remove(entry)
      this.size--
      if (lane !== null) {
        // The lane's oldest: the next one takes its place on the heap.
        entry.lane = null
        lane.entries[lane.head++] = undefined
        this.advance(lane)
      }
    } else if (lane !== null) {
      // Inside a lane: cleared now (it keeps nothing alive), skipped when the lane reaches it.
      entry.lane = null
      lane.entries[entry.laneSlot - lane.base] = undefined
      this.size--
    }
  }

  /** Puts the lane's next held entry on the heap, past removed ones. */
  private advance(lane: Lane<T>): void {
    const entries = lane.entries
    while (lane.head < entries.length && entries[lane.head] === undefined) lane.head++
    if (lane.head < entries.length) {
      this.heap.push(entries[lane.head] as T)
    } else {
      lane.base += entries.length
      entries.length = 0
      lane.head = 0
      return
    }
    // Drop the consumed prefix now and then, so a long-lived lane does not grow.
    if (lane.head >= 1024 && lane.head * 2 >= entries.length) {
      entries.copyWithin(0, lane.head)
      entries.length -= lane.head
      lane.base += lane.head
      lane.head = 0
    }
  }

  private laneFor(delayMs: number): Lane<T> | undefined {
    const lanes = this.lanes
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[i] as Lane<T>
      if (lane.delayMs === delayMs) return lane
    }
    if (!this.seenRecently(delayMs)) return undefined
    if (lanes.length >= LANES_MAX) {
      const open = lanes.filter((lane) => !lane.isEmpty)
      if (open.length >= LANES_MAX) return undefined
      lanes.length = 0
      lanes.push(...open)
    }
    const lane = new Lane<T>(delayMs)
    lanes.push(lane)
    return lane
  }

  /** Whether the delay was among the last few without a lane; remembers it either way. */
  private seenRecently(delayMs: number): boolean {
    const recent = this.recentDelays
    for (let i = 0; i < recent.length; i++) if (recent[i] === delayMs) return true
    recent[this.recentAt] = delayMs
    this.recentAt = (this.recentAt + 1) % recent.length
    return false
  }
}
