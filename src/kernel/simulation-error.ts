/**
 * `SimulationError`: misuse of the library, a limit reached, or a handler escaping the virtual
 * clock — never something AWS would answer (those are `AwsError`s). It always carries the replay
 * line (`seed=… decisions=…`) so the run can be reproduced.
 */

/** Codes for misuse of the library and for handlers escaping the simulation. */
export type SimulationErrorCode =
  | 'handler-escaped'
  | 'external-wait-exceeded'
  | 'step-limit'
  | 'instant-limit'
  | 'queue-limit'
  | 'hop-limit'
  | 'event-log-limit'
  | 'invalid-argument'
  | 'reentrant-drive'
  | 'time-travel'
  /** A time outside the virtual clock's range (1970-01-01 … 9000-01-01): `startTime`, `advance`. */
  | 'time-range'
  /** A load pattern that would make more arrivals than `generateLoad` allows (refused before any traffic). */
  | 'load-limit'
  | 'invariant'
  /** A `sim.on` listener threw: the event reached the others, the simulation stayed consistent; the drive reports it. */
  | 'listener-threw'

export class SimulationError extends Error {
  override readonly name = 'SimulationError'

  constructor(
    readonly code: SimulationErrorCode,
    detail: string,
    /** `seed=… decisions=…`: paste it into `createSimulation` to reproduce the run. */
    readonly replay: string,
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(`[${code}] ${detail}\n  replay: ${replay}`)
  }
}
