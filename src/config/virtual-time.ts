/**
 * The range of the virtual clock. The model counts ages and rates from the Unix epoch (a token
 * bucket last refilled at 0, an event aged from its acceptance), and AWS writes timestamps as ISO
 * 8601 with four-digit years, so the clock a caller drives stays within 1970-01-01 and 9000-01-01:
 * `startTime` and `advance` beyond either end are refused. Every duration is at most
 * `DURATION_MAX_MS` (100 years), so work already scheduled when the clock stops at the end still
 * lands well before year 10,000 (where `Date#toISOString` would throw).
 */
import { SimulationError } from '../kernel/simulation-error.js'

/** 1970-01-01T00:00:00.000Z. */
export const VIRTUAL_TIME_MIN_MS = 0
/** 9000-01-01T00:00:00.000Z: the latest `startTime`, and the furthest `advance` may move the clock. */
export const VIRTUAL_TIME_MAX_MS = Date.UTC(9000, 0, 1)
/** The longest duration anything accepts (100 years of 365.25 days). */
export const DURATION_MAX_MS = 100 * 365.25 * 86_400_000

const iso = (ms: number): string => new Date(ms).toISOString()

/** The instant `ms` if the clock may be there; a `time-range` SimulationError otherwise. */
export function checkVirtualTime(ms: number, what: string, replay: string): number {
  if (Number.isFinite(ms) && ms >= VIRTUAL_TIME_MIN_MS && ms <= VIRTUAL_TIME_MAX_MS) return ms
  const shown = Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? `${iso(ms)} (${ms})` : String(ms)
  throw new SimulationError(
    'time-range',
    `${what}: the virtual clock runs from ${iso(VIRTUAL_TIME_MIN_MS)} to ${iso(VIRTUAL_TIME_MAX_MS)}; got ${shown}`,
    replay,
    { ms, minMs: VIRTUAL_TIME_MIN_MS, maxMs: VIRTUAL_TIME_MAX_MS },
  )
}
