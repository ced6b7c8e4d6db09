/**
 * The discrete-event kernel: a virtual clock, an event heap ordered by `(atMs, seq)`, and a run loop
 * that moves time only when every running task is settled or parked on a wait the kernel owns.
 * The clock, the heap and posted work are the `Timeline` it extends (timeline.ts); this file
 * counts tasks, makes their waits and drives the loop; real work handed over by tasks is
 * `ExternalWork` (external-work.ts).
 *
 * Knows nothing of Lambda. A *task* is a piece of user code the kernel must wait for (an
 * invocation, an init phase). A *wait* is a kernel-owned promise (`sleep`) that resolves when
 * virtual time reaches its instant. The kernel counts runnable tasks exactly: a task is runnable
 * from the moment it starts or one of its waits fires until it ends, or until the microtask after
 * it creates a new wait (the code that made the wait may run on without awaiting it: a
 * fire-and-forget `sleep` followed by a `return` must settle before time moves).
 *
 * Quiescence: while tasks are runnable the loop stops, and the task that brings the count to zero
 * queues it again as a microtask (microtasks only, no promise per step). A watchdog on the next macrotask catches the cases microtasks cannot
 * settle: a task parked on several waits at once (parked), a callback-style task whose event loop
 * drained (drained), or a task awaiting something the simulation does not own (escaped).
 */
import type { SimulationError } from './simulation-error.js'
import { invariant } from './invariant.js'
import { onNextMacrotask, wallClockMs } from './realtime.js'
import { unwatch, watch, type Watched } from './watchdog.js'
import { noop, ScheduledEvent } from './scheduled-event.js'
import { HookedTask, newWait, Task, type TaskHooks, type Wait } from './task.js'
import { DispatchPark } from './dispatch-park.js'
import { ExternalWork, type ExternalWait } from './external-work.js'
import { Timeline } from './timeline.js'
import { freshArray } from './fresh-array.js'
import { fieldClosure } from './field-closure.js'

// The kernel's API takes and returns tasks: their types are importable from here too.
export { Task, type TaskHooks } from './task.js'
export { defaultKernelLimits, type KernelLimits } from './kernel-limits.js'

/** A wait taken off the clock when its task's environment froze; thawed into a later task. */
export interface FrozenWait {
  readonly remainingMs: number
  readonly resolve: () => void
  readonly reject: (reason: unknown) => void
}

export interface RunGoal {
  /** Stop when this returns true (checked after quiescence, before each event). */
  readonly stop?: () => boolean
  /** Do not dispatch events later than this instant; the clock then moves to it. */
  readonly untilMs?: number
  /** Stop when only background events remain. */
  readonly untilIdle?: boolean
}

/** The kernel: tasks, their waits and the run loop, on the `Timeline` it extends. */
export class Kernel extends Timeline implements Watched {
  private runnableCount = 0
  /**
   * Tasks started and not ended, each knowing its slot (swap-remove). Not a Set: a hash table that
   * churns through a million entries rehashes now and then, and the abandoned table, already in
   * the old generation, would keep the tasks it held alive through every scavenge until a full GC.
   */
  private readonly liveTasks: Task[] = freshArray()
  private startCount = 0
  private idleResolve: (() => void) | null = null
  /** @internal The kernel's slot in the watchdog's list (watchdog.ts), -1 when not listed. */
  watchSlot = -1
  /** See `ExternalWork`; the run loop reads its `pending` array directly (one load, no call). */
  private readonly externalWork = new ExternalWork(this)
  private readonly externals: readonly ExternalWait[] = this.externalWork.pending
  /**
   * Tasks that created a wait since the last microtask: they stop counting as runnable one
   * microtask later (see `parkSoon`). Duplicates are harmless (blocking is idempotent).
   */
  private readonly parking: Task[] = freshArray()
  private parkingQueued = false
  /** See `DispatchPark`. */
  private readonly dispatchPark = new DispatchPark()
  stepCount = 0
  /**
   * A limit reached where throwing would tear an event in half (a listener, a schedule made while
   * an event fires): the drive ends with it before its next step, the state consistent. Fatal
   * ones (the simulation is unusable) end every later drive too; others end only the drive.
   */
  private interrupt: SimulationError | null = null
  private interruptFatal = false
  /** Real milliseconds a drive runs before it lets the event loop turn (timers, I/O, a test runner's timeout). */
  yieldAfterRealMs = 50
  /**
   * @internal Tests: yield every this many steps as well (0: by real time only). Where a yield
   * happens never changes the results — the tests compare event logs with and without.
   */
  yieldEverySteps = 0
  /**
   * The step at which the loop next looks up from its work (a pending interrupt, or whether to
   * yield): one comparison per step on the hot path, everything else out of line.
   */
  private nextCheckpointStep = 0
  /** Real ms when the drive last had the event loop to itself (a double from the start: a stable field). */
  private sliceStartMs = wallClockMs()

  // ---------------------------------------------------------------- interrupts

  /**
   * Ends the drive in progress with `error` before its next step (the event firing now completes).
   * `fatal`: the simulation is unusable — every later drive rejects with the same error (say so in
   * its text). Outside a drive, the next drive ends with it at once.
   */
  override interruptDrive(error: SimulationError, fatal: boolean): void {
    if (this.interruptFatal) return
    this.interrupt = error
    this.interruptFatal = fatal
    this.nextCheckpointStep = 0
  }

  /** The error that made this simulation unusable, if one did. */
  get fatalError(): SimulationError | undefined {
    return this.interruptFatal && this.interrupt !== null ? this.interrupt : undefined
  }

  // ---------------------------------------------------------------- tasks and waits

  /** Registers user code about to run now; it counts as runnable until it parks or ends. */
  startTask(hooks: TaskHooks | Task): Task {
    const task = hooks instanceof Task ? hooks : new HookedTask(hooks)
    task.liveIndex = this.liveTasks.length
    task.startOrder = this.startCount++
    this.liveTasks.push(task)
    this.wake(task)
    return task
  }

  /** The task settled (or was cut off by a timeout): it no longer holds time back. */
  endTask(task: Task): void {
    if (task.ended) return
    if (task.runnable) this.blockTask(task)
    task.ended = true
    if (task.liveIndex >= 0) {
      const last = this.liveTasks.pop() as Task
      if (last !== task) {
        this.liveTasks[task.liveIndex] = last
        last.liveIndex = task.liveIndex
      }
      task.liveIndex = -1
    }
    this.progress++
  }

  /** The task's code is running again (it is counted until it parks or ends). */
  wake(task: Task): void {
    if (task.runnable || task.ended) return
    task.runnable = true
    this.runnableCount++
    this.progress++
  }

  private blockTask(task: Task): void {
    if (!task.runnable) return
    task.runnable = false
    this.progress++
    if (--this.runnableCount === 0) {
      if (this.idleResolve !== null) {
        // The stall check (quiesce) waits on a promise.
        const resolve = this.idleResolve
        this.idleResolve = null
        resolve()
      } else if (this.parked) {
        this.parked = false
        // A flush queued by the loop's own park resumes the loop itself, right after it (see `DispatchPark`).
        if (this.dispatchPark.flushing) this.dispatchPark.resumeDue = true
        // A reaction on a settled promise is queued at once, where a parked await would resume.
        // (Node's queueMicrotask wraps each callback in an async resource: costlier.)
        else SETTLED.then(this.resumePump)
      }
    }
  }

  /**
   * The task made a wait: it stops counting as runnable one microtask later, not now. The code
   * that made the wait may not await it (`void context.sleep(100)` and then `return`): its own
   * next steps — the handler's settlement reaching the runtime, a further wait — are already queued
   * as microtasks, and run before the loop (resumed one microtask after the block) moves time.
   * One flush serves every task that parks in the same turn.
   */
  private parkSoon(task: Task): void {
    this.parking.push(task)
    const park = this.dispatchPark
    if (park.inLoop) {
      // Made while the loop dispatches: the loop's park queues the flush (see `DispatchPark`).
      if (!this.parkingQueued) park.flushAtPark = true
      return
    }
    // Outside the loop, the code that made this wait queues its next steps after it: a flush
    // queued by the loop's park must then resume the loop a microtask later, as any flush does.
    park.resumesLoop = false
    if (this.parkingQueued) return
    this.parkingQueued = true
    SETTLED.then(this.flushParking)
  }

  private readonly flushParking = fieldClosure((): void => {
    this.parkingQueued = false
    const park = this.dispatchPark
    park.flushAtPark = false
    park.flushing = park.resumesLoop
    park.resumesLoop = false
    const tasks = this.parking
    for (let i = 0; i < tasks.length; i++) {
      const task = tasks[i] as Task
      // Still waiting on something the kernel owns (a signal wait may have been settled meanwhile).
      if (task.pendingWaitCount > 0 || task.externals > 0) this.blockTask(task)
    }
    // Emptied by pops, not `length = 0`: truncating an array is a runtime call (≈ 1 % of the
    // reference workload, once per turn), a pop is inline; usually one task parked.
    while (tasks.length > 0) tasks.pop()
    if (!park.flushing) return
    park.flushing = false
    if (!park.resumeDue) return
    park.resumeDue = false
    this.pump()
  })

  /**
   * The task's code started real I/O the simulation cannot see (reported by the handler's world
   * as the resource is created, so the verdict never depends on how fast the I/O is). Its escape
   * is posted now: it runs before anything the task does after the I/O, in whatever order the
   * real world answers. Work handed to `external` is exempt.
   */
  touchedRealWorld(task: Task, what: string): void {
    if (task.ended || task.realWorld !== undefined) return
    task.realWorld = what
    this.post(this.escapeToRealWorldBound, task)
  }

  private readonly escapeToRealWorldBound = fieldClosure((task: Task): void => {
    const what = task.realWorld as string
    // Real work the task handed to `external` is admitted (its I/O started just before the call).
    if (task.externals > 0) {
      task.realWorld = undefined
      return
    }
    const failure = task.hooks.onEscaped === undefined ? this.error('handler-escaped', `${task.hooks.describe()} started real I/O (${what})`) : task.hooks.onEscaped(task, what)
    if (failure !== undefined) throw failure
  })

  /** A kernel-owned wait: resolves when virtual time reaches now + ms. */
  sleep(task: Task, ms: number): Promise<void> {
    const wait = this.addWait(task, this.currentMs + Math.max(0, ms))
    // A shared executor fills in the resolvers: no closure per sleep.
    this.waitBeingMade = wait
    const promise = new Promise<void>(this.takeResolvers)
    this.parkSoon(task)
    return promise
  }

  private waitBeingMade: Wait | null = null
  private readonly takeResolvers = fieldClosure((resolve: () => void, reject: (reason: unknown) => void): void => {
    const wait = this.waitBeingMade as Wait
    this.waitBeingMade = null
    wait.resolve = resolve
    wait.reject = reject
  })

  private addWait(task: Task, atMs: number): Wait {
    // Waits never leave the kernel: pooled.
    const wait = this.pooledEvent(atMs, this.seq++, this.fireWaitBound, null) as Wait
    wait.task = task
    wait.arg = wait
    this.enqueue(wait)
    task.addWait(wait)
    return wait
  }

  /**
   * A kernel-owned timer: `fire` runs (in dispatch) when virtual time reaches now + ms, unless
   * `clearTimer` comes first. Unlike `sleep`, starting one does not park the task: the code that
   * set the timer goes on running, and parks (through the stall check) only if it then waits for
   * nothing but its timers. The handle is never pooled, so clearing it after it fired is harmless.
   */
  startTimer(task: Task, ms: number, fire: (owner: Task) => void): object {
    const wait = newWait(this.currentMs + Math.max(0, ms), this.seq++, this.fireWaitBound, false, task)
    wait.resolve = fire as () => void
    // Marks the wait as a timer: it fires with the task that owns it then (thawed work changes owner).
    wait.reject = TIMER
    this.enqueue(wait)
    task.addWait(wait)
    this.progress++
    return wait
  }

  /** Stops a timer from `startTimer` (no effect once it fired, was frozen or was dropped). */
  clearTimer(handle: object): void {
    const wait = handle as Wait
    if (wait.cancelled) return
    this.cancel(wait)
    wait.task.removeWait(wait)
    this.progress++
  }

  /**
   * A kernel-owned wait with no deadline, settled by simulation code (for example when another
   * invocation completes). The task counts as parked on it, exactly like a sleep.
   */
  waitForSignal<T>(task: Task): { promise: Promise<T>; settle: (ok: boolean, value: unknown) => void } {
    let settle!: (ok: boolean, value: unknown) => void
    const promise = new Promise<T>((resolve, reject) => {
      // Never in the heap: it must not count as scheduled work.
      const wait = newWait(Number.POSITIVE_INFINITY, this.seq++, this.fireWaitBound, true, task)
      wait.resolve = resolve as () => void
      wait.reject = reject
      task.addWait(wait)
      this.parkSoon(task)
      settle = (ok, value) => {
        if (wait.cancelled || !task.removeWait(wait)) return
        this.wake(task)
        if (ok) (resolve as (v: unknown) => void)(value)
        else reject(value)
      }
    })
    return { promise, settle }
  }

  private readonly fireWaitBound = fieldClosure((wait: Wait) => this.fireWait(wait)) as (arg: never) => void

  private fireWait(wait: Wait): void {
    const task = wait.task
    task.removeWait(wait)
    this.wake(task)
    if (wait.reject === TIMER) (wait.resolve as (owner: Task) => void)(task)
    else wait.resolve()
  }

  /**
   * Drops every open wait and external of the task (its runtime was killed: a timeout, a crash).
   * Nothing is rejected: the promises stay pending and nothing here keeps them (or the code
   * awaiting them) alive, so no catch or finally block of the task ever runs — as on Lambda, where
   * the process is gone. Virtual time no longer waits for its externals.
   */
  dropWaits(task: Task): void {
    for (const wait of task.takeWaits()) {
      this.cancel(wait)
      this.forget(wait)
    }
    if (task.externals > 0) this.externalWork.dropFor(task)
  }

  /** A wait leaves the kernel's hands: it keeps no resolver (and so no user code) alive. */
  private forget(wait: Wait): void {
    wait.resolve = noop
    wait.reject = noop
    ;(wait as ScheduledEvent).task = null
  }

  /**
   * Takes the task's open waits off the clock, keeping how long each had left. Signal waits (no
   * deadline: another invocation's result) are dropped: they never settle.
   */
  freezeWaits(task: Task): FrozenWait[] {
    const frozen: FrozenWait[] = []
    for (const wait of task.takeWaits()) {
      this.cancel(wait)
      if (Number.isFinite(wait.atMs)) frozen.push({ remainingMs: wait.atMs - this.currentMs, resolve: wait.resolve, reject: wait.reject })
      this.forget(wait)
    }
    return frozen
  }

  /**
   * A wait made while no task of its environment runs (code left over from an earlier invocation,
   * resumed outside the kernel): it starts frozen, with its whole duration left.
   */
  frozenSleep(ms: number, into: FrozenWait[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      into.push({ remainingMs: Math.max(0, ms), resolve, reject })
    })
  }

  /** Puts frozen waits back on the clock, now owned by `task` (the environment thawed). */
  thawWaits(frozen: readonly FrozenWait[], task: Task): void {
    for (const item of frozen) {
      const wait = this.addWait(task, this.currentMs + item.remainingMs)
      wait.resolve = item.resolve
      wait.reject = item.reject
    }
  }

  /**
   * Admits real asynchronous work. Virtual time stays frozen while it is pending; results are
   * released in the order the `external` calls were made, whatever order they settle in.
   */
  external<T>(task: Task, work: PromiseLike<T>): Promise<T> {
    const released = this.externalWork.admit(task, work)
    this.parkSoon(task)
    return released
  }

  /**
   * Holds virtual time for real work the simulation itself does on the task's behalf (reading a
   * deployment package's modules from disk): the task is parked and time does not move until the
   * returned release is called. Unlike `external` it carries no result, and the release takes
   * effect at once — so the task's own code that runs right after it (a module's top-level code)
   * is judged as usual: real I/O it starts is an escape, not admitted work.
   */
  hold(task: Task): () => void {
    const release = this.externalWork.hold(task)
    this.parkSoon(task)
    return release
  }

  // ---------------------------------------------------------------- the run loop

  /**
   * Dispatches events in `(atMs, seq)` order until the goal is met or nothing is left.
   *
   * The loop (`pump`) is a plain function, not an async one: when a dispatched event leaves tasks
   * runnable it returns, and the task that brings the count to zero queues it again as a microtask
   * (`resumePump`) — the same place in the microtask queue where a parked `await` would have
   * resumed, without a promise, two resolving functions and a suspension per park. The rare waits
   * (a stall the watchdog found, external work) go through `continueAfter`.
   */
  run(goal: RunGoal): Promise<void> {
    return new Promise<void>((resolve, reject) => this.runThen(goal, resolve, reject))
  }

  /**
   * `run`, answered through callbacks instead of a promise: `done` when the goal is met, `failed`
   * with the drive's error. Why: a sequential `await sim.invoke` loop pays for every promise of a
   * drive (and, with the handler world's async hooks on, for their hook calls); its drive needs none.
   */
  runThen(goal: RunGoal, done: () => void, failed: (error: unknown) => void): void {
    if (this.running) return failed(this.error('reentrant-drive', 'the simulation is already being driven; await the previous call first'))
    if (this.interruptFatal && this.interrupt !== null) return failed(this.interrupt)
    this.running = true
    this.sliceStartMs = wallClockMs()
    // The instant bound counts within one drive: separate calls at one instant are separate work.
    this.instantMs = Number.NaN
    this.nextCheckpointStep = this.interrupt !== null ? 0 : this.stepCount + this.yieldCheckInterval()
    this.drive = new DriveGoal(this.stepCount + this.limits.stepCountMax, goal.stop, goal.untilMs ?? Number.POSITIVE_INFINITY, goal.untilIdle === true, goal.untilMs)
    this.driveResolve = done
    this.driveReject = failed
    this.pump()
  }

  /** The drive in progress (its goal, read once: the loop runs per event). */
  private drive = new DriveGoal(0, undefined, 0, false, undefined)
  private driveResolve: () => void = noop
  private driveReject: (reason: unknown) => void = noop
  /** The loop returned with tasks runnable: the task that brings the count to zero resumes it. */
  private parked = false

  /** Runs the loop until it must wait for tasks (returns parked), or the drive ends. */
  private pump(): void {
    const { stepLimit, stop, untilMs, untilIdle } = this.drive
    const park = this.dispatchPark
    park.inLoop = true
    try {
      for (;;) {
        if (this.runnableCount > 0) {
          // The count reaches zero in microtasks (blockTask resumes the loop); the watchdog catches the rest.
          this.armWatchdog()
          this.parked = true
          if (park.flushAtPark) this.queueFlushAtPark(true)
          return
        }
        // Quiescent here (no task runnable): the only place a drive may stop early or yield.
        if (this.stepCount >= this.nextCheckpointStep && this.checkpoint()) return
        if (stop !== undefined && stop()) return this.endDrive(false, undefined)
        if (this.postedHead < this.postedEnd) {
          // Posts are consequences of what just ran: they go before anything else due now.
          if (++this.stepCount > stepLimit) throw this.stepLimitError()
          this.runPosted()
          continue
        }
        const next = this.peekNext()
        if ((next === undefined || next.atMs > this.currentMs) && this.externals.length > 0) return this.continueAfter(this.externalWork.awaitOldest())
        if (next === undefined || next.atMs > untilMs || (untilIdle && this.foregroundCount === 0)) {
          const moveClockTo = this.drive.moveClockTo
          if (moveClockTo !== undefined && moveClockTo > this.currentMs) this.currentMs = moveClockTo
          return this.endDrive(false, undefined)
        }
        this.take(next)
        if (next.atMs < this.currentMs) invariant(false, 'an event never fires before now', { atMs: next.atMs, nowMs: this.currentMs })
        this.currentMs = next.atMs
        if (++this.stepCount > stepLimit) throw this.stepLimitError()
        next.fire(next.arg as never)
        if (next.reusable) this.recycle(next)
      }
    } catch (error) {
      this.endDrive(true, error)
    } finally {
      park.inLoop = false
      // Waits made in a dispatch the loop did not park after (the drive ended or yielded): flushed as usual.
      if (park.flushAtPark) this.queueFlushAtPark(false)
    }
  }

  /**
   * Queues the flush of waits made in the loop's dispatch. When the loop parks (`resumesLoop`), the
   * flush is queued behind all that dispatch queued and resumes the loop itself (see `DispatchPark`).
   */
  private queueFlushAtPark(resumesLoop: boolean): void {
    const park = this.dispatchPark
    park.flushAtPark = false
    if (this.parkingQueued) return
    this.parkingQueued = true
    park.resumesLoop = resumesLoop
    SETTLED.then(this.flushParking)
  }

  private takeInterrupt(): SimulationError {
    const error = this.interrupt as SimulationError
    if (!this.interruptFatal) this.interrupt = null
    return error
  }

  private yieldCheckInterval(): number {
    return this.yieldEverySteps > 0 ? this.yieldEverySteps : YIELD_CHECK_STEPS
  }

  /**
   * Out of the hot loop: a pending interrupt ends the drive (thrown to the loop's catch); once per
   * `YIELD_CHECK_STEPS` steps the real clock is read, and when the slice is used up the drive lets
   * the real event loop turn (a macrotask hop) and goes on — true: the loop returns meanwhile. No
   * task is runnable and nothing of the simulation waits on the real world here, so the virtual
   * results do not depend on where (or whether) a yield happened.
   */
  private checkpoint(): boolean {
    if (this.interrupt !== null) throw this.takeInterrupt()
    if (this.currentMs !== this.instantMs) {
      this.instantMs = this.currentMs
      this.instantFirstStep = this.stepCount
    } else if (this.stepCount - this.instantFirstStep > this.limits.instantStepMax) {
      throw this.error(
        'instant-limit',
        `more than ${this.limits.instantStepMax} events at one virtual instant (limits.instantStepMax); is something looping without letting the clock advance?`,
      )
    }
    this.nextCheckpointStep = this.stepCount + this.yieldCheckInterval()
    if (this.yieldEverySteps === 0 && wallClockMs() - this.sliceStartMs < this.yieldAfterRealMs) return false
    onNextMacrotask(this.resumeAfterYield)
    return true
  }

  /** The instant the last checkpoint of this drive saw, and the step count when the clock first stood there. */
  private instantMs = Number.NaN
  private instantFirstStep = 0

  private readonly resumeAfterYield = fieldClosure((): void => {
    this.sliceStartMs = wallClockMs()
    this.pump()
  })

  /** Queued by the task that brought the runnable count to zero, or called by the watchdog. */
  private readonly resumePump = fieldClosure((): void => {
    // Woken by the watchdog with tasks still runnable: microtasks could not settle them.
    if (this.runnableCount > 0) return this.continueAfter(this.quiesce())
    this.pump()
  })

  /** The loop goes on once `work` is done (or the drive fails with its error). */
  private continueAfter(work: Promise<void>): void {
    work.then(
      () => this.pump(),
      (error: unknown) => this.endDrive(true, error),
    )
  }

  private endDrive(failed: boolean, error: unknown): void {
    this.running = false
    this.parked = false
    // Nothing left for the watchdog to wake (no park, no stall check waiting): off its list. Drives
    // take no event-loop turn each (drive-queue.ts), and a pending watchdog that held its kernel kept
    // the whole simulation alive until the next turn: a property test's loop of fresh simulations
    // had hundreds of dropped ones surviving each minor collection, then promoted (watchdog.ts).
    if (this.idleResolve === null) unwatch(this)
    const resolve = this.driveResolve
    const reject = this.driveReject
    this.driveResolve = noop
    this.driveReject = noop
    if (failed) reject(error)
    else resolve()
  }

  private stepLimitError(): SimulationError {
    const idle = this.drive.untilIdle
      ? ' runUntilIdle ends only when no foreground work is left, and recurring background work that keeps starting more (a schedule whose runs overlap, or keep failing and being retried) never lets it: drive such a simulation with advance(…).'
      : ''
    return this.error('step-limit', `more than ${this.limits.stepCountMax} events in one drive call (limits.stepCountMax); is something scheduling work forever?${idle}`)
  }

  private async quiesce(): Promise<void> {
    let quietHops = 0
    let progressAtHop = -1
    // Entered after the watchdog fired with tasks still counted as runnable.
    for (let first = true; this.runnableCount > 0; first = false) {
      if (!first) {
        this.armWatchdog()
        await new Promise<void>(this.parkUntilIdle)
        this.idleResolve = null
        if (this.runnableCount === 0) continue
      }
      // Microtasks could not settle the count: classify every task still counted as runnable.
      const stalled: Task[] = []
      // In start order, as a diagnosis names the first stalled task.
      for (const task of this.liveTasks.slice().sort((a, b) => a.startOrder - b.startOrder)) {
        if (!task.runnable) continue
        // Parked on waits, on real work it handed over, or already judged for real I/O (its escape is posted).
        if (task.pendingWaitCount > 0 || task.externals > 0 || task.realWorld !== undefined) this.blockTask(task)
        else stalled.push(task)
      }
      if (stalled.length === 0) continue
      if (this.progress !== progressAtHop) {
        progressAtHop = this.progress
        quietHops = 0
        continue
      }
      if (++quietHops < this.limits.hopCountMax) continue
      quietHops = 0
      let failure: SimulationError | undefined
      for (const task of stalled) {
        if (task.ended || !task.runnable) continue
        this.blockTask(task)
        failure ??= task.hooks.onDrained(task)
      }
      if (failure !== undefined) throw failure
    }
  }

  private readonly parkUntilIdle = fieldClosure((resolve: () => void): void => {
    this.idleResolve = resolve
  })

  /**
   * On the next macrotask, wakes the loop if it is still parked: microtasks could not bring the
   * runnable count to zero. One pending macrotask serves every park, of every kernel, until it fires.
   */
  private armWatchdog(): void {
    watch(this)
  }

  /** @internal Called by the watchdog (watchdog.ts) on the macrotask after this kernel listed itself. */
  watchdogFired(): void {
    const resolve = this.idleResolve
    if (resolve !== null) {
      this.idleResolve = null
      resolve()
      return
    }
    if (!this.parked) return
    this.parked = false
    this.resumePump()
  }
}

/**
 * A drive's goal. A class, not an object literal: a pretenured literal site put every drive's goal
 * in the old generation, holding its `stop` closure — and through it a dropped simulation — alive
 * through minor collections (see fresh-array.ts).
 */
class DriveGoal {
  constructor(
    readonly stepLimit: number,
    readonly stop: (() => boolean) | undefined,
    readonly untilMs: number,
    readonly untilIdle: boolean,
    readonly moveClockTo: number | undefined,
  ) {}
}

/** Steps between two looks at the real clock (a look costs ~50 ns; a step ~1 µs). */
const YIELD_CHECK_STEPS = 1024
const SETTLED = Promise.resolve()
/** The `reject` of a timer's wait (it has none): tells `fireWait` to pass the owning task. */
const TIMER = (): void => {}
