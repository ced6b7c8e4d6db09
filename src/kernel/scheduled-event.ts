/**
 * What the kernel's event heap holds: one entry shape for every event. A wait (`task.ts`) is an
 * entry bound to the task it parks. The kernel (`kernel.ts`) schedules, pools and fires them.
 */
import type { Lane, QueueEntry } from './event-queue.js'

/** The resolver an entry holds when it has none (shared, so clearing one allocates nothing). */
export const noop = (): void => {}

/**
 * One entry of the event heap. Waits are entries too, and every entry has the same fields (a wait's
 * are unused on other events): the heap compares entries a hundred times per invocation, and a
 * comparison that meets one shape is much cheaper than one that meets two.
 */
export class ScheduledEvent implements QueueEntry {
  heapIndex = -1
  lane: Lane<QueueEntry> | null = null
  laneSlot = 0
  cancelled = false
  /** A wait's task (a `Task`: see `Wait`) and resolvers (`null` / no-ops on other events). */
  task: object | null = null
  resolve: () => void = noop
  reject: (reason: unknown) => void = noop
  /** No handle to it escaped the kernel: once fired it goes back to the pool (see `recycle`). */
  reusable = false
  constructor(
    public atMs: number,
    public seq: number,
    public fire: (arg: never) => void,
    public arg: unknown,
    public background: boolean,
  ) {}
}
