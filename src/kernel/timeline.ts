/**
 * The kernel's timeline: the virtual clock, the events scheduled on it (a heap ordered by
 * `(atMs, seq)`), and the work posted for the current instant. It decides *what* runs next and
 * *when*; the `Kernel` that extends it decides *whether* time may move (tasks, waits, the run loop).
 *
 * A base class rather than a member object: the run loop reads the clock, the posted work and the
 * heap on every step, and as fields of the one kernel object those reads stay single loads on one
 * stable hidden class — no extra hop per dispatched event.
 */
import { SimulationError, type SimulationErrorCode } from './simulation-error.js'
import { EventQueue } from './event-queue.js'
import type { KernelLimits } from './kernel-limits.js'
import { noop, ScheduledEvent } from './scheduled-event.js'
import { freshArray } from './fresh-array.js'

/** Fired events kept for reuse, at most this many. */
const EVENT_POOL_MAX = 4096

export abstract class Timeline {
  protected currentMs: number
  protected seq = 0
  protected readonly queue = new EventQueue<ScheduledEvent>()
  /**
   * Work posted for the current instant (consequences of the event just dispatched, such as a
   * handler's completion), as function and argument side by side: no event object. It runs before
   * any scheduled event, so an invocation whose work ended at t frees its environment before an
   * arrival at t asks for one.
   */
  protected postedFire: (((arg: never) => void) | undefined)[] = freshArray()
  protected postedArg: unknown[] = freshArray()
  protected postedHead = 0
  protected postedEnd = 0
  protected foregroundCount = 0
  /** Counts anything that may unstick a stalled task (posted work, a task woken, parked or ended): the stall check compares it. */
  protected progress = 0
  /** A drive is in progress, so an event may be firing right now. */
  protected running = false
  private readonly eventPool: ScheduledEvent[] = freshArray()

  constructor(
    /** Virtual epoch ms at which the run started. */
    readonly startMs: number,
    readonly limits: KernelLimits,
    /** The `seed=… decisions=…` line every SimulationError carries. */
    readonly replayLine: () => string,
  ) {
    this.currentMs = startMs
  }

  get nowMs(): number {
    return this.currentMs
  }

  /** Scheduled foreground events (background ones, like idle reclaim, do not keep a run alive). */
  get pendingForeground(): number {
    return this.foregroundCount
  }

  get isRunning(): boolean {
    return this.running
  }

  /**
   * Ends the drive in progress with `error` before its next step (the event firing now completes).
   * The run loop owns drives: the kernel implements it.
   */
  abstract interruptDrive(error: SimulationError, fatal: boolean): void

  /** Schedules `fire(arg)` at `atMs`. Returns a handle that `cancel` accepts. */
  schedule<A>(atMs: number, fire: (arg: A) => void, arg: A, background = false): object {
    if (!(atMs >= this.currentMs)) {
      throw this.error('time-travel', `cannot schedule at ${atMs}, before now (${this.currentMs})`)
    }
    const event = new ScheduledEvent(atMs, this.seq++, fire as (arg: never) => void, arg, background)
    this.enqueue(event)
    return event
  }

  /**
   * Schedules `fire(arg)` at `atMs` without a handle (it cannot be cancelled): the event object is
   * taken from a pool and returns to it once fired, so a steady stream of such events (load
   * arrivals, sleeps) allocates none.
   */
  scheduleTransient<A>(atMs: number, fire: (arg: A) => void, arg: A): void {
    if (!(atMs >= this.currentMs)) {
      throw this.error('time-travel', `cannot schedule at ${atMs}, before now (${this.currentMs})`)
    }
    this.enqueue(this.pooledEvent(atMs, this.seq++, fire as (arg: never) => void, arg))
  }

  /** A foreground event from the pool (or a new one), marked reusable. */
  protected pooledEvent(atMs: number, seq: number, fire: (arg: never) => void, arg: unknown): ScheduledEvent {
    const event = this.eventPool.pop()
    if (event === undefined) {
      const made = new ScheduledEvent(atMs, seq, fire, arg, false)
      made.reusable = true
      return made
    }
    event.atMs = atMs
    event.seq = seq
    event.fire = fire
    event.arg = arg
    event.cancelled = false
    return event
  }

  /** A fired reusable event: cleared (it keeps nothing alive) and pooled. */
  protected recycle(event: ScheduledEvent): void {
    event.task = null
    event.resolve = noop
    event.reject = noop
    event.fire = ignoreCancelled
    event.arg = undefined
    if (this.eventPool.length < EVENT_POOL_MAX) this.eventPool.push(event)
  }

  /** A sequence number for an event scheduled later with `scheduleReserved` (it orders as if scheduled now). */
  reserveSeq(): number {
    return this.seq++
  }

  /** Schedules with a sequence number reserved earlier (see `DeadlineQueue`). */
  scheduleReserved<A>(atMs: number, seq: number, fire: (arg: A) => void, arg: A): object {
    if (!(atMs >= this.currentMs)) {
      throw this.error('time-travel', `cannot schedule at ${atMs}, before now (${this.currentMs})`)
    }
    const event = new ScheduledEvent(atMs, seq, fire as (arg: never) => void, arg, false)
    this.enqueue(event)
    return event
  }

  /** Runs `fire(arg)` at the current instant, before other events due now (causal order). */
  post<A>(fire: (arg: A) => void, arg: A): void {
    this.postedFire[this.postedEnd] = fire as (arg: never) => void
    this.postedArg[this.postedEnd] = arg
    this.postedEnd++
    this.foregroundCount++
    this.progress++
  }

  cancel(handle: object): void {
    const event = handle as ScheduledEvent
    if (event.cancelled) return
    event.cancelled = true
    if (!event.background) this.foregroundCount--
    this.queue.remove(event)
    event.arg = undefined
    event.fire = ignoreCancelled
  }

  protected enqueue(event: ScheduledEvent): void {
    if (this.queue.size >= this.limits.queueMax) {
      const error = this.queueLimitError()
      // Outside a drive the caller hears it at once. Inside one, an event is firing: throwing would
      // leave it half done, so the event is kept and the drive ends before its next step.
      if (!this.running) throw error
      this.interruptDrive(error, false)
    }
    this.queue.push(event, this.currentMs)
    if (!event.background) this.foregroundCount++
  }

  /**
   * Throws `queue-limit` when `count` more events would not fit (outside a drive: refuse work
   * before anything about it is recorded). Inside a drive the soft limit of `enqueue` applies.
   */
  ensureRoomFor(count: number): void {
    if (!this.running && this.queue.size + count > this.limits.queueMax) throw this.queueLimitError()
  }

  private queueLimitError(): SimulationError {
    return this.error(
      'queue-limit',
      `more than ${this.limits.queueMax} scheduled events (limits.queueMax); nothing was dropped and the simulation is consistent — drive it to let the queue drain, or raise the limit`,
    )
  }

  /** The next live scheduled event without removing it (cancelled ones are dropped on the way). */
  protected peekNext(): ScheduledEvent | undefined {
    let top = this.queue.peek()
    while (top !== undefined && top.cancelled) {
      this.queue.pop()
      top = this.queue.peek()
    }
    return top
  }

  /** Takes `event` (the one `peekNext` answered) off the heap to fire it. */
  protected take(event: ScheduledEvent): void {
    this.queue.pop()
    if (!event.background) this.foregroundCount--
    // A fired event counts as done: cancelling it later must not touch the counts again.
    event.cancelled = true
  }

  /** Runs the oldest posted work. */
  protected runPosted(): void {
    const at = this.postedHead
    const fire = this.postedFire[at] as (arg: unknown) => void
    const arg = this.postedArg[at]
    this.postedFire[at] = undefined
    this.postedArg[at] = undefined
    if (++this.postedHead === this.postedEnd) {
      this.postedHead = 0
      this.postedEnd = 0
    }
    this.foregroundCount--
    fire(arg)
  }

  error(code: SimulationErrorCode, detail: string, fields: Record<string, unknown> = {}): SimulationError {
    return new SimulationError(code, detail, this.replayLine(), fields)
  }
}

const ignoreCancelled = (): void => {}
