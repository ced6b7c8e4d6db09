/**
 * The kernel's limits: how much work one drive, one virtual instant or the event queue may hold
 * before the simulation stops with a `SimulationError` rather than running away. Their own file
 * because the timeline (the queue limit), external work (the real-time bound) and the run loop
 * each read some of them, and none of those may import the kernel.
 */

export interface KernelLimits {
  /** Events one drive call may dispatch. */
  readonly stepCountMax: number
  /**
   * Events one virtual instant may take (checked every few thousand steps): work that never lets
   * the clock advance — an asynchronous fan-out without sleeps, say — ends with `'instant-limit'`
   * in seconds, long before `stepCountMax`.
   */
  readonly instantStepMax: number
  /** Consecutive macrotask hops without progress before a stall is declared. */
  readonly hopCountMax: number
  /** Scheduled events at once. */
  readonly queueMax: number
  /** Real milliseconds virtual time may stay frozen waiting on `external` promises. */
  readonly externalWaitMsMax: number
}

export const defaultKernelLimits: KernelLimits = {
  stepCountMax: 50_000_000,
  instantStepMax: 2_000_000,
  hopCountMax: 1,
  queueMax: 10_000_000,
  externalWaitMsMax: 30_000,
}
