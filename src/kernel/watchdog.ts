/**
 * The kernels' watchdog: one pending `setImmediate` for every kernel of the process, each kernel
 * listed while it waits for it (parked, or in the stall check) and unlisted when its drive ends.
 *
 * Why shared: since drives start without an event-loop turn (drive-queue.ts), a sequential `await
 * sim.invoke` loop parks once per call, and a watchdog of its own per kernel either stayed pending
 * across drives — holding its kernel, so a dropped simulation, alive until the next turn — or was
 * armed and called off every call (an immediate, its async hooks and a `clearImmediate` per call).
 * The shared one stays pending across drives and holds only the kernels listed now.
 *
 * When it fires the microtask and tick queues have drained, as for an immediate of each kernel's
 * own: microtasks can no longer make progress. It may fire in the check phase it was queued in
 * (when a kernel joins it there, before it runs) instead of the next one; either way only after
 * every queued microtask has run.
 */
import { onNextMacrotask } from './realtime.js'

/** What the watchdog wakes: a kernel. */
export interface Watched {
  /** Its slot in the list while listed, -1 otherwise (kept by this module). */
  watchSlot: number
  /** The watchdog fired while it was listed (it is unlisted first). */
  watchdogFired(): void
}

/** Listed kernels, in the order they asked (as their own immediates would have fired). */
const listed: Watched[] = []
let pending = false

/** Lists `kernel` for the next firing (arming the one immediate if none is pending). */
export function watch(kernel: Watched): void {
  if (kernel.watchSlot >= 0) return
  kernel.watchSlot = listed.length
  listed.push(kernel)
  if (pending) return
  pending = true
  onNextMacrotask(fire)
}

/** Takes `kernel` off the list: the watchdog no longer wakes or holds it. */
export function unwatch(kernel: Watched): void {
  const slot = kernel.watchSlot
  if (slot < 0) return
  kernel.watchSlot = -1
  // Order kept (usually one kernel listed: a pop).
  if (slot === listed.length - 1) listed.pop()
  else {
    listed.splice(slot, 1)
    for (let i = slot; i < listed.length; i++) (listed[i] as Watched).watchSlot = i
  }
}

function fire(): void {
  pending = false
  if (listed.length === 0) return
  const woken = listed.splice(0, listed.length)
  for (const kernel of woken) kernel.watchSlot = -1
  // A kernel may list itself again (the stall check's next hop): that arms a new immediate.
  wakeFrom(woken, 0)
}

/**
 * Wakes `woken[from…]`. A kernel whose wake-up throws (its drive's own callbacks) still lets every
 * kernel after it wake — each was unlisted above, so one left out would stay parked for ever — and
 * its error is rethrown once they have (an uncaught exception, as from an immediate of its own).
 */
function wakeFrom(woken: readonly Watched[], from: number): void {
  let i = from
  try {
    for (; i < woken.length; i++) (woken[i] as Watched).watchdogFired()
  } finally {
    if (i < woken.length) wakeFrom(woken, i + 1)
  }
}
