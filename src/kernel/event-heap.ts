/**
 * A binary min-heap of scheduled events ordered by `(atMs, seq)`.
 *
 * `seq` is a global insertion counter, so events due at the same instant fire in the order they
 * were scheduled (FIFO) and the order never depends on Map iteration or heap accidents.
 *
 * Each entry knows its slot (`heapIndex`, -1 when out of the heap), so a cancelled event leaves at
 * once instead of lingering until its instant: a million invocations each cancelling a timeout
 * would otherwise keep a million dead entries (and everything they reference) alive.
 */
import { freshArray } from './fresh-array.js'

export interface HeapEntry {
  atMs: number
  seq: number
  heapIndex: number
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)
}

export class EventHeap<T extends HeapEntry> {
  private readonly items: T[] = freshArray()

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  push(entry: T): void {
    this.items.push(entry)
    this.siftUp(entry, this.items.length - 1)
  }

  pop(): T | undefined {
    const top = this.items[0]
    if (top !== undefined) this.removeAt(0)
    return top
  }

  /** Replaces the earliest entry with `entry` (which must not be in the heap): one sift, not two. */
  replaceTop(entry: T): void {
    const top = this.items[0]
    if (top === undefined) return this.push(entry)
    top.heapIndex = -1
    this.siftDown(entry, 0)
  }

  /** Takes an entry out wherever it is (no-op if it is not in the heap). */
  remove(entry: T): void {
    const index = entry.heapIndex
    if (index >= 0 && this.items[index] === entry) this.removeAt(index)
  }

  private removeAt(index: number): void {
    const items = this.items
    const removed = items[index] as T
    removed.heapIndex = -1
    const last = items.pop() as T
    if (index === items.length) return
    // Put the last entry in the hole, then move it whichever way restores the order.
    if (index > 0 && before(last, items[(index - 1) >> 1] as T)) this.siftUp(last, index)
    else this.siftDown(last, index)
  }

  private siftUp(entry: T, start: number): void {
    const items = this.items
    let index = start
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[parentIndex] as T
      if (!before(entry, parent)) break
      items[index] = parent
      parent.heapIndex = index
      index = parentIndex
    }
    items[index] = entry
    entry.heapIndex = index
  }

  private siftDown(entry: T, start: number): void {
    const items = this.items
    const count = items.length
    let index = start
    for (;;) {
      let child = 2 * index + 1
      if (child >= count) break
      const right = child + 1
      if (right < count && before(items[right] as T, items[child] as T)) child = right
      const next = items[child] as T
      if (!before(next, entry)) break
      items[index] = next
      next.heapIndex = index
      index = child
    }
    items[index] = entry
    entry.heapIndex = index
  }
}
