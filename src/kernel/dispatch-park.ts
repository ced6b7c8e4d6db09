/**
 * Waits made while the loop dispatches (a load arrival's handler calling `context.sleep`): one
 * microtask hop for them instead of two.
 *
 * A task that makes a wait stops counting as runnable one microtask later (`parkSoon`'s flush),
 * and the loop resumes one microtask after that (`resumePump`), so the code that made the wait
 * runs its already queued next steps first. A wait made inside the loop's own dispatch is followed
 * by nothing of that dispatch but microtasks it already queued; if its flush is queued when the
 * loop parks — behind all of them — the flush may resume the loop itself: the loop then runs
 * exactly where the second hop would have run it (before anything those microtasks queue), and one
 * promise reaction (with the handler's world on: its async-hook calls too) is saved per arrival.
 * A wait made outside the loop before that flush runs takes the flush back to the ordinary rule.
 *
 * Only the flags live here; the kernel's `parkSoon`, `flushParking`, `blockTask` and the run loop's
 * park read and set them (`kernel.ts`).
 */
export class DispatchPark {
  /** The loop is running (synchronously: microtasks cannot run meanwhile). */
  inLoop = false
  /** A wait was made in this dispatch with no flush queued: the loop's park queues one. */
  flushAtPark = false
  /** The queued flush was queued by the loop's park, and no wait was made outside the loop since. */
  resumesLoop = false
  /** Such a flush is running: a task it blocks that brings the count to zero resumes the loop through it. */
  flushing = false
  /** The flush brought the runnable count to zero with the loop parked: it resumes the loop. */
  resumeDue = false
}
