/**
 * External work: real asynchronous work a task hands to the simulation (`context.external`), and
 * real work the simulation does on a task's behalf (`hold`: reading a deployment package). While
 * any is pending, virtual time stays frozen — bounded by `limits.externalWaitMsMax` real ms — and
 * results reach the task in the order the calls were made, whatever order the real world answers
 * in, so a run replays the same whatever the real timing.
 *
 * Apart from the kernel because nothing on the hot path touches it: the run loop only reads the
 * length of `pending` (the kernel holds that very array: no call, no extra hop) when nothing more
 * is due at the current instant.
 */
import type { SimulationError, SimulationErrorCode } from './simulation-error.js'
import { realDeadline } from './realtime.js'
import { noop } from './scheduled-event.js'
import type { Task } from './task.js'
import { freshArray } from './fresh-array.js'
import { fieldClosure } from './field-closure.js'

/** What external work asks of the kernel that owns it. */
export interface ExternalWorkHost {
  readonly limits: { readonly externalWaitMsMax: number }
  /** The task's code runs again (a result was handed to it). */
  wake(task: Task): void
  /** Runs `fire(arg)` at the current instant, before other events due now. */
  post<A>(fire: (arg: A) => void, arg: A): void
  error(code: SimulationErrorCode, detail: string): SimulationError
}

/** One `external` or `hold` call, from the call until its result is released or dropped. */
export interface ExternalWait {
  readonly task: Task
  /** Its task's runtime was killed (timeout, crash): the result is never handed to anyone. */
  dropped: boolean
  settled: boolean
  ok: boolean
  value: unknown
  resolve: (value: unknown) => void
  reject: (reason: unknown) => void
  settledSignal: Promise<void>
}

export class ExternalWork {
  /** Calls not yet released, oldest first. */
  readonly pending: ExternalWait[] = freshArray()

  constructor(private readonly host: ExternalWorkHost) {}

  /**
   * Admits real asynchronous work. Virtual time stays frozen while it is pending; results are
   * released in the order the `external` calls were made, whatever order they settle in. The
   * caller parks the task.
   */
  admit<T>(task: Task, work: PromiseLike<T>): Promise<T> {
    let markSettled!: () => void
    const record: ExternalWait = {
      task,
      dropped: false,
      settled: false,
      ok: false,
      value: undefined,
      resolve: () => {},
      reject: () => {},
      settledSignal: new Promise<void>((resolve) => (markSettled = resolve)),
    }
    const released = new Promise<T>((resolve, reject) => {
      record.resolve = resolve as (value: unknown) => void
      record.reject = reject
    })
    Promise.resolve(work).then(
      (value) => {
        record.settled = true
        record.ok = true
        record.value = value
        markSettled()
      },
      (error: unknown) => {
        record.settled = true
        record.value = error
        markSettled()
      },
    )
    this.pending.push(record)
    task.externals++
    return released
  }

  /**
   * Holds virtual time until the returned release is called (see `Kernel.hold`). The release
   * takes effect at once rather than in call order: it carries no result. The caller parks the task.
   */
  hold(task: Task): () => void {
    let markSettled!: () => void
    const record: ExternalWait = {
      task,
      dropped: false,
      settled: false,
      ok: true,
      value: undefined,
      resolve: noop,
      reject: noop,
      settledSignal: new Promise<void>((resolve) => (markSettled = resolve)),
    }
    this.pending.push(record)
    task.externals++
    return () => {
      // Already released, or dropped with its task (`dropFor` zeroed the count).
      if (record.dropped) return
      record.dropped = true
      record.settled = true
      const at = this.pending.indexOf(record)
      if (at >= 0) this.pending.splice(at, 1)
      task.externals--
      this.host.wake(task)
      markSettled()
    }
  }

  /**
   * Forgets the task's pending calls (its runtime was killed): nothing is resolved or rejected,
   * and virtual time no longer waits for them.
   */
  dropFor(task: Task): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const record = this.pending[i] as ExternalWait
      if (record.task !== task) continue
      this.pending.splice(i, 1)
      record.dropped = true
      record.resolve = noop
      record.reject = noop
    }
    // Any left were released already (posted): `release` skips them.
    task.externals = 0
  }

  /**
   * Waits, in real time and at most `externalWaitMsMax`, for the oldest pending call to settle;
   * then posts the release of every settled call at the head, in call order. Throws
   * `external-wait-exceeded` when the real world takes too long.
   */
  async awaitOldest(): Promise<void> {
    const head = this.pending[0]
    if (head === undefined) return
    if (!head.settled) {
      let clear = (): void => {}
      await Promise.race([
        head.settledSignal,
        new Promise<void>((resolve) => {
          // Held open: the drive's caller is awaiting, and this deadline is what answers it.
          clear = realDeadline(this.host.limits.externalWaitMsMax, resolve, true)
        }),
      ])
      clear()
      if (!head.settled) {
        const failure = this.host.error(
          'external-wait-exceeded',
          `${head.task.hooks.describe()}: a context.external promise did not settle within ${this.host.limits.externalWaitMsMax} real ms (limits.externalWaitMsMax)`,
        )
        // The handler sees the failure too when the simulation is driven again.
        head.settled = true
        head.value = failure
        throw failure
      }
    }
    while (this.pending.length > 0 && (this.pending[0] as ExternalWait).settled) {
      this.host.post(this.releaseBound, this.pending.shift() as ExternalWait)
    }
  }

  /** Hands a settled call's result to its task (posted in call order by `awaitOldest`). */
  private release(record: ExternalWait): void {
    if (record.dropped) return
    record.task.externals--
    this.host.wake(record.task)
    if (record.ok) record.resolve(record.value)
    else record.reject(record.value)
  }

  private readonly releaseBound = fieldClosure((record: ExternalWait): void => this.release(record))
}
