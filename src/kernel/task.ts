/**
 * A task: a piece of user code the kernel waits for before it moves time (an invocation, an init
 * phase). It counts as runnable until it parks on a wait or ends (`kernel.ts` keeps the count),
 * and holds its open waits — heap entries bound to it (`Wait`). Whoever owns it answers the
 * kernel's questions about it (`TaskHooks`).
 */
import type { SimulationError } from './simulation-error.js'
import { ScheduledEvent } from './scheduled-event.js'

export interface TaskHooks {
  /** Who this is, for diagnostics: e.g. `function orders, request 1f…`. */
  describe(): string
  /**
   * The task is not settled, has no kernel waits and no external waits, and did not move for
   * `hopCountMax` macrotask turns: its event loop drained. Return `undefined` if the owner handled it
   * (e.g. a callback-style handler completes), or an error to end the drive call with.
   */
  onDrained(task: Task): SimulationError | undefined
  /**
   * The task's code started real I/O (a file, a socket, a real timer) outside `external`: it
   * escaped the simulation. Return an error to end the drive with, or `undefined` if the owner
   * handled it (the invocation fails). Absent: the drive ends with a generic escape error.
   */
  onEscaped?(task: Task, what: string): SimulationError | undefined
}

/**
 * A unit of user code the kernel waits for before moving time. An owner may extend it (an
 * invocation is its own task, one object fewer per invocation) and pass no hooks: it is its own.
 */
export class Task {
  runnable = false
  ended = false
  externals = 0
  /** What real I/O the task's code started, once the handler's world saw it (an escape, decided at once). */
  realWorld: string | undefined = undefined
  /** @internal Slot in the kernel's live tasks (-1 when not live). */
  liveIndex = -1
  /** @internal When it started, among all tasks. */
  startOrder = 0
  /** Open waits: almost always zero or one, so the first has its own slot and no array is made. */
  private firstWait: Wait | null = null
  private moreWaits: Wait[] | null = null

  /** Who to ask about this task: the task itself (a subclass implements `TaskHooks`), unless made with hooks. */
  get hooks(): TaskHooks {
    return this as unknown as TaskHooks
  }

  get pendingWaitCount(): number {
    return this.firstWait === null ? 0 : 1 + (this.moreWaits === null ? 0 : this.moreWaits.length)
  }

  /** @internal */
  addWait(wait: Wait): void {
    if (this.firstWait === null) this.firstWait = wait
    else (this.moreWaits ??= []).push(wait)
  }

  /** @internal Removes the wait; false when it was not open. */
  removeWait(wait: Wait): boolean {
    const more = this.moreWaits
    if (this.firstWait === wait) {
      this.firstWait = more === null || more.length === 0 ? null : (more.pop() as Wait)
      return true
    }
    if (more === null) return false
    const index = more.indexOf(wait)
    if (index < 0) return false
    const last = more.pop() as Wait
    if (index < more.length) more[index] = last
    return true
  }

  /** @internal Every open wait (in the order held: removal moves the newest into the gap); the task is left with none. */
  takeWaits(): Wait[] {
    if (this.firstWait === null) return []
    const all = [this.firstWait]
    if (this.moreWaits !== null) all.push(...this.moreWaits)
    this.firstWait = null
    this.moreWaits = null
    return all
  }
}

/** A task whose hooks are a separate object (an init phase, a test's task). */
export class HookedTask extends Task {
  constructor(private readonly taskHooks: TaskHooks) {
    super()
  }

  override get hooks(): TaskHooks {
    return this.taskHooks
  }
}

/** A kernel-owned wait of a task: resolved when its instant comes (or settled by a signal). */
export interface Wait extends ScheduledEvent {
  task: Task
}

export function newWait(atMs: number, seq: number, fire: (arg: never) => void, background: boolean, task: Task): Wait {
  const wait = new ScheduledEvent(atMs, seq, fire, null, background) as Wait
  wait.task = task
  wait.arg = wait
  return wait
}
