/**
 * Deadlines of one fixed length (an invocation timeout), almost all cancelled before they come.
 *
 * Scheduling each one on the event heap and removing it again costs two heap operations and an
 * event object per invocation. Deadlines of equal length arrive in time order, so a FIFO holds
 * them and only its oldest live deadline is on the heap. Each entry reserves its sequence number
 * when added, and the heap event carries it: a deadline fires exactly where an event scheduled at
 * that moment would have, among others due at the same instant.
 *
 * The ring holds numbers and owner references only; a cancelled entry is cleared at once, so it
 * keeps nothing alive. Entries are numbered absolutely (entry n lives in slot n mod capacity, a power
 * of two), so a number stays valid when the ring grows. Cancelling the oldest advances the head, so the ring stays about as long as
 * the number of live deadlines while they end roughly in order.
 */
import type { Kernel } from './kernel.js'

export class DeadlineQueue<T extends object> {
  // 8 slots to start (`grow` doubles them): typed arrays of 64 bytes or less live inside V8's heap
  // object, larger ones cost an off-heap buffer each — three a simulation's first invocation paid.
  private owners: (T | null)[] = new Array<T | null>(8).fill(null)
  private deadlines = new Float64Array(8)
  private seqs = new Float64Array(8)
  /** Absolute number of the oldest entry held; entries head … head + size − 1 are in the ring. */
  private head = 0
  private size = 0
  private live = 0
  /** The heap event standing for the entry at `armedSeq`, if any. */
  private armed: object | undefined = undefined
  private armedSeq = -1

  constructor(
    private readonly kernel: Kernel,
    readonly lengthMs: number,
    /** Called in dispatch when an owner's deadline comes. */
    private readonly onDeadline: (owner: T) => void,
  ) {}

  /** Adds a deadline `lengthMs` from now; returns its entry number (for `cancel`). */
  add(owner: T): number {
    if (this.size === this.owners.length) this.grow()
    const entry = this.head + this.size
    const slot = entry & (this.owners.length - 1)
    this.owners[slot] = owner
    this.deadlines[slot] = this.kernel.nowMs + this.lengthMs
    this.seqs[slot] = this.kernel.reserveSeq()
    this.size++
    this.live++
    if (this.armed === undefined) this.arm()
    return entry
  }

  /** Cancels the owner's deadline (no-op when it already fired or was cancelled). */
  cancel(owner: T, entry: number): void {
    if (entry < this.head || entry >= this.head + this.size) return
    const slot = entry & (this.owners.length - 1)
    if (this.owners[slot] !== owner) return
    this.owners[slot] = null
    this.live--
    this.dropDeadHead()
    // Nothing left to time out: the heap event must not keep a run alive or move the clock.
    if (this.live === 0 && this.armed !== undefined) {
      this.kernel.cancel(this.armed)
      this.armed = undefined
    }
  }

  private dropDeadHead(): void {
    const capacity = this.owners.length
    while (this.size > 0 && this.owners[this.head & (capacity - 1)] === null) {
      this.head++
      this.size--
    }
  }

  private arm(): void {
    this.dropDeadHead()
    if (this.size === 0) return
    const slot = this.head & (this.owners.length - 1)
    this.armedSeq = this.seqs[slot] as number
    this.armed = this.kernel.scheduleReserved(this.deadlines[slot] as number, this.armedSeq, fireDeadline, this)
  }

  /** @internal The armed event fired. */
  fire(): void {
    this.armed = undefined
    this.dropDeadHead()
    // The armed entry may have been cancelled since: then this event only re-arms for the next one.
    const slot = this.head & (this.owners.length - 1)
    if (this.size > 0 && this.seqs[slot] === this.armedSeq) {
      const owner = this.owners[slot] as T
      this.owners[slot] = null
      this.live--
      this.dropDeadHead()
      this.arm()
      this.onDeadline(owner)
      return
    }
    this.arm()
  }

  private grow(): void {
    const capacity = this.owners.length
    const owners = new Array<T | null>(capacity * 2).fill(null)
    const deadlines = new Float64Array(capacity * 2)
    const seqs = new Float64Array(capacity * 2)
    for (let entry = this.head; entry < this.head + this.size; entry++) {
      const from = entry & (capacity - 1)
      const to = entry & (capacity * 2 - 1)
      owners[to] = this.owners[from] as T | null
      deadlines[to] = this.deadlines[from] as number
      seqs[to] = this.seqs[from] as number
    }
    this.owners = owners
    this.deadlines = deadlines
    this.seqs = seqs
  }
}

const fireDeadline = (queue: { fire(): void }): void => queue.fire()
