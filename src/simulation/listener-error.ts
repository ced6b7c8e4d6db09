/**
 * A `sim.on` listener threw. The bus caught it (the invocation that emitted the event completed as
 * it would have, its environment and concurrency released); the drive in progress — or the next
 * one, when the event came from outside a drive — rejects with this error, and the simulation stays
 * usable.
 */
import type { Kernel } from '../kernel/kernel.js'
import type { SimulationError } from '../kernel/simulation-error.js'
import type { SimEvent } from '../observability/events.js'

/** What the listener threw, as text (reading it may throw too). */
function describe(thrown: unknown): string {
  try {
    if (thrown instanceof Error) return `${thrown.name}: ${thrown.message}`
    return String(thrown)
  } catch {
    return 'a value that cannot be read'
  }
}

export function listenerThrewError(kernel: Kernel, thrown: unknown, event: SimEvent): SimulationError {
  return kernel.error(
    'listener-threw',
    `a listener of "${event.type}" threw (${describe(thrown)}). The event reached the other listeners and the simulation stayed consistent ` +
      '(the invocation completed with its own outcome); this drive stops here. Fix: catch errors inside listeners passed to sim.on.',
    { eventType: event.type, atMs: event.atMs, listenerError: thrown },
  )
}
