/**
 * Durations at the boundary: a number of milliseconds, or a string like `'250ms'`, `'3s'`, `'5m'`,
 * `'2h'`, `'1d'` (decimals allowed: `'1.5s'`). Inside the library every duration is integer-free
 * milliseconds with a `Ms` suffix.
 */
import { SimulationError } from '../kernel/simulation-error.js'

export type DurationInput = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}` | string

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDurationMs(input: DurationInput, what: string, replay: string): number {
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) return input
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(input)
    if (match !== null) return Number(match[1]) * (unitMs[match[2] as string] as number)
  }
  throw new SimulationError(
    'invalid-argument',
    `${what}: expected a non-negative number of milliseconds or a string like '250ms', '3s', '5m', '2h'; got ${JSON.stringify(input)}`,
    replay,
  )
}

/** `'never'` means the event never happens (useful in tests that want environments to live forever). */
export function parseOptionalDurationMs(input: DurationInput | 'never', what: string, replay: string): number {
  return input === 'never' ? Number.POSITIVE_INFINITY : parseDurationMs(input, what, replay)
}
