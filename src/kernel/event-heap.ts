/**
 * A binary min-heap of scheduled events ordered by `(atMs, seq)`.
 *
 * `seq` is a global insertion counter, so events due at the same instant fire in the order they
 * were scheduled (FIFO) and the order never depends on Map iteration or heap accidents.
 */
export interface HeapEntry {
  atMs: number
  seq: number
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.atMs < b.atMs || (a.atMs === b.atMs && a.seq < b.seq)
}

export class EventHeap<T extends HeapEntry> {
  private readonly items: T[] = []

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  push(entry: T): void {
    const items = this.items
    let index = items.length
    items.push(entry)
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[parentIndex] as T
      if (!before(entry, parent)) break
      items[index] = parent
      index = parentIndex
    }
    items[index] = entry
  }

  pop(): T | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    const count = items.length
    if (count > 0 && last !== undefined) {
      let index = 0
      for (;;) {
        let child = 2 * index + 1
        if (child >= count) break
        const right = child + 1
        if (right < count && before(items[right] as T, items[child] as T)) child = right
        if (!before(items[child] as T, last)) break
        items[index] = items[child] as T
        index = child
      }
      items[index] = last
    }
    return top
  }
}
