/**
 * A binary min-heap whose entries know their slot (`heapIndex`, -1 when out of the heap), so an
 * entry leaves at once when it is deleted or changes place, and the heap never holds dead entries.
 * The in-memory SQS keeps two per queue: the visible messages by send order and the hidden ones by
 * the instant they become visible (see `queue-state.ts`).
 */
export interface HeapSlot {
  heapIndex: number
}

export class SlotHeap<T extends HeapSlot> {
  private items: T[] = []

  constructor(private readonly before: (a: T, b: T) => boolean) {}

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

  remove(entry: T): void {
    const index = entry.heapIndex
    if (index >= 0 && this.items[index] === entry) this.removeAt(index)
  }

  /** Empties the heap (the entries' slots are left as they are: the caller drops the entries). */
  clear(): void {
    for (const entry of this.items) entry.heapIndex = -1
    this.items = []
  }

  private removeAt(index: number): void {
    const items = this.items
    const removed = items[index] as T
    removed.heapIndex = -1
    const last = items.pop() as T
    if (index === items.length) return
    items[index] = last
    last.heapIndex = index
    if (index > 0 && this.before(last, items[(index - 1) >> 1] as T)) this.siftUp(last, index)
    else this.siftDown(last, index)
  }

  private siftUp(entry: T, index: number): void {
    const items = this.items
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[parentIndex] as T
      if (!this.before(entry, parent)) break
      items[index] = parent
      parent.heapIndex = index
      index = parentIndex
    }
    items[index] = entry
    entry.heapIndex = index
  }

  private siftDown(entry: T, index: number): void {
    const items = this.items
    const size = items.length
    for (;;) {
      const left = 2 * index + 1
      if (left >= size) break
      const right = left + 1
      let child = left
      if (right < size && this.before(items[right] as T, items[left] as T)) child = right
      const smallest = items[child] as T
      if (!this.before(smallest, entry)) break
      items[index] = smallest
      smallest.heapIndex = index
      index = child
    }
    items[index] = entry
    entry.heapIndex = index
  }
}

/** `heapIndex` of an entry held in a `MonotoneQueue`'s list. */
const IN_LIST = -2

/** A list slot's ticket, unique across queues: an entry is in a list slot while their tickets agree. */
let nextTicket = 1

export interface ListSlot extends HeapSlot {
  ticket: number
}

/**
 * A min-queue by `key` for entries that mostly arrive in key order (fresh sends by send order,
 * receives by the instant they become visible again): those go to a plain list, O(1) in and out;
 * the rest (a message made visible again behind newer ones, a changed visibility) go to a heap.
 * Removing an entry from the list only marks it (`heapIndex` -1); the list skips it when it reaches
 * it (an entry that left and came back, to this queue or another, has a new ticket, so its old
 * slot stays dead). Entries with equal keys come out in no particular order (callers only need the
 * minimum).
 */
export class MonotoneQueue<T extends ListSlot> {
  private list: T[] = []
  private tickets: number[] = []
  private head = 0
  private lastKey = -Infinity
  private readonly heap: SlotHeap<T>

  constructor(private readonly key: (entry: T) => number) {
    this.heap = new SlotHeap((a, b) => key(a) < key(b))
  }

  push(entry: T): void {
    const key = this.key(entry)
    if (key >= this.lastKey) {
      this.list.push(entry)
      entry.ticket = nextTicket++
      this.tickets.push(entry.ticket)
      entry.heapIndex = IN_LIST
      this.lastKey = key
    } else this.heap.push(entry)
  }

  remove(entry: T): void {
    if (entry.heapIndex === IN_LIST) entry.heapIndex = -1
    else this.heap.remove(entry)
  }

  peek(): T | undefined {
    const first = this.listHead()
    const top = this.heap.peek()
    if (first === undefined) return top
    return top !== undefined && this.key(top) < this.key(first) ? top : first
  }

  pop(): T | undefined {
    const first = this.listHead()
    const top = this.heap.peek()
    if (first !== undefined && (top === undefined || this.key(first) <= this.key(top))) {
      this.head++
      first.heapIndex = -1
      return first
    }
    return this.heap.pop()
  }

  clear(): void {
    for (let i = this.head; i < this.list.length; i++) {
      const entry = this.list[i] as T
      if (entry.heapIndex === IN_LIST && entry.ticket === this.tickets[i]) entry.heapIndex = -1
    }
    this.list = []
    this.tickets = []
    this.head = 0
    this.lastKey = -Infinity
    this.heap.clear()
  }

  /** The list's first live entry (dropping the marked ones before it). */
  private listHead(): T | undefined {
    const list = this.list
    while (this.head < list.length) {
      const entry = list[this.head] as T
      if (entry.heapIndex === IN_LIST && entry.ticket === this.tickets[this.head]) {
        if (this.head > 1024 && this.head * 2 > list.length) {
          this.list = list.slice(this.head)
          this.tickets = this.tickets.slice(this.head)
          this.head = 0
        }
        return entry
      }
      this.head++
    }
    if (list.length > 0) {
      this.list = []
      this.tickets = []
      this.head = 0
      this.lastKey = -Infinity
    }
    return undefined
  }
}
