/**
 * Durations at the boundary: a number of milliseconds, or a string like `'250ms'`, `'3s'`, `'5m'`,
 * `'2h'`, `'1d'` (decimals allowed: `'1.5s'`). Inside the library every duration is integer-free
 * milliseconds with a `Ms` suffix.
 */
import { SimulationError } from '../kernel/simulation-error.js'
import { DURATION_MAX_MS } from './virtual-time.js'

export type DurationInput = number | `${number}${'ms' | 's' | 'm' | 'h' | 'd'}` | string

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseDurationMs(input: DurationInput, what: string, replay: string): number {
  let ms = Number.NaN
  if (typeof input === 'number') {
    if (Number.isFinite(input) && input >= 0) ms = input
  } else if (typeof input === 'string') {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(input)
    if (match !== null) ms = Number(match[1]) * (unitMs[match[2] as string] as number)
  }
  // At most 100 years: the virtual clock's range stays representable (config/virtual-time.ts).
  if (ms <= DURATION_MAX_MS) return ms
  throw new SimulationError(
    'invalid-argument',
    `${what}: expected a number of milliseconds from 0 to ${DURATION_MAX_MS} (100 years) or a string like '250ms', '3s', '5m', '2h'; got ${describe(input)}`,
    replay,
  )
}

/** The bad value as the error shows it (`JSON.stringify` cannot show a function, a symbol or a bigint). */
function describe(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input)
  if (typeof input === 'number') return String(input)
  return `a ${input === null ? 'null' : typeof input}`
}

/** `'never'` means the event never happens (useful in tests that want environments to live forever). */
export function parseOptionalDurationMs(input: DurationInput | 'never', what: string, replay: string): number {
  return input === 'never' ? Number.POSITIVE_INFINITY : parseDurationMs(input, what, replay)
}
