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
import { freshArray } from './fresh-array.js'

export interface QueueEntry extends HeapEntry {
  /** The lane holding the entry (`null` when it is on the heap alone, or out of the queue). */
  lane: Lane<QueueEntry> | null
  /** Its number in its lane. */
  laneSlot: number
}

const LANES_MAX = 16
/** Delays remembered to open a lane on the second sighting. */
const RECENT_DELAYS = 8

/**
 * One delay's entries, oldest first, in a ring (capacity a power of two). Entries are numbered
 * absolutely (entry n lives in slot n mod capacity), so a number stays valid when the ring grows.
 */
export class Lane<T extends QueueEntry> {
  private ring: (T | undefined)[] = new Array<T | undefined>(16)
  /** The oldest entry held (on the heap), unless the lane is empty. */
  private head = 0
  /** The number the next entry gets. */
  private tail = 0
  /** The instant and sequence number of the last entry added: the next must come after it. */
  lastAtMs = Number.NEGATIVE_INFINITY
  lastSeq = 0

  constructor(readonly delayMs: number) {}

  get isEmpty(): boolean {
    return this.head === this.tail
  }

  /** Appends the entry; returns its number. */
  add(entry: T): number {
    if (this.tail - this.head === this.ring.length) this.grow()
    const slot = this.tail++
    this.ring[slot & (this.ring.length - 1)] = entry
    this.lastAtMs = entry.atMs
    this.lastSeq = entry.seq
    return slot
  }

  /** Drops the oldest entry; returns the next one still held, if any. */
  shift(): T | undefined {
    const mask = this.ring.length - 1
    this.ring[this.head & mask] = undefined
    while (++this.head < this.tail) {
      const next = this.ring[this.head & mask]
      if (next !== undefined) return next
    }
    return undefined
  }

  /** Clears an entry that is not the oldest (skipped when the lane reaches it). */
  clear(slot: number): void {
    if (slot > this.head && slot < this.tail) this.ring[slot & (this.ring.length - 1)] = undefined
  }

  private grow(): void {
    const old = this.ring
    const ring = new Array<T | undefined>(old.length * 2)
    for (let n = this.head; n < this.tail; n++) ring[n & (ring.length - 1)] = old[n & (old.length - 1)]
    this.ring = ring
  }
}

export class EventQueue<T extends QueueEntry> {
  private readonly heap = new EventHeap<T>()
  private readonly lanes: Lane<T>[] = freshArray()
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
      entry.laneSlot = lane.add(entry)
      if (wasEmpty) this.heap.push(entry)
      return
    }
    entry.lane = null
    this.heap.push(entry)
  }

  /** Removes and returns the earliest entry. */
  pop(): T | undefined {
    const top = this.heap.peek()
    if (top === undefined) return undefined
    this.size--
    const lane = top.lane as Lane<T> | null
    if (lane !== null) {
      top.lane = null
      const next = lane.shift()
      // The lane's next entry takes the top's place: one sift instead of a pop and a push.
      if (next !== undefined) {
        this.heap.replaceTop(next)
        return top
      }
    }
    this.heap.pop()
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
        const next = lane.shift()
        if (next !== undefined) this.heap.push(next)
      }
    } else if (lane !== null) {
      // Inside a lane: cleared now (it keeps nothing alive), skipped when the lane reaches it.
      entry.lane = null
      lane.clear(entry.laneSlot)
      this.size--
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
